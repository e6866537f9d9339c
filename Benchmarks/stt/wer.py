"""Word error rate with a small text normaliser (hand-written, jiwer-style).

normalise(): lower case; "&" -> "and", "%" -> " percent"; hyphens and slashes split words; other
punctuation dropped (apostrophes kept inside words); digit groups "10,000" -> "10000"; letters glued
to digits split ("p99" -> "p 99"); number words -> digits ("ninety nine" -> "99", "four" -> "4",
"ten thousand" -> "10000"); a few spelling variants unified (backend -> back end, ...).
wer(): (substitutions + deletions + insertions) / reference words, by Levenshtein alignment.
"""
from __future__ import annotations

import re

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_VARIANTS = {
    "backend": "back end", "frontend": "front end", "microservice": "micro service",
    "microservices": "micro services", "endtoend": "end to end", "ok": "okay",
    "postgresql": "postgres", "js": "javascript",
}


def _numbers_to_digits(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in _UNITS or w in _TENS:
            total, current, j = 0, 0, i
            while j < len(words):
                x = words[j]
                if x in _UNITS:
                    if current % 10 or (current and current < 10) or (current >= 10 and current < 20):
                        break
                    current += _UNITS[x]
                elif x in _TENS:
                    if current % 100:
                        break
                    current += _TENS[x]
                elif x in _SCALES and (current or total) and j > i:
                    scale = _SCALES[x]
                    if scale == 100:
                        current *= 100
                    else:
                        total += current * scale
                        current = 0
                elif x == "and" and j > i and j + 1 < len(words) and (words[j + 1] in _UNITS or words[j + 1] in _TENS) \
                        and current >= 100:
                    pass
                else:
                    break
                j += 1
            out.append(str(total + current))
            i = j
        else:
            out.append(w)
            i += 1
    return out


def normalise(text: str) -> list[str]:
    t = text.lower().replace("&", " and ").replace("%", " percent ")
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    t = re.sub(r"[-/–—]", " ", t)
    t = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", t)
    t = re.sub(r"[^\w' ]+", " ", t)
    words = []
    for w in t.split():
        w = w.strip("'")
        if not w:
            continue
        words.extend(_VARIANTS.get(w, w).split())
    return _numbers_to_digits(words)


def edit_counts(ref: list[str], hyp: list[str]) -> tuple[int, int, int]:
    """(substitutions, deletions, insertions) of a minimum-cost alignment."""
    n, m = len(ref), len(hyp)
    # dp over (cost, subs, dels, ins)
    prev = [(j, 0, 0, j) for j in range(m + 1)]
    for i in range(1, n + 1):
        cur = [(i, 0, i, 0)] + [None] * m
        for j in range(1, m + 1):
            if ref[i - 1] == hyp[j - 1]:
                best = prev[j - 1]
            else:
                c, s, d, a = prev[j - 1]
                best = (c + 1, s + 1, d, a)
            c, s, d, a = prev[j]
            if c + 1 < best[0]:
                best = (c + 1, s, d + 1, a)
            c, s, d, a = cur[j - 1]
            if c + 1 < best[0]:
                best = (c + 1, s, d, a + 1)
            cur[j] = best
        prev = cur
    _, s, d, a = prev[m]
    return s, d, a


def wer(reference: str, hypothesis: str) -> tuple[float, int, int]:
    """(WER, errors, reference word count) after normalisation."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    s, d, a = edit_counts(ref, hyp)
    return (s + d + a) / max(1, len(ref)), s + d + a, len(ref)


if __name__ == "__main__":
    assert normalise("I have worked 4 years, P99 dropped by half.") == "i have worked 4 years p 99 dropped by half".split()
    assert normalise("four years, p ninety nine, ten thousand users") == "4 years p 99 10000 users".split()
    assert normalise("two hundred and five") == ["205"]
    assert normalise("10,000 back-end Microservices") == "10000 back end micro services".split()
    assert wer("a b c d", "a x c")[1] == 2
    assert wer("one two", "one two")[0] == 0.0
    print("wer.py self-test ok")
