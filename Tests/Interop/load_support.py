"""Helpers for the `parley load` tests (test_load.py, test_client_role_interview.py): a module's
namespace with the local Whisper service and a restartable `parley serve` on it, and running
`parley load` against that server."""
import json
import os
import subprocess
import time
from pathlib import Path

from conftest import parley_binary
from interview_peer import RestartableParley

REPORT_JSON = "parley-load-report.json"
REPORT_HTML = "parley-load-report.html"


def start_parley(whisper) -> RestartableParley:
    """`parley serve` (interview mode, rule-based interviewer, eSpeak NG voice) transcribing with Whisper."""
    return RestartableParley("--stt-url", whisper.url)


def load_command(server, *args: str) -> list[str]:
    return [str(parley_binary()), "load", "--server", server.base_url, *args]


def load_env(server) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env["PARLEY_ADMIN_TOKEN"] = server.admin_token
    return env


def run_load(server, output: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Runs `parley load` to the end; returns the finished process (stdout/stderr captured)."""
    return subprocess.run(load_command(server, "--output", str(output), *args), capture_output=True, text=True,
                          timeout=timeout, env=load_env(server))


def read_report(output: Path) -> dict:
    return json.loads((output / REPORT_JSON).read_text())


def describe(result: subprocess.CompletedProcess, server=None) -> str:
    text = f"\nexit {result.returncode}\n--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
    if server is not None:
        text += f"\n--- server log ---\n{server.server_log()[-4000:]}"
    return text


def metric(server, name: str) -> float | None:
    """A Prometheus gauge or counter of `parley serve` (first sample), or None."""
    status, body = server.get("/metrics")
    if status != 200 or not isinstance(body, str):
        return None
    for line in body.splitlines():
        if line.startswith(name) and not line.startswith("#"):
            rest = line[len(name):]
            if rest[:1] in (" ", "{"):
                try:
                    return float(line.rsplit(" ", 1)[1])
                except ValueError:
                    return None
    return None


def wait_until(predicate, timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value


def udp_sockets() -> set[tuple[str, int]]:
    """(inode, local port) of every UDP socket in this thread's network namespace."""
    sockets = set()
    for table in ("/proc/thread-self/net/udp", "/proc/thread-self/net/udp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9:
                sockets.add((fields[9], int(fields[1].rsplit(":", 1)[1], 16)))
    return sockets


def process_udp_inodes(pid: int) -> set[str]:
    """Socket inodes held by process `pid` (from its file descriptors)."""
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        for fd in fd_dir.iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        pass
    return inodes
