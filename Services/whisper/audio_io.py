"""Audio input for the Whisper service: WAV parsing (RIFF/WAVE by hand), resampling to 16 kHz mono.

Whisper wants 16 kHz mono float32 in [-1, 1]. WAV (PCM 8/16/24/32-bit, IEEE float 32/64,
WAVE_FORMAT_EXTENSIBLE) is parsed here without extra dependencies; any other container
(Ogg/Opus, WebM, MP3, ...) is handed to faster-whisper's PyAV decoder when it is installed.
"""
from __future__ import annotations

import io
import struct

import numpy as np

TARGET_RATE = 16_000

_PCM = 0x0001
_FLOAT = 0x0003
_EXTENSIBLE = 0xFFFE


class AudioError(ValueError):
    """The uploaded bytes are not audio we can decode (reported to the client as HTTP 400)."""


def parse_wav(data: bytes) -> tuple[np.ndarray, int]:
    """Parses a RIFF/WAVE file into (mono float32 samples, sample rate). Raises AudioError."""
    if len(data) < 12 or data[:4] not in (b"RIFF", b"RF64") or data[8:12] != b"WAVE":
        raise AudioError("not a RIFF/WAVE file")
    fmt = None
    payload = None
    pos = 12
    while pos + 8 <= len(data):
        chunk_id = data[pos:pos + 4]
        (size,) = struct.unpack_from("<I", data, pos + 4)
        body_start = pos + 8
        body_end = min(len(data), body_start + size)  # tolerate a truncated last chunk / streaming size 0xFFFFFFFF
        if chunk_id == b"fmt ":
            if body_end - body_start < 16:
                raise AudioError("WAV fmt chunk shorter than 16 bytes")
            fmt = struct.unpack_from("<HHIIHH", data, body_start)
            if fmt[0] == _EXTENSIBLE and body_end - body_start >= 40:
                (sub_format,) = struct.unpack_from("<H", data, body_start + 24)
                fmt = (sub_format,) + fmt[1:]
        elif chunk_id == b"data":
            payload = data[body_start:body_end]
            break
        pos = body_start + size + (size & 1)
    if fmt is None:
        raise AudioError("WAV file has no fmt chunk")
    if payload is None:
        raise AudioError("WAV file has no data chunk")
    tag, channels, rate, _, block_align, bits = fmt
    if channels < 1 or channels > 32:
        raise AudioError(f"unsupported channel count {channels}")
    if rate < 1000 or rate > 384_000:
        raise AudioError(f"unsupported sample rate {rate} Hz")
    width = bits // 8
    if bits % 8 or width < 1 or block_align != width * channels:
        raise AudioError(f"inconsistent WAV format: {bits} bits, block align {block_align}, {channels} channels")
    usable = len(payload) - len(payload) % block_align
    raw = payload[:usable]
    if tag == _PCM:
        if width == 1:
            samples = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
        elif width == 2:
            samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0
        elif width == 3:
            b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
            ints = (b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16))
            ints = np.where(ints >= 1 << 23, ints - (1 << 24), ints)
            samples = ints.astype(np.float32) / float(1 << 23)
        elif width == 4:
            samples = np.frombuffer(raw, dtype="<i4").astype(np.float32) / float(1 << 31)
        else:
            raise AudioError(f"unsupported PCM width {bits} bits")
    elif tag == _FLOAT and width in (4, 8):
        samples = np.frombuffer(raw, dtype="<f4" if width == 4 else "<f8").astype(np.float32)
        samples = np.nan_to_num(np.clip(samples, -1.0, 1.0))
    else:
        raise AudioError(f"unsupported WAV encoding tag 0x{tag:04x} ({bits} bits)")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return np.ascontiguousarray(samples, dtype=np.float32), rate


def resample(samples: np.ndarray, rate_in: int, rate_out: int = TARGET_RATE) -> np.ndarray:
    """Band-limited resampling with numpy only: windowed-sinc low-pass (when downsampling), then linear
    interpolation onto the output grid. Good enough for ASR input; not for hi-fi."""
    if rate_in == rate_out or len(samples) == 0:
        return samples.astype(np.float32, copy=False)
    x = samples.astype(np.float64)
    if rate_out < rate_in:
        cutoff = 0.45 * rate_out / rate_in  # cycles per input sample, a little under the new Nyquist
        half = 32
        n = np.arange(-half, half + 1)
        taps = 2 * cutoff * np.sinc(2 * cutoff * n) * np.blackman(len(n))
        taps /= taps.sum()
        x = np.convolve(x, taps, mode="same")
    count = int(round(len(x) * rate_out / rate_in))
    positions = np.arange(count) * (rate_in / rate_out)
    return np.interp(positions, np.arange(len(x)), x).astype(np.float32)


def pcm16_to_float(data: bytes) -> np.ndarray:
    """Little-endian signed 16-bit mono PCM to float32 (an odd trailing byte must be removed by the caller)."""
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


def decode_audio_bytes(data: bytes) -> np.ndarray:
    """Any uploaded audio file to 16 kHz mono float32. WAV by hand; other containers through PyAV."""
    if len(data) == 0:
        raise AudioError("empty audio file")
    if data[:4] in (b"RIFF", b"RF64"):
        samples, rate = parse_wav(data)
        return resample(samples, rate)
    try:
        from faster_whisper.audio import decode_audio  # PyAV under the hood
    except ImportError as exc:  # pragma: no cover
        raise AudioError("only WAV is supported (PyAV not installed)") from exc
    try:
        return decode_audio(io.BytesIO(data), sampling_rate=TARGET_RATE)
    except Exception as exc:  # PyAV raises many types for garbage input
        raise AudioError(f"could not decode audio: {type(exc).__name__}: {exc}") from exc
