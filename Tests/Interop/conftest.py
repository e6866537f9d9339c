"""Fixtures for interop tests: a real `parley serve` process on loopback, and REST helpers."""
import contextlib
import ctypes
import json
import os
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "Tests" / "artifacts"
CLONE_NEWNET = 0x40000000


def free_tcp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parley_binary() -> Path:
    for flavour in ("debug", "release"):
        candidate = REPO / ".build" / flavour / "parley"
        if candidate.exists():
            return candidate
    raise RuntimeError("build parley first (swift build --product parley)")


class ParleyProcess:
    """A `parley serve` child process with its own data directory and ports."""

    def __init__(self, *extra_args: str):
        self.http_port = free_tcp_port()
        self.admin_token = secrets.token_urlsafe(24)
        self.data_dir = tempfile.mkdtemp(prefix="parley-interop-")
        self.base_url = f"http://127.0.0.1:{self.http_port}"
        self.log_path = Path(self.data_dir) / "server.log"
        args = [str(parley_binary()), "serve", "--host", "127.0.0.1", "--http-port", str(self.http_port),
                "--media-port", "0", "--data-dir", self.data_dir, *extra_args]
        env = dict(os.environ, PARLEY_ADMIN_TOKEN=self.admin_token, PARLEY_LOG_LEVEL="debug")
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.wait_until_healthy()

    def wait_until_healthy(self, seconds: float = 30):
        """Returns once /healthz answers 200; raises (with the log's tail) if the process exits first
        or `seconds` pass."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"parley exited early:\n{self.server_log()[-4000:]}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"parley did not answer /healthz within {seconds:g} s\n{self.server_log()[-4000:]}")

    def request(self, method: str, path: str, body=None, token=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {token or self.admin_token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def create_interview(self, role="Backend engineer"):
        return self.request("POST", "/v1/interviews", {"role": role, "techstack": ["Swift"], "questionCount": 2})

    def signal_url(self, interview) -> str:
        return f"ws://127.0.0.1:{self.http_port}/v1/interviews/{interview['id']}/signal?token={interview['joinToken']}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()

    def server_log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextlib.contextmanager
def loopback_only_network():
    """Moves the calling thread into a new network namespace with only `lo` (up); restores it after."""
    libc = ctypes.CDLL(None, use_errno=True)
    original = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        if libc.unshare(CLONE_NEWNET) != 0:
            pytest.skip(f"cannot create a network namespace (unshare: {os.strerror(ctypes.get_errno())}); "
                        "interop tests need CAP_SYS_ADMIN to keep WebRTC peers on loopback")
        try:
            subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
            interfaces = [name for _, name in socket.if_nameindex()]
            assert interfaces == ["lo"], f"namespace should only have lo, has {interfaces}"
            yield
        finally:
            if libc.setns(original, CLONE_NEWNET) != 0:
                raise OSError(ctypes.get_errno(), "setns back to the original network namespace failed")
    finally:
        os.close(original)


@pytest.fixture(scope="module")
def whisper():
    """One loopback-only namespace and one local Whisper service per test module (the model loads
    once); the module's tests run their servers and peers inside that namespace."""
    from interview_peer import WhisperService  # imports conftest itself: imported when first used

    with loopback_only_network():
        service = WhisperService()
        try:
            yield service
        finally:
            service.stop()


@pytest.fixture
def echo_server():
    """`parley serve --echo` in a network namespace of its own whose only interface is `lo`: tests
    may only send to loopback, and WebRTC peers otherwise gather (and answer) the machine's other
    addresses. The test's thread stays in that namespace until the fixture ends, so peers it starts
    (aiortc in-process, chromedriver/Chromium as children) share it."""
    with loopback_only_network():
        server = ParleyProcess("--echo")
        try:
            yield server
        finally:
            server.stop()


def dominant_frequency(samples, sample_rate: int, low=100.0, high=2000.0) -> float:
    """The strongest frequency of `samples` between `low` and `high` Hz (Hann window, zero-padded FFT)."""
    import numpy as np

    x = np.asarray(samples, dtype=np.float64)
    x = x - x.mean()
    window = np.hanning(len(x))
    n = 1 << (len(x) * 4 - 1).bit_length()
    spectrum = np.abs(np.fft.rfft(x * window, n))
    freqs = np.fft.rfftfreq(n, 1.0 / sample_rate)
    band = (freqs >= low) & (freqs <= high)
    return float(freqs[band][np.argmax(spectrum[band])])
