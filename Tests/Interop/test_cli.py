"""The `parley` command as a user meets it: bad configuration gets one line naming the setting and
exit status 2, never a stack trace; a good one serves /healthz and Prometheus /metrics."""
import os
import socket
import subprocess
import tempfile
import urllib.request

import pytest

from conftest import ParleyProcess, parley_binary


def run(args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(env_extra or {})
    return subprocess.run([str(parley_binary()), *args], capture_output=True, text=True, timeout=30, env=env)


@pytest.mark.parametrize("args,env,setting", [
    (["serve", "--http-port", "99999"], {}, "--http-port"),
    (["serve", "--media-port", "70000"], {}, "--media-port"),
    (["serve", "--host", "nowhere"], {}, "--host"),
    (["serve"], {"PARLEY_PUBLIC_IP": "banana"}, "PARLEY_PUBLIC_IP"),
    (["serve"], {"PARLEY_ECHO": "perhaps"}, "PARLEY_ECHO"),
    (["serve"], {"PARLEY_ADMIN_TOKEN": "short"}, "PARLEY_ADMIN_TOKEN"),
    (["serve", "--data-dir", "/proc/parley-cannot-be-here"], {}, "--data-dir"),
    (["serve", "--config", "/nonexistent/parley.json"], {}, "--config"),
    (["serve", "--no-such-flag", "1"], {}, "--no-such-flag"),
    (["serve", "--live-captions", "perhaps"], {}, "--live-captions"),
    (["serve", "--vad-speech-threshold", "0.4", "--vad-continue-threshold", "0.6"], {}, "vadContinueThreshold"),
])
def test_bad_configuration_is_one_clear_line(args, env, setting):
    result = run(args, env)
    assert result.returncode == 2, result
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("parley: invalid configuration: ") and setting in lines[0], lines[0]
    assert "Fatal error" not in result.stderr and "Stack" not in result.stderr


def test_port_in_use_is_reported_before_starting():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(["serve", "--host", "127.0.0.1", "--http-port", str(port), "--media-port", "0",
                      "--data-dir", tempfile.mkdtemp()])
    assert result.returncode == 2
    assert "--http-port" in result.stderr and "in use" in result.stderr, result.stderr


def test_serves_health_and_prometheus_metrics():
    server = ParleyProcess()
    try:
        with urllib.request.urlopen(server.base_url + "/healthz", timeout=5) as response:
            assert response.status == 200 and b'"ok"' in response.read()
        with urllib.request.urlopen(server.base_url + "/metrics", timeout=5) as response:
            text = response.read().decode()
        assert "# TYPE parley_active_calls gauge" in text, text[:2000]
        assert "parley_media_datagrams_received_total" in text
        assert server.create_interview()["status"] == "scheduled"
    finally:
        server.stop()


def test_version():
    result = run(["version"])
    assert result.returncode == 0 and result.stdout.startswith("parley ")
