#!/usr/bin/env python3
"""Preemptive replies, measured end to end: `parley serve` (the real binary) with
`PARLEY_PREEMPTIVE_REPLIES` off and on, an aiortc candidate answering each question with an
eSpeak NG answer (on-topic, ≥ 12 words: the rule-based interviewer moves on without a follow-up),
and the `ttsFirstChunkMs` / `endOfSpeechToFirstAudioMs` of every turn from `turnMetrics`.

    python3 Benchmarks/voice/preemptive_replies.py                  # eSpeak NG voice
    python3 Benchmarks/voice/preemptive_replies.py --tts-delay-ms 250   # a speech service whose
                                                                    # first chunk takes 250 ms

Reuses the interop harness (`Tests/Interop`): a loopback-only network namespace, the candidate
peer, the fake OpenAI-compatible server for the speech service. The transcription service is
left unreachable (`--stt whisper` starts the local Whisper service instead), so with the default
the live captioner's final is each turn's final. Needs `swift build --product parley` first.
"""
import argparse
import asyncio
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "Interop"))

from conftest import loopback_only_network  # noqa: E402
from fake_openai import FakeOpenAI  # noqa: E402
from interview_peer import RestartableParley, WhisperService, espeak_pcm  # noqa: E402
import test_full_interview  # noqa: E402
from test_full_interview import ANSWERS, run_interview  # noqa: E402

# The embedded final (captions) sometimes mishears an answer as off-topic and a follow-up comes:
# the candidate then simply gives the next answer, so every interview ends.
test_full_interview.ANSWERS = ANSWERS * 3


def run(mode: str, args, stt_url: str, tts_url: str | None):
    env = {"PARLEY_STT_URL": stt_url, "PARLEY_PREEMPTIVE_REPLIES": "1" if mode == "on" else "0"}
    if tts_url:
        env["PARLEY_TTS_URL"] = tts_url
    server = RestartableParley(env=env)
    audio = [espeak_pcm(text) for text in ANSWERS] * 3
    turns = []
    try:
        for _ in range(args.interviews):
            interview = server.create(role="Backend engineer", techstack=["Swift", "Postgres"], questionCount=len(ANSWERS))
            peer, played, _ = asyncio.run(run_interview(server, interview, audio))
            turns += peer.of_type("turnMetrics")
        _, metrics = server.get("/metrics")
    finally:
        server.stop()
    used = [line for line in str(metrics).splitlines() if line.startswith("parley_preemptive")]
    return turns, used


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    return f"p50 {statistics.median(values):.1f} ms, mean {statistics.fmean(values):.1f}, min {min(values):.1f}, max {max(values):.1f} (n={len(values)})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interviews", type=int, default=2)
    parser.add_argument("--tts-delay-ms", type=int, default=None, help="use the fake speech service with this first-chunk delay")
    parser.add_argument("--stt", choices=["none", "whisper"], default="none")
    args = parser.parse_args()
    with loopback_only_network():
        whisper = WhisperService() if args.stt == "whisper" else None
        fake = FakeOpenAI(speech_delay=args.tts_delay_ms / 1000) if args.tts_delay_ms is not None else None
        try:
            stt_url = whisper.url if whisper else "http://127.0.0.1:9"
            for mode in ("off", "on"):
                turns, counters = run(mode, args, stt_url, fake.url if fake else None)
                print(f"preemptive replies {mode}: {len(turns)} turns")
                print(f"  ttsFirstChunkMs            {summary([t.get('ttsFirstChunkMs') for t in turns])}")
                print(f"  endOfSpeechToFirstAudioMs  {summary([t.get('endOfSpeechToFirstAudioMs') for t in turns])}")
                print(f"  per turn: {[round(t.get('ttsFirstChunkMs') or -1, 1) for t in turns]}")
                for line in counters:
                    print(f"  {line}")
        finally:
            if fake:
                fake.stop()
            if whisper:
                whisper.stop()


if __name__ == "__main__":
    main()
