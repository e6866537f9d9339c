"""`parley load` as a user meets it without a server: bad arguments exit 2 with one clear line
naming the flag; a server that cannot be reached makes every call fail (exit 1), and the report
still says why. Runtime: about 3 s."""
import json
import os
import subprocess

import pytest

from conftest import free_tcp_port, parley_binary


def run(args, token="load-test-token-123456", cwd=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    if token:
        env["PARLEY_ADMIN_TOKEN"] = token
    return subprocess.run([str(parley_binary()), "load", *args], capture_output=True, text=True, timeout=60, env=env, cwd=cwd)


@pytest.mark.parametrize("args,token,flag", [
    (["--callers", "0"], "t", "--callers"),
    (["--callers", "many"], "t", "--callers"),
    (["--loss", "120"], "t", "--loss"),
    (["--loss", "lots"], "t", "--loss"),
    (["--barge-in", "1.5"], "t", "--barge-in"),
    (["--burst", "0.2"], "t", "--burst"),
    (["--server", "ftp://example"], "t", "--server"),
    (["--answers", "/nonexistent/folder"], "t", "--answers"),
    (["--no-such-flag"], "t", "--no-such-flag"),
    ([], None, "--admin-token"),
])
def test_bad_arguments_exit_2(tmp_path, args, token, flag):
    result = run([*args, "--output", str(tmp_path)], token=token)
    assert result.returncode == 2, result
    assert flag in result.stderr, result.stderr
    assert "Fatal error" not in result.stderr and "Stack" not in result.stderr
    assert not (tmp_path / "parley-load-report.json").exists(), "nothing runs on bad arguments"


def test_unreachable_server_fails_every_call(tmp_path):
    port = free_tcp_port()  # nothing listens there
    result = run(["--server", f"http://127.0.0.1:{port}", "--callers", "2", "--output", str(tmp_path)])
    assert result.returncode == 1, result
    assert "0/2 callers finished" in result.stdout, result.stdout
    report = json.loads((tmp_path / "parley-load-report.json").read_text())
    assert report["summary"]["callsFailed"] == 2 and report["exitStatus"] == 1
    assert all(f"127.0.0.1:{port}" in c["error"] for c in report["calls"]), report["calls"]
    assert (tmp_path / "parley-load-report.html").read_text().startswith("<!DOCTYPE html>")
