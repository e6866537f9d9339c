#!/usr/bin/env python3
"""Per-turn latency of real interviews with one setting changed: `parley serve` (the real binary)
run once per value of an environment setting, an aiortc candidate answering each question with an
eSpeak NG answer (on-topic, ≥ 12 words: the rule-based interviewer moves on), and every turn's
`turnMetrics` (end of speech → first audio and its stages) plus the final transcript's WER.

    # preemptive replies, eSpeak NG voice / a speech service taking 250 ms to its first audio
    python3 Benchmarks/voice/turn_latency.py --setting PARLEY_PREEMPTIVE_REPLIES --values 0,1
    python3 Benchmarks/voice/turn_latency.py --setting PARLEY_PREEMPTIVE_REPLIES --values 0,1 --tts-delay-ms 250
    # Whisper incremental decoding in the server
    python3 Benchmarks/voice/turn_latency.py --setting PARLEY_STT_STREAMING --values off,on --stt whisper

Reuses the interop harness (`Tests/Interop`): a loopback-only network namespace, the candidate
peer, the local Whisper service, the fake OpenAI-compatible speech service. With `--stt none` the
transcription service is unreachable and the live captioner's final is each turn's final. Needs
`swift build --product parley` first (the debug binary is used when there is one).
"""
import argparse
import asyncio
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "Interop"))

from conftest import loopback_only_network  # noqa: E402
from fake_openai import FakeOpenAI  # noqa: E402
from interview_peer import RestartableParley, WhisperService, espeak_pcm, word_error_rate  # noqa: E402
import test_full_interview  # noqa: E402
from test_full_interview import ANSWERS, run_interview  # noqa: E402

# An answer misheard as off-topic gets a follow-up: the candidate then gives the next answer, so
# every interview ends.
test_full_interview.ANSWERS = ANSWERS * 3
STAGES = ("endOfSpeechToFirstAudioMs", "endpointingMs", "sttFinalMs", "ttsFirstChunkMs")


def run(env: dict, interviews: int):
    server = RestartableParley(env=env)
    audio = [espeak_pcm(text) for text in ANSWERS] * 3
    turns, wers = [], []
    try:
        for _ in range(interviews):
            interview = server.create(role="Backend engineer", techstack=["Swift", "Postgres"], questionCount=len(ANSWERS))
            peer, played, _ = asyncio.run(run_interview(server, interview, audio))
            turns += peer.of_type("turnMetrics")
            finals = [m["text"] for m in peer.of_type("transcript") if m.get("role") == "candidate" and m.get("final") and m["text"]]
            wers += [word_error_rate(reference, text) for (reference, _), text in zip(played, finals)]
        _, metrics = server.get("/metrics")
    finally:
        server.stop()
    counters = [line for line in str(metrics).splitlines()
                if line.startswith(("parley_preemptive", "parley_stt_fallbacks", "parley_caption_cpu", "parley_caption_audio"))]
    return turns, wers, counters


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    values.sort()
    p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
    return f"p50 {statistics.median(values):.1f} ms, p90 {p90:.1f}, min {values[0]:.1f}, max {values[-1]:.1f} (n={len(values)})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--setting", required=True, help="environment variable to vary, e.g. PARLEY_STT_STREAMING")
    parser.add_argument("--values", required=True, help="comma-separated values, e.g. off,on")
    parser.add_argument("--interviews", type=int, default=2)
    parser.add_argument("--tts-delay-ms", type=int, default=None, help="use the fake speech service with this first-audio delay")
    parser.add_argument("--stt", choices=["none", "whisper"], default="none")
    args = parser.parse_args()
    with loopback_only_network():
        whisper = WhisperService() if args.stt == "whisper" else None
        fake = FakeOpenAI(speech_delay=args.tts_delay_ms / 1000) if args.tts_delay_ms is not None else None
        try:
            base = {"PARLEY_STT_URL": whisper.url if whisper else "http://127.0.0.1:9"}
            if fake:
                base["PARLEY_TTS_URL"] = fake.url
            for value in args.values.split(","):
                turns, wers, counters = run({**base, args.setting: value}, args.interviews)
                print(f"{args.setting}={value}: {len(turns)} turns, WER of the finals mean {statistics.fmean(wers):.3f}" if wers
                      else f"{args.setting}={value}: {len(turns)} turns")
                for stage in STAGES:
                    print(f"  {stage:27s} {summary([t.get(stage) for t in turns])}")
                print(f"  sttFinalMs per turn: {[round(t.get('sttFinalMs') or -1) for t in turns]}")
                for line in counters:
                    print(f"  {line}")
        finally:
            if fake:
                fake.stop()
            if whisper:
                whisper.stop()


if __name__ == "__main__":
    main()
