"""Incremental transcription sessions: Parley appends the candidate's PCM while they speak, a background
worker re-decodes the growing utterance, and the final request is cheap because the work is mostly done.

Protocol (all bodies raw little-endian PCM16, 16 kHz, mono):
  POST   /v1/parley/stream/{id}          append audio; creates the session; returns the current partial
  POST   /v1/parley/stream/{id}/final    (optional last audio) -> final transcript; closes the session
  DELETE /v1/parley/stream/{id}          drop the session

How the final gets fast (measured in Benchmarks/stt/README.md):
  * the worker decodes the uncommitted window whenever >= `step` s of new audio arrived, and also as soon
    as the candidate pauses (`pause` s of low energy after speech) — i.e. during Parley's endpointing
    hang-over, before Parley has decided the turn is over;
  * at the final, if everything appended after the last decode is silence, that hypothesis *is* the
    final transcript (no decode at all); otherwise the window is decoded once more, ahead of any
    background work (finals are `urgent`);
  * long answers are cut at pauses after `commit_after` s: the part before the pause is decoded once,
    committed and used as the prompt for the rest, so a decode never covers more than ~`max_window` s.
Partial hypotheses also carry `stable_text`: the committed text plus the words on which the last two
partials agree (LocalAgreement-2), which is safe to show or act on early.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from engine import SAMPLE_RATE, SHORT_MAX_SECONDS, WhisperEngine

FRAME = 320  # 20 ms at 16 kHz
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


class StreamError(Exception):
    def __init__(self, status: int, message: str, kind: str = "invalid_request_error"):
        super().__init__(message)
        self.status, self.message, self.kind = status, message, kind


def _norm(word: str) -> str:
    return re.sub(r"[^\w']", "", word.lower())


@dataclass
class StreamSession:
    id: str
    language: str | None
    prompt: str | None
    audio: np.ndarray = field(default_factory=lambda: np.zeros(16_000 * 8, dtype=np.float32))
    total: int = 0                # samples appended
    leftover: bytes = b""         # odd trailing byte of the last append
    frames: list = field(default_factory=list)  # RMS of each complete 20 ms frame
    peak: float = 0.0
    offset: int = 0               # start (samples) of the uncommitted window
    committed: list = field(default_factory=list)
    hyp_text: str = ""
    hyp_words: list = field(default_factory=list)
    hyp_offset: int = -1          # window start the hypothesis was decoded from
    hyp_upto: int = 0             # absolute end (samples) the hypothesis covers
    stable_text: str = ""
    partial_decodes: int = 0
    decoding: bool = False
    closing: bool = False
    last_activity: float = field(default_factory=time.monotonic)
    cond: threading.Condition = field(default_factory=threading.Condition)

    # -- audio ----------------------------------------------------------------------------------
    def append(self, data: bytes) -> None:
        data = self.leftover + data
        usable = len(data) - len(data) % 2
        self.leftover = data[usable:]
        samples = np.frombuffer(data[:usable], dtype="<i2").astype(np.float32) / 32768.0
        needed = self.total + len(samples)
        if needed > len(self.audio):
            grown = np.zeros(max(needed, 2 * len(self.audio)), dtype=np.float32)
            grown[: self.total] = self.audio[: self.total]
            self.audio = grown
        self.audio[self.total:needed] = samples
        first_new_frame = len(self.frames)
        self.total = needed
        complete = self.total // FRAME
        if complete > first_new_frame:
            block = self.audio[first_new_frame * FRAME: complete * FRAME].reshape(-1, FRAME)
            rms = np.sqrt(np.mean(block * block, axis=1))
            self.frames.extend(rms.tolist())
            self.peak = max(self.peak, float(rms.max()))
        self.last_activity = time.monotonic()

    def threshold(self, relative: float) -> float:
        return max(1e-3, relative * self.peak)

    def speech_between(self, start: int, end: int, relative: float) -> bool:
        a, b = start // FRAME, (end + FRAME - 1) // FRAME
        seg = self.frames[a:b]
        return bool(seg) and max(seg) >= self.threshold(relative)

    def trailing_silence(self, relative: float) -> float:
        """Seconds of low-energy frames at the end of the audio."""
        th = self.threshold(relative)
        n = 0
        for value in reversed(self.frames):
            if value >= th:
                break
            n += 1
        return n * FRAME / SAMPLE_RATE

    def pause_cut(self, earliest: int, latest: int, min_pause: float, relative: float) -> int | None:
        """Middle of the latest run of >= min_pause s silent frames fully inside [earliest, latest]."""
        th = self.threshold(relative)
        need = int(min_pause * SAMPLE_RATE / FRAME)
        a, b = earliest // FRAME, min(len(self.frames), latest // FRAME)
        run_end = None
        for i in range(b - 1, a - 1, -1):
            if self.frames[i] < th:
                if run_end is None:
                    run_end = i
                if run_end - i + 1 >= need and (i == a or self.frames[i - 1] >= th):
                    return ((i + run_end + 1) // 2) * FRAME
            else:
                if run_end is not None and run_end - i >= need:
                    return ((i + 1 + run_end + 1) // 2) * FRAME
                run_end = None
        return None

    def quietest_cut(self, earliest: int, latest: int) -> int:
        a, b = earliest // FRAME, max(earliest // FRAME + 1, latest // FRAME)
        window = self.frames[a:b]
        return (a + int(np.argmin(window))) * FRAME if window else latest

    def window(self) -> np.ndarray:
        return self.audio[self.offset: self.total]

    def prompt_text(self) -> str | None:
        parts = []
        if self.prompt:
            parts.append(self.prompt)
        if self.committed:
            parts.append(" ".join(self.committed)[-600:])
        return " ".join(parts) if parts else None

    def text(self, window_text: str) -> str:
        return " ".join(t for t in (*self.committed, window_text) if t).strip()

    def snapshot(self) -> dict:
        return {"id": self.id, "text": self.text(self.hyp_text if self.hyp_offset == self.offset else ""),
                "stable_text": self.text(self.stable_text if self.hyp_offset == self.offset else ""),
                "audio_ms": round(self.total * 1000 / SAMPLE_RATE),
                "decoded_ms": round(self.hyp_upto * 1000 / SAMPLE_RATE),
                "partial_decodes": self.partial_decodes}


class StreamManager:
    """Holds the sessions and runs the single background decode worker."""

    def __init__(self, engine: WhisperEngine, *, step: float = 1.0, pause: float = 0.3,
                 commit_after: float = 15.0, max_window: float = SHORT_MAX_SECONDS - 1.0,
                 silence_relative: float = 0.05, max_sessions: int = 64, max_seconds: float = 600.0,
                 idle_timeout: float = 120.0, reuse_silent_tail: bool = True, background: bool = True):
        self.engine = engine
        self.step, self.pause, self.commit_after, self.max_window = step, pause, commit_after, max_window
        self.relative, self.max_sessions, self.max_seconds = silence_relative, max_sessions, max_seconds
        self.idle_timeout, self.reuse_silent_tail, self.background = idle_timeout, reuse_silent_tail, background
        self.sessions: dict[str, StreamSession] = {}
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.stopped = False
        self.worker = threading.Thread(target=self._run, name="whisper-stream-worker", daemon=True)
        self.worker.start()

    def stop(self) -> None:
        self.stopped = True
        self.wake.set()

    # -- API --------------------------------------------------------------------------------------
    def append(self, sid: str, data: bytes, language: str | None = None, prompt: str | None = None) -> dict:
        if not _ID.match(sid):
            raise StreamError(400, "stream id must be 1-64 characters of [A-Za-z0-9_.-]")
        with self.lock:
            session = self.sessions.get(sid)
            if session is None:
                if len(self.sessions) >= self.max_sessions:
                    raise StreamError(429, f"too many open stream sessions (max {self.max_sessions})",
                                      "rate_limit_error")
                session = StreamSession(sid, language, prompt)
                self.sessions[sid] = session
        with session.cond:
            if session.closing:
                raise StreamError(409, f"stream {sid!r} is being finalised")
            if (session.total + len(data) // 2) / SAMPLE_RATE > self.max_seconds:
                raise StreamError(413, f"stream longer than {self.max_seconds:.0f} s", "request_too_large")
            session.append(data)
            snap = session.snapshot()
        self.wake.set()
        return snap

    def drop(self, sid: str) -> bool:
        with self.lock:
            session = self.sessions.pop(sid, None)
        if session is None:
            return False
        with session.cond:
            session.closing = True
        return True

    def final(self, sid: str, data: bytes = b"") -> dict:
        started = time.perf_counter()
        with self.lock:
            session = self.sessions.get(sid)
        if session is None:
            if not data:
                raise StreamError(404, f"no stream session {sid!r}", "not_found_error")
            # a one-request stream: fine, just transcribe it
            self.append(sid, b"")
            with self.lock:
                session = self.sessions[sid]
        with session.cond:
            if data:
                if (session.total + len(data) // 2) / SAMPLE_RATE > self.max_seconds:
                    raise StreamError(413, f"stream longer than {self.max_seconds:.0f} s", "request_too_large")
                session.append(data)
            session.closing = True
            while session.decoding:
                session.cond.wait()
        waited = time.perf_counter() - started
        with self.lock:
            self.sessions.pop(sid, None)
        # The session is now ours alone (closing, removed, worker idle on it).
        decode_ms, reused, decodes = 0.0, False, 0
        while session.total - session.offset > self.max_window * SAMPLE_RATE:
            decode_ms += self._commit(session, urgent=True)
            decodes += 1
        if session.total - session.offset <= 0 or not session.speech_between(session.offset, session.total, self.relative):
            window_text = ""
            reused = session.hyp_offset == session.offset or session.total == session.offset
        elif (self.reuse_silent_tail and session.hyp_offset == session.offset and session.hyp_upto > session.offset
              and not session.speech_between(session.hyp_upto, session.total, self.relative)):
            window_text, reused = session.hyp_text, True
        else:
            result = self.engine.transcribe(session.window(), language=session.language,
                                            prompt=session.prompt_text(), urgent=True)
            window_text = result.text
            decode_ms += result.decode_ms
            decodes += 1
        return {"id": sid, "text": session.text(window_text), "audio_ms": round(session.total * 1000 / SAMPLE_RATE),
                "reused_partial": reused, "final_decodes": decodes, "partial_decodes": session.partial_decodes,
                "waited_for_partial_ms": round(waited * 1000, 1), "final_decode_ms": round(decode_ms, 1),
                "server_ms": round((time.perf_counter() - started) * 1000, 1)}

    # -- worker -----------------------------------------------------------------------------------
    def _job(self, s: StreamSession) -> str | None:
        if s.closing or s.decoding:
            return None
        window = s.total - s.offset
        if window > self.max_window * SAMPLE_RATE:
            return "commit"
        if window > self.commit_after * SAMPLE_RATE and s.pause_cut(
                s.offset + 5 * SAMPLE_RATE, s.total - SAMPLE_RATE, 0.25, self.relative) is not None:
            return "commit"
        covered = s.hyp_upto if s.hyp_offset == s.offset else s.offset
        new = s.total - covered
        if new <= 0 or not s.speech_between(s.offset, s.total, self.relative):
            return None
        if new >= self.step * SAMPLE_RATE:
            return "partial"
        if (new >= 0.2 * SAMPLE_RATE and s.trailing_silence(self.relative) >= self.pause
                and s.speech_between(covered, s.total, self.relative)):
            return "partial"
        return None

    def _run(self) -> None:
        while not self.stopped:
            self.wake.wait(0.05)
            self.wake.clear()
            if not self.background:
                continue
            while not self.stopped:
                if self.engine.urgent_waiting():
                    time.sleep(0.005)
                    continue
                now = time.monotonic()
                pick = None
                with self.lock:
                    for sid, s in list(self.sessions.items()):
                        if now - s.last_activity > self.idle_timeout and not s.decoding:
                            del self.sessions[sid]
                    candidates = []
                    for s in self.sessions.values():
                        with s.cond:
                            job = self._job(s)
                            if job:
                                candidates.append((s.hyp_upto, s, job))
                    if candidates:
                        candidates.sort(key=lambda c: c[0])
                        _, pick, job = candidates[0]
                        with pick.cond:
                            if pick.closing:
                                pick = None
                            else:
                                pick.decoding = True
                if pick is None:
                    break
                try:
                    if job == "commit":
                        self._commit(pick, urgent=False)
                    else:
                        self._partial(pick)
                except Exception as exc:  # keep the worker alive whatever happens
                    print(f"stream worker: {type(exc).__name__}: {exc}", flush=True)
                finally:
                    with pick.cond:
                        pick.decoding = False
                        pick.cond.notify_all()

    def _partial(self, s: StreamSession) -> None:
        with s.cond:
            offset, upto = s.offset, s.total
            audio = s.audio[offset:upto].copy()
            prompt = s.prompt_text()
        result = self.engine.transcribe(audio, language=s.language, prompt=prompt, urgent=False)
        with s.cond:
            words = result.text.split()
            if s.hyp_offset == offset:
                agree = 0
                for a, b in zip(s.hyp_words, words):
                    if _norm(a) != _norm(b):
                        break
                    agree += 1
                s.stable_text = " ".join(words[:agree])
            else:
                s.stable_text = ""
            s.hyp_text, s.hyp_words, s.hyp_offset, s.hyp_upto = result.text, words, offset, upto
            s.partial_decodes += 1

    def _commit(self, s: StreamSession, urgent: bool) -> float:
        """Decodes the window up to a pause (or the quietest point) once and commits that text."""
        with s.cond:
            cut = s.pause_cut(s.offset + 5 * SAMPLE_RATE, s.total - SAMPLE_RATE, 0.25, self.relative)
            if cut is None:
                latest = min(s.total, s.offset + int(self.max_window * SAMPLE_RATE))
                cut = s.quietest_cut(max(s.offset, latest - 5 * SAMPLE_RATE), latest)
            audio = s.audio[s.offset:cut].copy()
            prompt = s.prompt_text()
        result = self.engine.transcribe(audio, language=s.language, prompt=prompt, urgent=urgent)
        with s.cond:
            if result.text:
                s.committed.append(result.text)
            s.offset = cut
            s.hyp_text, s.hyp_words, s.stable_text, s.hyp_offset, s.hyp_upto = "", [], "", -1, cut
        return result.decode_ms
