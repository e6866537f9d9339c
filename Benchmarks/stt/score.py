#!/usr/bin/env python3
"""Scores speech-to-text engines on the answer corpus: WER and end-of-speech -> final-transcript latency.

    python3 Benchmarks/stt/make_corpus.py          # once: corpus/*.wav + references.json
    python3 Benchmarks/stt/interview_lm.py         # once: lm/ (for pocketsphinx-interview)
    python3 Benchmarks/stt/score.py [--engines a,b] [--hangover 0.6] [--url http://127.0.0.1:8091]

Engines
  whisper-short    one-shot POST /v1/audio/transcriptions, encoder sees only the real audio (default path)
  whisper-full     one-shot, parley_context=full (faster-whisper's standard 30 s window)
  whisper-prompt   whisper-short with a fixed tech-vocabulary `prompt` (what Parley can send: the role's stack)
  whisper-stream   incremental session: the clip is appended in 100 ms chunks *in real time*, then
                   --hangover s of silence (Parley's endpointing wait), then /final
  whisper-stream-h0  the same with no hang-over (final right at the last speech sample: worst case)
  pocketsphinx-default    pocketsphinx_continuous, Debian's en-us generic LM
  pocketsphinx-interview  pocketsphinx_continuous with lm/interview.lm.bin + lm/interview.dict

Latency: time from the end-of-speech decision (the moment the last hang-over sample exists) to the final
text. One-shot engines upload clip + hang-over at that moment; so the one-shot and stream numbers
compare like with like. PocketSphinx numbers are the CLI's wall time per clip (batch, includes loading
the model, ~0.2 s), not an embedded streaming latency — the Swift side measures that.
Unless --url is given, a service is started on a free port from Services/whisper/server.py.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
import wave
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
from wer import wer  # noqa: E402

VOCAB_PROMPT = ("Software engineering interview. Swift, Postgres, Kubernetes, React, Python, Go, Kafka, Redis, "
                "Docker, Terraform, TypeScript, Prometheus, microservices, latency, API, back end, front end.")
PS_MODEL = Path("/usr/share/pocketsphinx/model/en-us")
ALL = ["whisper-short", "whisper-full", "whisper-prompt", "whisper-stream", "whisper-stream-h0",
       "pocketsphinx-default", "pocketsphinx-interview"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_pcm(path: Path) -> bytes:
    with wave.open(str(path)) as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2, path
        return w.readframes(w.getnframes())


def wav_bytes(pcm: bytes) -> bytes:
    import io
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(pcm)
    return buf.getvalue()


class Client:
    def __init__(self, url: str):
        u = urlsplit(url)
        self.host, self.port = u.hostname, u.port
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)

    def request(self, method: str, path: str, body: bytes = b"", headers: dict | None = None) -> dict:
        for attempt in (0, 1):
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                if response.status != 200:
                    raise RuntimeError(f"{method} {path}: {response.status} {data[:300]!r}")
                return json.loads(data)
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def transcribe(self, wav: bytes, **fields) -> dict:
        boundary = uuid.uuid4().hex
        parts = []
        for k, v in {"model": "whisper-1", **fields}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n'
                     f'Content-Type: audio/wav\r\n\r\n'.encode() + wav + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", "/v1/audio/transcriptions", b"".join(parts),
                            {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def run_oneshot(client: Client, pcm: bytes, hangover: float, **fields) -> tuple[str, float, dict]:
    body = wav_bytes(pcm + b"\0\0" * int(16000 * hangover))
    t0 = time.perf_counter()
    result = client.transcribe(body, **fields)
    return result["text"], time.perf_counter() - t0, result.get("parley", {})


def run_stream(client: Client, pcm: bytes, hangover: float, chunk_ms: int = 100) -> tuple[str, float, dict]:
    sid = uuid.uuid4().hex[:16]
    audio = pcm + b"\0\0" * int(16000 * hangover)
    step = 16000 * chunk_ms // 1000 * 2
    start = time.perf_counter()
    for i, offset in enumerate(range(0, len(audio), step)):
        due = start + i * chunk_ms / 1000
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        client.request("POST", f"/v1/parley/stream/{sid}", audio[offset:offset + step],
                       {"Content-Type": "application/octet-stream"})
    # the last chunk "exists" at start + duration; wait for it like a live caller would
    end_of_audio = start + len(audio) / 2 / 16000
    delay = end_of_audio - time.perf_counter()
    if delay > 0:
        time.sleep(delay)
    t0 = time.perf_counter()
    result = client.request("POST", f"/v1/parley/stream/{sid}/final", b"", {"Content-Type": "application/octet-stream"})
    return result["text"], time.perf_counter() - t0, result


def run_pocketsphinx(wav: Path, lm: Path, dictionary: Path) -> tuple[str, float, dict]:
    t0 = time.perf_counter()
    out = subprocess.run(["pocketsphinx_continuous", "-infile", str(wav), "-hmm", str(PS_MODEL / "en-us"),
                          "-lm", str(lm), "-dict", str(dictionary), "-logfn", "/dev/null"],
                         capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split()), time.perf_counter() - t0, {}


def start_service(threads: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(REPO / "Services/whisper/server.py"), "--port", str(port),
                             "--threads", str(threads), "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    line = proc.stdout.readline()
    if "listening" not in line:
        proc.kill()
        raise SystemExit(f"whisper service did not start: {line}{proc.stdout.read()}")
    print(line.strip(), file=sys.stderr)
    return proc, f"http://127.0.0.1:{port}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(len(ordered) - 1, int(k) + 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--lm", type=Path, default=HERE / "lm")
    parser.add_argument("--engines", default=",".join(ALL))
    parser.add_argument("--hangover", type=float, default=0.6, help="endpointing silence before the final (s)")
    parser.add_argument("--url", help="use a running service instead of starting one")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N clips")
    parser.add_argument("--json", type=Path, default=HERE / "results.json")
    args = parser.parse_args()

    refs = json.loads((args.corpus / "references.json").read_text())
    if args.limit:
        refs = refs[: args.limit]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    proc = None
    client = None
    if any(e.startswith("whisper") for e in engines):
        url = args.url
        if not url:
            proc, url = start_service(args.threads)
        client = Client(url)
    rows, detail = [], {}
    try:
        for engine in engines:
            errors = words = 0
            latencies, notes = [], []
            detail[engine] = []
            for ref in refs:
                wav_path = args.corpus / ref["file"]
                pcm = read_pcm(wav_path)
                if engine == "whisper-short":
                    text, latency, info = run_oneshot(client, pcm, args.hangover, parley_context="short")
                elif engine == "whisper-full":
                    text, latency, info = run_oneshot(client, pcm, args.hangover, parley_context="full")
                elif engine == "whisper-prompt":
                    text, latency, info = run_oneshot(client, pcm, args.hangover, parley_context="short",
                                                      prompt=VOCAB_PROMPT)
                elif engine == "whisper-stream":
                    text, latency, info = run_stream(client, pcm, args.hangover)
                elif engine == "whisper-stream-h0":
                    text, latency, info = run_stream(client, pcm, 0.0)
                elif engine == "pocketsphinx-default":
                    text, latency, info = run_pocketsphinx(wav_path, PS_MODEL / "en-us.lm.bin",
                                                           PS_MODEL / "cmudict-en-us.dict")
                elif engine == "pocketsphinx-interview":
                    text, latency, info = run_pocketsphinx(wav_path, args.lm / "interview.lm.bin",
                                                           args.lm / "interview.dict")
                else:
                    raise SystemExit(f"unknown engine {engine}")
                rate, errs, n = wer(ref["text"], text)
                errors += errs
                words += n
                latencies.append(latency)
                notes.append(info)
                detail[engine].append({"file": ref["file"], "wer": round(rate, 4), "latency_s": round(latency, 4),
                                       "hypothesis": text, "info": info})
                print(f"{engine:24s} {ref['file']:32s} wer={rate:5.1%} {latency * 1000:7.0f} ms  {text}",
                      file=sys.stderr, flush=True)
            reused = sum(1 for n in notes if n.get("reused_partial"))
            rows.append({"engine": engine, "wer": errors / max(1, words), "errors": errors, "words": words,
                         "p50": percentile(latencies, 0.5), "p90": percentile(latencies, 0.9),
                         "max": max(latencies), "mean": statistics.fmean(latencies),
                         "reused": reused if engine.startswith("whisper-stream") else None})
    finally:
        if proc:
            proc.terminate()
            proc.wait(10)
    load = os.getloadavg()
    audio_s = sum(r["seconds"] for r in refs)
    print(f"\n{len(refs)} clips, {audio_s:.1f} s of speech, hang-over {args.hangover} s, "
          f"load average at end {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f} on {os.cpu_count()} cores\n")
    print("| engine | WER | errors / words | latency p50 | p90 | max | finals from partial |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        reused = "" if r["reused"] is None else f"{r['reused']}/{len(refs)}"
        print(f"| {r['engine']} | {r['wer']:.1%} | {r['errors']} / {r['words']} | {r['p50'] * 1000:.0f} ms | "
              f"{r['p90'] * 1000:.0f} ms | {r['max'] * 1000:.0f} ms | {reused} |")
    args.json.write_text(json.dumps({"rows": rows, "detail": detail, "load_average": load}, indent=1) + "\n")


if __name__ == "__main__":
    main()
