#!/usr/bin/env python3
"""Builds a small interview-biased trigram language model and dictionary for PocketSphinx.

    python3 Benchmarks/stt/interview_lm.py --out Benchmarks/stt/lm

Writes interview.arpa (ARPA trigram, interpolated absolute discounting, D = 0.5 — backoff weights
computed so every distribution sums to one), interview.lm.bin (via `sphinx_lm_convert`, Debian's
sphinxbase-utils) and interview.dict (CMUdict entries for the vocabulary plus hand-written
pronunciations for tech words CMUdict lacks). The training text is generated from templates and a
list of generic interview sentences below; the benchmark's reference answers are NOT in it (they share
vocabulary, which is the point of a domain LM, but no sentence).
"""
from __future__ import annotations

import argparse
import itertools
import math
import re
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CMUDICT = Path("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict")

EXTRA_PRONUNCIATIONS = {  # ARPAbet, CMUdict style
    "kubernetes": "K UW B ER N EH T IY Z",
    "postgres": "P OW S T G R EH S",
    "microservices": "M AY K R OW S ER V IH S IH Z",
    "microservice": "M AY K R OW S ER V IH S",
    "typescript": "T AY P S K R IH P T",
    "graphql": "G R AE F K Y UW EH L",
    "terraform": "T EH R AH F AO R M",
    "redis": "R EH D IH S",
    "golang": "G OW L AE NG",
    "frontend": "F R AH N T EH N D",
    "observability": "AH B Z ER V AH B IH L IH T IY",
    "grafana": "G R AH F AA N AH",
    "mongodb": "M AA NG G OW D IY B IY",
    "pandas": "P AE N D AH Z",
    "blameless": "B L EY M L AH S",
    "monolith": "M AA N AH L IH TH",
    "debugged": "D IY B AH G D",
    "mysql": "M AY EH S K Y UW EH L",
    "optimise": "AA P T AH M AY Z",
    "optimised": "AA P T AH M AY Z D",
    "retries": "R IY T R AY Z",
}

TECH = ["Swift", "Postgres", "Kubernetes", "React", "Python", "Go", "Kafka", "Redis", "Docker", "Terraform",
        "TypeScript", "JavaScript", "Java", "Rust", "GraphQL", "Prometheus", "Grafana", "Linux", "MySQL"]
THINGS = ["back end services", "the front end", "the database", "the mobile app", "the payment system",
          "the search service", "our data pipeline", "the API", "the deployment", "the monitoring",
          "microservices", "the cache", "the build system", "the test suite", "the message queue"]
VERBS = ["built", "designed", "maintained", "migrated", "rewrote", "scaled", "tested", "deployed", "monitored",
         "debugged", "optimised", "owned"]
NUMBERS = ["two", "three", "four", "five", "six", "ten", "twenty", "fifty", "a hundred"]
UNITS = ["years", "months", "weeks", "engineers", "services", "milliseconds", "seconds", "minutes", "percent"]
GENERIC = """
tell me about yourself
i am a software engineer with several years of experience
i enjoy working on hard problems with a small team
i think communication is the most important skill in a team
we had a tight deadline so we cut the scope and shipped the core feature first
i learned a lot from that mistake and i now write tests before i change old code
the system had to handle ten thousand requests per second with low latency
we used a load balancer in front of several instances of the service
i usually start by understanding the problem and asking the user what they need
code review is where i learn the most from my colleagues
i like to measure before i optimise because the slow part is often a surprise
we reduced the error rate by adding retries with a timeout and a circuit breaker
the database was the bottleneck so we added an index and a read replica
we moved the reports to a separate cluster so they would not slow down the main path
my manager and i meet every week to plan the work and talk about my growth
i mentored two junior engineers and helped them ship their first features
i disagree openly but respectfully and then i commit to the decision of the team
the incident was caused by a bad configuration change so we added a review step
we wrote a blameless post mortem and shared the timeline with the whole company
i want to work here because the product helps developers and i care about the developer experience
my biggest strength is that i stay calm and focused when things go wrong
my weakness is that i sometimes say yes to too many things at once
i would use a queue between the services so one slow part cannot block the others
i split the large problem into small steps and shipped each step on its own
we used continuous integration to run the unit tests and the end to end tests on every pull request
a race condition appeared only under heavy load and it took days to reproduce
i added logging and metrics so we could see the latency of each endpoint on a dashboard
we kept the billing code in one place because it changes together
i would choose the simplest design that meets the requirements and evolve it later
the release process went from hours to minutes after we automated it
we cached the results in memory and invalidated them when the data changed
i like strong typing because the compiler finds many mistakes early
the team was spread across three time zones so we wrote everything down
i led the project from the first design document to the launch
we shipped the feature early and the customers liked it
""".strip().splitlines()


def training_sentences() -> list[str]:
    out = list(GENERIC)
    for tech, number, unit in itertools.product(TECH, NUMBERS[:5], ["years", "months"]):
        out.append(f"i have worked with {tech} for {number} {unit}")
    for verb, thing in itertools.product(VERBS, THINGS):
        out.append(f"i {verb} {thing}")
        out.append(f"we {verb} {thing} with a small team")
    for tech, thing in itertools.product(TECH, THINGS):
        out.append(f"we used {tech} for {thing}")
    for tech_a, tech_b in itertools.permutations(TECH[:10], 2):
        out.append(f"i prefer {tech_a} to {tech_b} for this kind of work")
    for number, unit in itertools.product(NUMBERS, UNITS):
        out.append(f"it took {number} {unit}")
        out.append(f"we cut the latency by {number} {unit}")
    return [re.sub(r"[^a-z' ]", " ", s.lower()).split() for s in out]


def build_arpa(sentences: list[list[str]], discount: float = 0.5) -> str:
    counts = [Counter(), Counter(), Counter()]
    for words in sentences:
        seq = ["<s>"] + words + ["</s>"]
        for i in range(len(seq)):
            if seq[i] != "<s>":
                counts[0][(seq[i],)] += 1
            if i >= 1:
                counts[1][tuple(seq[i - 1:i + 1])] += 1
            if i >= 2:
                counts[2][tuple(seq[i - 2:i + 1])] += 1
    vocab = sorted({w for (w,) in counts[0]})
    total = sum(counts[0].values())
    p1 = {}
    for w in vocab:
        p1[w] = (counts[0][(w,)] - discount) / total + discount * len(vocab) / total / len(vocab)
    p1["<s>"] = 0.0

    def higher(order_counts: Counter, lower_p):
        hist_total, hist_types, by_hist = Counter(), Counter(), defaultdict(list)
        for gram, c in order_counts.items():
            hist_total[gram[:-1]] += c
            hist_types[gram[:-1]] += 1
            by_hist[gram[:-1]].append(gram)
        probs, bows = {}, {}
        for h, grams in by_hist.items():
            gamma = discount * hist_types[h] / hist_total[h]
            seen_mass, lower_mass = 0.0, 0.0
            for g in grams:
                lp = lower_p(g[1:])
                p = (order_counts[g] - discount) / hist_total[h] + gamma * lp
                probs[g] = p
                seen_mass += p
                lower_mass += lp
            bows[h] = max(1e-12, 1.0 - seen_mass) / max(1e-12, 1.0 - lower_mass)
        return probs, bows

    def lower1(g):
        return p1[g[0]]

    p2, bow1 = higher(counts[1], lower1)

    def lower2(g):  # backoff bigram probability
        if g in p2:
            return p2[g]
        return bow1.get(g[:1], 1.0) * p1[g[1]]

    p3, bow2 = higher(counts[2], lower2)
    lines = ["\\data\\", f"ngram 1={len(vocab) + 1}", f"ngram 2={len(p2)}", f"ngram 3={len(p3)}", "", "\\1-grams:"]
    for w in ["<s>"] + vocab:
        lp = -99.0 if w == "<s>" else math.log10(p1[w])
        bow = bow1.get((w,))
        lines.append(f"{lp:.6f}\t{w}" + (f"\t{math.log10(bow):.6f}" if bow is not None else ""))
    lines += ["", "\\2-grams:"]
    for g in sorted(p2):
        bow = bow2.get(g)
        lines.append(f"{math.log10(p2[g]):.6f}\t{' '.join(g)}" + (f"\t{math.log10(bow):.6f}" if bow is not None else ""))
    lines += ["", "\\3-grams:"]
    for g in sorted(p3):
        lines.append(f"{math.log10(p3[g]):.6f}\t{' '.join(g)}")
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)


def build_dict(vocab: set[str]) -> tuple[str, list[str]]:
    entries, missing = [], []
    cmu = defaultdict(list)
    for line in CMUDICT.read_text(errors="replace").splitlines():
        word, _, phones = line.partition(" ")
        base = re.sub(r"\(\d+\)$", "", word)
        if base in vocab:
            cmu[base].append(phones.strip())
    for w in sorted(vocab):
        prons = cmu.get(w) or ([EXTRA_PRONUNCIATIONS[w]] if w in EXTRA_PRONUNCIATIONS else [])
        if not prons:
            missing.append(w)
        for i, p in enumerate(prons):
            entries.append(f"{w if i == 0 else f'{w}({i + 1})'} {p}")
    return "\n".join(entries) + "\n", missing


def build(out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    sentences = training_sentences()
    dict_text, missing = build_dict({w for s in sentences for w in s})
    if missing:
        raise SystemExit(f"no pronunciation for: {missing}")
    (out / "interview.dict").write_text(dict_text)
    (out / "interview.arpa").write_text(build_arpa(sentences))
    subprocess.run(["sphinx_lm_convert", "-i", str(out / "interview.arpa"), "-o", str(out / "interview.lm.bin")],
                   check=True, capture_output=True)
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE / "lm")
    args = parser.parse_args()
    out = build(args.out)
    print(f"wrote {out}/interview.arpa, interview.lm.bin, interview.dict")
