"""A fake OpenAI-compatible server for provider tests: `POST /v1/chat/completions` streams a reply
as server-sent events (the model "rewords" the instruction: it echoes the question it was told to
ask, after a fixed preamble), `POST /v1/audio/speech` streams 24 kHz PCM (a tone per word).
A chat request with a `response_format` is a scoring request: it gets a JSON reply that scores every
question listed in the prompt (criterion scores 4/3/2/1, rationale "Fake rationale N"); with
`bad_scores_first` the first such reply breaks the schema (a score of 9), as a sloppy model might.
`mode` makes it fail: "ok", "error" (HTTP 500), "slow" (no first token for 10 s); `speech_delay`
(seconds) holds back the first audio of every speech reply, like a remote speech service."""
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

PREAMBLE = "Thanks, that is useful to hear."


class FakeOpenAI:
    def __init__(self, mode="ok", bad_scores_first=False, speech_delay=0.0):
        self.mode = mode
        self.speech_delay = speech_delay
        self.bad_scores_first = bad_scores_first
        self.chat_requests = []
        self.scoring_requests = []
        self.speech_requests = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                if fake.mode == "error":
                    self.send_response(500)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"{}")
                    return
                if fake.mode == "slow":
                    time.sleep(10)
                if self.path.endswith("/chat/completions") and "response_format" in body:
                    fake.scoring_requests.append(body)
                    self.scores(body)
                elif self.path.endswith("/chat/completions"):
                    fake.chat_requests.append(body)
                    self.chat(body)
                elif self.path.endswith("/audio/speech"):
                    fake.speech_requests.append(body)
                    self.speech(body)
                else:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def chat(self, body):
                instruction = body["messages"][-1]["content"]
                quoted = re.findall(r'"([^"]+)"', instruction)
                reply = f"{PREAMBLE} {quoted[-1] if quoted else 'Please go on.'}"
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for word in reply.split(" "):
                    event = {"choices": [{"delta": {"content": word + " "}}]}
                    self.chunk(f"data: {json.dumps(event)}\n\n".encode())
                    time.sleep(0.01)
                self.chunk(b"data: [DONE]\n\n")
                self.chunk(b"")

            def scores(self, body):
                prompt = next(m["content"] for m in body["messages"] if m["role"] == "user")
                indices = [int(i) for i in re.findall(r"^Question (\d+) \(", prompt, re.M)]
                bad = fake.bad_scores_first and len(fake.scoring_requests) == 1
                evaluations = [{"index": i, **{name: {"score": 9 if bad else score, "rationale": f"Fake rationale {i}."}
                                               for name, score in (("relevance", 4), ("depth", 3), ("structure", 2), ("techStack", 1))}}
                               for i in indices]
                content = json.dumps({"evaluations": evaluations, "summary": "Fake model summary."})
                reply = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def speech(self, body):
                words = body["input"].split()
                time.sleep(fake.speech_delay)  # a service's time to first audio
                self.send_response(200)
                self.send_header("Content-Type", "audio/pcm")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                t = np.arange(int(24000 * 0.25)) / 24000
                for _ in words:
                    pcm = (0.3 * 32767 * np.sin(2 * np.pi * 330 * t)).astype("<i2").tobytes()
                    self.chunk(pcm)
                self.chunk(b"")

            def chunk(self, data: bytes):
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
