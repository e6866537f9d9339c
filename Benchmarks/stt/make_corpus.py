#!/usr/bin/env python3
"""Builds the STT answer corpus: interview answers spoken by eSpeak NG in several voices and rates,
converted by sox to 16 kHz mono 16-bit WAV, plus references.json.

    python3 Benchmarks/stt/make_corpus.py [--out Benchmarks/stt/corpus]

Deterministic (same text, voices and rates every time); needs the `espeak-ng` and `sox` CLIs.
The generated WAVs are not committed (about 6 MB); re-run this script instead.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Twenty answers an interview candidate might give. Held out: none of these sentences is in
# lm_training_text.py (the text the interview-biased PocketSphinx language model is built from).
ANSWERS = [
    "I have worked with Swift and Postgres for four years, mostly on back end services that handle payments.",
    "In my last role I moved our deployment to Kubernetes and cut the release time from two hours to ten minutes.",
    "I prefer React for the front end because the component model makes large teams productive.",
    "Most of my data work is in Python, with pandas for analysis and a small Flask service for the results.",
    "We split the monolith into microservices, but we kept the billing code together because it changes as one unit.",
    "The main latency problem was a slow database query, so we added an index and the p ninety nine dropped by half.",
    "When an incident happens I first stop the bleeding, then I write a short timeline and a blameless review.",
    "I disagree with a colleague by asking questions first, and if we still disagree we write down both options.",
    "Our team used Kafka to move events between services and Redis as a cache in front of the main database.",
    "I wrote the mobile app in Swift and the server in Go, and both talked through a small JSON API.",
    "Testing matters to me, so every pull request runs unit tests and a few end to end tests in continuous integration.",
    "The hardest bug I fixed was a race condition that only appeared under heavy load on two cores.",
    "I would design the system with a queue in the middle so that a slow consumer cannot block the producers.",
    "We measured everything with Prometheus and built dashboards that showed errors and latency for each endpoint.",
    "I led a team of five engineers and we shipped the new search feature three weeks early.",
    "For the infrastructure we used Terraform and Docker, and every environment was created from the same code.",
    "I like TypeScript because the compiler catches many mistakes before the code even reaches review.",
    "To scale the read path we added replicas of the Postgres database and moved reports to a separate cluster.",
    "My biggest weakness is that I sometimes take on too much work, so now I plan the week with my manager.",
    "I want to join this company because you build tools for developers and I care about a good developer experience.",
]

VOICES = ["en-us", "en", "en+m3", "en+f2"]
RATES = [150, 175, 200]


def build(out: Path) -> list[dict]:
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            sys.exit(f"make_corpus: `{tool}` not found (apt-get install espeak-ng sox)")
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        for index, text in enumerate(ANSWERS):
            voice = VOICES[index % len(VOICES)]
            rate = RATES[index % len(RATES)]
            name = f"answer{index + 1:02d}_{voice.replace('+', '-')}_{rate}.wav"
            raw = Path(tmp) / "raw.wav"
            subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(raw), text], check=True)
            # 16 kHz mono Int16; 200 ms of leading silence like a real endpointed utterance
            subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer",
                            str(out / name), "pad", "0.2", "0"], check=True)
            seconds = float(subprocess.run(["soxi", "-D", str(out / name)], check=True, capture_output=True,
                                           text=True).stdout)
            entries.append({"file": name, "text": text, "voice": voice, "rate_wpm": rate,
                            "seconds": round(seconds, 3)})
    (out / "references.json").write_text(json.dumps(entries, indent=2) + "\n")
    return entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "corpus")
    args = parser.parse_args()
    entries = build(args.out)
    total = sum(e["seconds"] for e in entries)
    print(f"wrote {len(entries)} clips ({total:.1f} s of audio) and references.json to {args.out}")


if __name__ == "__main__":
    main()
