"""Helpers for the end-to-end interview tests (`test_full_interview.py`): an aiortc candidate that
joins a `parley serve` interview over the signalling WebSocket of PROTOCOL.md, speaks PCM the test
queues (eSpeak NG answers) at real-time pace, measures the interviewer audio it receives and records
every signalling message with its arrival time; a restartable `parley serve` on a fixed data
directory; the local Whisper service; and small text metrics (WER, content-word recall)."""
import asyncio
import fractions
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import wave
from dataclasses import dataclass, field
from pathlib import Path

import aioice.ice
import numpy as np
import websockets
from aiortc import MediaStreamTrack, RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from av import AudioFrame

from conftest import REPO, ParleyProcess, free_tcp_port, parley_binary

# Tests may only send to loopback: make aiortc gather a 127.0.0.1 host candidate instead of the
# machine's interface addresses (aioice skips loopback by default).
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"] if use_ipv4 else []

SAMPLE_RATE = 48000
FRAME = 960  # 20 ms
WHISPER_SERVICE = REPO / "Services" / "whisper" / "server.py"


# MARK: - Processes

class RestartableParley(ParleyProcess):
    """`parley serve` (interview mode) on a data directory that survives restarts and SIGKILL:
    `restart()` starts a new process on the same directory, admin token and HTTP port; the log
    keeps growing across runs (each run is headed by a marker line)."""

    def __init__(self, *extra_args: str, env: dict | None = None):
        self.extra_args = extra_args
        self.extra_env = dict(env or {})
        self.http_port = free_tcp_port()
        self.admin_token = "admin-" + os.urandom(12).hex()
        self.data_dir = tempfile.mkdtemp(prefix="parley-interview-")
        self.base_url = f"http://127.0.0.1:{self.http_port}"
        self.log_path = Path(self.data_dir) / "server.log"
        self.runs = 0
        self._start()

    def _start(self):
        self.runs += 1
        args = [str(parley_binary()), "serve", "--host", "127.0.0.1", "--http-port", str(self.http_port),
                "--media-port", "0", "--data-dir", self.data_dir, *self.extra_args]
        env = dict(os.environ, PARLEY_ADMIN_TOKEN=self.admin_token, PARLEY_LOG_LEVEL="debug", **self.extra_env)
        self.log = open(self.log_path, "ab")
        self.log.write(f"\n===== parley run {self.runs}: {' '.join(args)}\n".encode())
        self.log.flush()
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.wait_until_healthy()

    def restart(self):
        """Stops the running process (if any) gracefully, then starts a new one on the same data."""
        if self.process.poll() is None:
            self.stop()
        else:
            self.log.close()
        self._start()

    def shutdown(self):
        """Stops the process if it still runs (else just closes the log): for fixture teardown."""
        if self.process.poll() is None:
            self.stop()
        elif not self.log.closed:
            self.log.close()

    def kill9(self):
        """SIGKILL: no shutdown code runs."""
        self.process.kill()
        self.process.wait(timeout=10)
        self.log.close()

    def get(self, path: str, token=None):
        """(status, decoded JSON or text) without raising on HTTP errors."""
        request = urllib.request.Request(self.base_url + path, method="GET")
        request.add_header("Authorization", f"Bearer {token or self.admin_token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            body = error.read()
            status = error.code
        try:
            return status, json.loads(body) if body else None
        except ValueError:
            return status, body.decode(errors="replace")

    def create(self, **body):
        return self.request("POST", "/v1/interviews", body)


class WhisperService:
    """`Services/whisper/server.py` (Whisper tiny.en) on a free loopback port."""

    def __init__(self):
        self.port = free_tcp_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(tempfile.mkdtemp(prefix="whisper-interop-")) / "whisper.log"
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [sys.executable, str(WHISPER_SERVICE), "--host", "127.0.0.1", "--port", str(self.port), "--quiet"],
            stdout=self.log, stderr=subprocess.STDOUT, env=dict(os.environ, HF_HUB_OFFLINE="1"))
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"whisper service exited early:\n{self.log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("whisper service did not answer /healthz within 120 s")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


# MARK: - Speech

def espeak_pcm(text: str, speed: int = 160, gain: float = 1.0) -> np.ndarray:
    """eSpeak NG speech of `text` as 48 kHz mono Int16 (resampled by sox)."""
    if not shutil.which("espeak-ng"):
        raise RuntimeError("espeak-ng is required")
    with tempfile.TemporaryDirectory() as tmp:
        raw, resampled = Path(tmp) / "raw.wav", Path(tmp) / "48k.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(speed), "-w", str(raw), text], check=True)
        if shutil.which("sox"):
            subprocess.run(["sox", str(raw), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(resampled)], check=True)
            pcm, rate = read_wav(resampled)
        else:
            pcm, rate = read_wav(raw)
            pcm = resample_linear(pcm, rate, SAMPLE_RATE)
    pcm = pcm.astype(np.float64) * gain
    return np.clip(pcm, -32768, 32767).astype(np.int16)


def read_wav(path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2, "16-bit WAV expected"
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        if w.getnchannels() > 1:
            data = data.reshape(-1, w.getnchannels())[:, 0]
        return data.copy(), w.getframerate()


def resample_linear(pcm: np.ndarray, rate: int, target: int) -> np.ndarray:
    n = int(round(len(pcm) * target / rate))
    return np.interp(np.arange(n) * rate / target, np.arange(len(pcm)), pcm.astype(np.float64)).astype(np.int16)


def rms(samples) -> float:
    x = np.asarray(samples, dtype=np.float64)
    return float(np.sqrt(np.mean(x * x))) if len(x) else 0.0


# MARK: - Text metrics

NUMBERS = {"0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
           "8": "eight", "9": "nine", "10": "ten"}
STOPWORDS = set("""a an the and or but so of to in on at for with by from as is are was were be been being i i've i'm me my
we our you your it its this that these those there here have has had do did does not no yes very also about into than then
just over out up which who what when where how all any some most more many each such can could would should will""".split())


def words(text: str) -> list[str]:
    return [NUMBERS.get(w, w) for w in re.sub(r"[^a-z0-9' ]", " ", text.lower().replace("-", " ")).split()]


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Levenshtein distance over normalised words / reference length."""
    ref, hyp = words(reference), words(hypothesis)
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i]
        for j, h in enumerate(hyp, 1):
            cur.append(min(prev[j - 1] + (r != h), prev[j] + 1, cur[j - 1] + 1))
        prev = cur
    return prev[-1] / max(1, len(ref))


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOPWORDS and len(w) > 1]


def content_recall(reference: str, hypothesis: str) -> float:
    """Share of the reference's content words that occur in the hypothesis."""
    wanted = content_words(reference)
    got = set(words(hypothesis))
    return sum(w in got for w in wanted) / max(1, len(wanted))


def is_word_prefix(prefix: str, text: str) -> bool:
    """Whether `prefix`'s normalised words are the first words of `text`."""
    p, t = words(prefix), words(text)
    return len(p) <= len(t) and t[:len(p)] == p


# MARK: - The candidate's microphone

@dataclass
class Clip:
    label: str
    pcm: np.ndarray
    queued_at: float
    started_at: float | None = None
    ended_at: float | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def duration(self) -> float:
        return len(self.pcm) / SAMPLE_RATE


class QueuedPcmTrack(MediaStreamTrack):
    """48 kHz mono audio at real-time pace (20 ms frames): queued clips one after another, digital
    silence otherwise. Each clip records (loop time) when its first and last frames left."""

    kind = "audio"

    def __init__(self):
        super().__init__()
        self.clips: list[Clip] = []
        self._pending: list[Clip] = []
        self._current: Clip | None = None
        self._offset = 0
        self.sent = 0
        self.start = None

    def play(self, pcm: np.ndarray, label: str = "") -> Clip:
        clip = Clip(label=label, pcm=np.asarray(pcm, dtype=np.int16), queued_at=asyncio.get_event_loop().time())
        self.clips.append(clip)
        self._pending.append(clip)
        return clip

    def _next_samples(self, now: float) -> np.ndarray:
        out = np.zeros(FRAME, dtype=np.int16)
        filled = 0
        while filled < FRAME:
            if self._current is None:
                if not self._pending:
                    break
                self._current = self._pending.pop(0)
                self._current.started_at = now
                self._offset = 0
            chunk = self._current.pcm[self._offset:self._offset + FRAME - filled]
            out[filled:filled + len(chunk)] = chunk
            filled += len(chunk)
            self._offset += len(chunk)
            if self._offset >= len(self._current.pcm):
                self._current.ended_at = now + filled / SAMPLE_RATE
                self._current.done.set()
                self._current = None
        return out

    async def recv(self):
        loop = asyncio.get_event_loop()
        if self.start is None:
            self.start = loop.time()
        due = self.start + self.sent / SAMPLE_RATE
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        pcm = self._next_samples(loop.time())
        frame = AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = self.sent
        frame.time_base = fractions.Fraction(1, SAMPLE_RATE)
        self.sent += FRAME
        return frame


# MARK: - The candidate

@dataclass
class Received:
    at: float
    rms: float
    samples: int


class CandidatePeer:
    """One candidate: WebSocket + aiortc peer connection. All times are `loop.time()` seconds."""

    def __init__(self, signal_url: str):
        self.signal_url = signal_url
        self.mic = QueuedPcmTrack()
        self.messages: list[tuple[float, dict]] = []
        self.frames: list[Received] = []
        self.connection_states: list[str] = []
        self.closed_at: float | None = None
        self.close_code = None
        self.pc: RTCPeerConnection | None = None
        self.ws = None
        self._reader = None
        self._consumer = None
        self._arrived = asyncio.Event()
        self._got_track = asyncio.Event()

    @property
    def loop_time(self) -> float:
        return asyncio.get_event_loop().time()

    async def connect(self, timeout: float = 15.0):
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))

        @self.pc.on("connectionstatechange")
        def on_state():
            self.connection_states.append(self.pc.connectionState)

        @self.pc.on("track")
        def on_track(track):
            self._got_track.set()
            self._consumer = asyncio.ensure_future(self._consume(track))

        self.pc.addTrack(self.mic)
        self.ws = await websockets.connect(self.signal_url, max_size=2 ** 22)
        self._reader = asyncio.ensure_future(self._read())
        await self.pc.setLocalDescription(await self.pc.createOffer())
        await self.ws.send(json.dumps({"type": "offer", "sdp": self.pc.localDescription.sdp}))
        answer = await self.wait_for(lambda m: m["type"] in ("answer", "error"), timeout=timeout)
        assert answer["type"] == "answer", f"no SDP answer: {answer}"
        await self.pc.setRemoteDescription(RTCSessionDescription(sdp=answer["sdp"], type="answer"))
        await asyncio.wait_for(self._got_track.wait(), timeout=timeout)

    async def _read(self):
        try:
            async for raw in self.ws:
                self.messages.append((self.loop_time, json.loads(raw)))
                self._arrived.set()
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed_at = self.loop_time
            self.close_code = getattr(self.ws, "close_code", None)
            self._arrived.set()

    async def _consume(self, track):
        while True:
            try:
                frame = await track.recv()
            except Exception:
                return
            pcm = frame.to_ndarray().reshape(-1)
            channels = len(frame.layout.channels)
            mono = pcm.reshape(-1, channels)[:, 0] if channels > 1 else pcm
            self.frames.append(Received(self.loop_time, rms(mono), len(mono)))

    async def send(self, message: dict):
        await self.ws.send(json.dumps(message))

    def play(self, pcm, label=""):
        return self.mic.play(pcm, label)

    async def wait_for(self, predicate, timeout: float, start: int = 0):
        """The first message at index ≥ `start` matching `predicate`; raises TimeoutError."""
        deadline = self.loop_time + timeout
        index = start
        while True:
            while index < len(self.messages):
                message = self.messages[index][1]
                index += 1
                if predicate(message):
                    return message
            if self.closed_at is not None and index >= len(self.messages):
                raise ConnectionError(f"signalling closed (code {self.close_code}) while waiting")
            remaining = deadline - self.loop_time
            if remaining <= 0:
                raise TimeoutError("timed out waiting for a signalling message")
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout=min(remaining, 0.5))
            except asyncio.TimeoutError:
                pass

    async def wait_closed(self, timeout: float):
        deadline = self.loop_time + timeout
        while self.closed_at is None and self.loop_time < deadline:
            await asyncio.sleep(0.05)
        return self.closed_at is not None

    def index_of(self, message: dict) -> int:
        return next(i for i, (_, m) in enumerate(self.messages) if m is message)

    def time_of(self, message: dict) -> float:
        return next(t for t, m in self.messages if m is message)

    def of_type(self, kind: str) -> list[dict]:
        return [m for _, m in self.messages if m["type"] == kind]

    def audio_rms(self, start: float | None = None, end: float | None = None) -> float:
        """RMS over every received frame arriving in [start, end) (weighted by samples)."""
        picked = [f for f in self.frames if (start is None or f.at >= start) and (end is None or f.at < end)]
        total = sum(f.samples for f in picked)
        return float(np.sqrt(sum(f.rms ** 2 * f.samples for f in picked) / total)) if total else 0.0

    def timeline(self, t0: float) -> str:
        """Messages (no SDP, no stats) relative to `t0`, for failure output."""
        lines = []
        for t, m in self.messages:
            if m["type"] in ("answer", "mediaStats"):
                continue
            lines.append(f"{t - t0:8.3f}s {json.dumps(m)[:300]}")
        return "\n".join(lines)

    async def close(self):
        if self.ws is not None:
            try:
                await self.ws.close()
            except Exception:
                pass
        if self.pc is not None:
            await self.pc.close()
        for task in (self._reader, self._consumer):
            if task is not None:
                task.cancel()
