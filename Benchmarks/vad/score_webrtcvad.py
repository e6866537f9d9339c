#!/usr/bin/env python3
"""Score webrtcvad (PyPI `webrtcvad-wheels`, modes 0-3) on the corpus written by Parley's
VoiceActivityTests, with the same 10 ms frames and labels, and print the frame F1 per
condition next to Parley's own figures.

    PARLEY_VAD_CORPUS_DIR=/tmp/vad-corpus swift test --filter VADCorpusTests   # writes the corpus
    pip install webrtcvad-wheels
    python3 Benchmarks/vad/score_webrtcvad.py /tmp/vad-corpus

webrtcvad is scored twice: raw per-frame decisions, and with the same 100 ms hangover
Parley's per-frame decision uses (a frame stays "speech" for 10 frames after the last
speech frame), so the comparison is not just about smoothing.
"""
import json
import sys
import wave
from pathlib import Path

import webrtcvad

FRAME_MS = 10
HANGOVER_FRAMES = 10


def read_wav(path):
    with wave.open(str(path), "rb") as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2, f"{path}: need mono 16-bit"
        return w.getframerate(), w.readframes(w.getnframes())


def hangover(decisions, frames):
    out, left = [], 0
    for d in decisions:
        left = frames if d else max(left - 1, 0)
        out.append(d or left > 0)
    return out


def scores(decisions, labels):
    n = min(len(decisions), len(labels))
    tp = sum(1 for i in range(n) if decisions[i] and labels[i])
    fp = sum(1 for i in range(n) if decisions[i] and not labels[i])
    fn = sum(1 for i in range(n) if not decisions[i] and labels[i])
    tn = n - tp - fp - fn
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    specificity = tn / (tn + fp) if tn + fp else 0.0
    return f1, specificity


def main():
    corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/vad-corpus")
    manifest = json.loads((corpus / "parley_results.json").read_text())
    labels = [c == "1" for c in (corpus / "labels.txt").read_text().strip()]
    rows = []
    for result in manifest["results"]:
        rate, pcm = read_wav(corpus / f"{result['condition']}.wav")
        frame_bytes = rate * FRAME_MS // 1000 * 2
        frames = [pcm[i:i + frame_bytes] for i in range(0, len(pcm) - frame_bytes + 1, frame_bytes)]
        row = {"condition": result["condition"], "parley": (result["f1"], result["specificity"])}
        for mode in range(4):
            vad = webrtcvad.Vad(mode)
            raw = [vad.is_speech(f, rate) for f in frames]
            row[f"raw{mode}"] = scores(raw, labels)
            row[f"hang{mode}"] = scores(hangover(raw, HANGOVER_FRAMES), labels)
        rows.append(row)

    speech = sum(labels)
    print(f"{len(labels)} frames of {FRAME_MS} ms per condition, {speech} speech; "
          f"F1 of calling every frame speech = {2 * speech / (len(labels) + speech):.3f}")
    print("Frame F1 (speech class) / specificity (non-speech frames called non-speech)\n")
    header = "| condition | Parley | " + " | ".join(f"webrtcvad {m}" for m in range(4)) + " | " + \
        " | ".join(f"webrtcvad {m} +100 ms" for m in range(4)) + " |"
    print(header)
    print("|" + "---|" * (2 + 8))
    fmt = lambda s: f"{s[0]:.3f} / {s[1]:.2f}"
    for row in rows:
        cells = [fmt(row["parley"])] + [fmt(row[f"raw{m}"]) for m in range(4)] + [fmt(row[f"hang{m}"]) for m in range(4)]
        print(f"| {row['condition']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
