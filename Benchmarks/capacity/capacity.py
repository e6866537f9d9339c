#!/usr/bin/env python3
"""Capacity of one machine, measured with `parley load` (issue #7).

Ramps synthetic callers against a local `parley serve` until one of the limits is crossed:

  * p95 end of speech → first audio (echo mode: the speech round trip) above 1.2 × its one-caller value,
  * any caller seeing more than 1 % loss (either direction),
  * outgoing pacing jitter above 10 ms (p95 of the server's per-frame pacing figure; see PACING below),

and records per step: callers, calls, the latency percentiles, loss, jitter, MOS, the server's CPU
(from /proc/<pid>/stat: user + system seconds over the step, per concurrent call) and the load
tool's own CPU. Two modes:

  --mode echo   media only: `parley serve --echo`, `parley load --echo`
  --mode full   the embedded pipeline: rule-based interviewer, eSpeak NG, STT by the local Whisper
                service (Services/whisper) or, with --stt pocketsphinx, the in-process fallback

Usage (release build first: `swift build -c release --product parley`):

  python3 Benchmarks/capacity/capacity.py --mode echo --steps 1,5,10,20,40,60,80,100 --step-seconds 60
  python3 Benchmarks/capacity/capacity.py --mode full --steps 1,2,4,6,8,10,12 --step-seconds 120

Results go to Benchmarks/capacity/results/<mode>-<timestamp>/: one folder per step with the load
report (JSON + HTML), `capacity.json` and `capacity.md` (the table for Benchmarks/README.md).
The load tool runs on the same machine as the server and takes CPU from it; its CPU is reported
beside the server's so the two can be told apart.

PACING: the server's pacing figure is read from its Prometheus text at /metrics: a histogram whose
name contains "pacing_jitter" if the server exports one, else `parley_outgoing_frame_lateness_seconds`
(how late each outgoing 20 ms frame left against its due time). The p95 over the step is computed
from the bucket counts at the start and end of the step.
"""
import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary(flavour: str) -> Path:
    path = REPO / ".build" / flavour / "parley"
    if not path.exists():
        sys.exit(f"{path} is missing: swift build -c {flavour} --product parley")
    return path


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of `pid` so far (fields 14 and 15 of /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit(f"{url}: the process exited early")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not become healthy")


def prometheus(base_url: str) -> str:
    with urllib.request.urlopen(base_url + "/metrics", timeout=5) as response:
        return response.read().decode()


def histogram_buckets(text: str) -> tuple[str, dict[float, float]] | None:
    """The pacing histogram's cumulative buckets {upper bound in seconds: count}, summed over labels."""
    names = [line.split()[2] for line in text.splitlines() if line.startswith("# TYPE") and line.split()[3] == "histogram"]
    preferred = [n for n in names if "pacing_jitter" in n] or [n for n in names if n == "parley_outgoing_frame_lateness_seconds"]
    if not preferred:
        return None
    name = preferred[0]
    buckets: dict[float, float] = {}
    for line in text.splitlines():
        if line.startswith(name + "_bucket{"):
            labels, value = line.rsplit(" ", 1)
            le = labels.split('le="', 1)[1].split('"', 1)[0]
            bound = float("inf") if le == "+Inf" else float(le)
            buckets[bound] = buckets.get(bound, 0) + float(value)
    return name, buckets


def p95_between(before, after) -> float | None:
    """p95 (ms) of what a cumulative histogram recorded between two scrapes, interpolated linearly
    inside its bucket (as Prometheus' histogram_quantile does)."""
    if not before or not after:
        return None
    delta = {b: after[1].get(b, 0) - before[1].get(b, 0) for b in after[1]}
    bounds = sorted(delta)
    total = delta[bounds[-1]] if bounds else 0
    if total <= 0:
        return None
    rank = 0.95 * total
    lower_bound, lower_count = 0.0, 0.0
    for bound in bounds:
        if delta[bound] >= rank:
            if bound == float("inf"):
                return lower_bound * 1000  # beyond the last finite bucket: its bound is all we know
            share = (rank - lower_count) / (delta[bound] - lower_count) if delta[bound] > lower_count else 1.0
            return (lower_bound + (bound - lower_bound) * share) * 1000
        lower_bound, lower_count = bound, delta[bound]
    return None


class Server:
    def __init__(self, parley: Path, mode: str, stt: str, workdir: Path):
        self.http_port = free_port()
        self.token = secrets.token_urlsafe(24)
        self.base_url = f"http://127.0.0.1:{self.http_port}"
        self.whisper = None
        args = [str(parley), "serve", "--host", "127.0.0.1", "--http-port", str(self.http_port), "--media-port", "0",
                "--data-dir", str(workdir / "data"), "--log-level", "warning"]
        if mode == "echo":
            args.append("--echo")
        elif stt == "whisper":
            port = free_port()
            self.whisper = subprocess.Popen([sys.executable, str(REPO / "Services" / "whisper" / "server.py"), "--host", "127.0.0.1",
                                             "--port", str(port), "--quiet"], env=dict(os.environ, HF_HUB_OFFLINE="1"),
                                            stdout=open(workdir / "whisper.log", "wb"), stderr=subprocess.STDOUT)
            wait_healthy(f"http://127.0.0.1:{port}/healthz", self.whisper)
            args += ["--stt-url", f"http://127.0.0.1:{port}"]
        else:
            args += ["--stt-url", "http://127.0.0.1:9"]  # unreachable: PocketSphinx answers every turn
        env = dict(os.environ, PARLEY_ADMIN_TOKEN=self.token)
        self.process = subprocess.Popen(args, env=env, stdout=open(workdir / "server.log", "wb"), stderr=subprocess.STDOUT)
        wait_healthy(self.base_url + "/healthz", self.process)

    def stop(self):
        for process in (self.process, self.whisper):
            if process and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()


def run_step(args, parley: Path, server: Server, callers: int, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    command = [str(parley), "load", "--server", server.base_url, "--callers", str(callers), "--duration", str(args.step_seconds),
               "--ramp", str(args.ramp), "--questions", str(args.questions), "--output", str(out), "--seed", str(callers)]
    if args.mode == "echo":
        command.append("--echo")
    env = dict(os.environ, PARLEY_ADMIN_TOKEN=server.token)
    histogram_before = histogram_buckets(prometheus(server.base_url))
    server_cpu_before = cpu_seconds(server.process.pid)
    whisper_cpu_before = cpu_seconds(server.whisper.pid) if server.whisper else 0.0
    started = time.monotonic()
    load = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=open(out / "load.stderr", "w"), text=True)
    load_cpu = 0.0
    while load.poll() is None:
        try:
            load_cpu = cpu_seconds(load.pid)  # last reading before it exits
        except OSError:
            break
        time.sleep(0.5)
    stdout = load.communicate()[0]
    elapsed = time.monotonic() - started
    server_cpu = cpu_seconds(server.process.pid) - server_cpu_before
    whisper_cpu = (cpu_seconds(server.whisper.pid) - whisper_cpu_before) if server.whisper else 0.0
    histogram_after = histogram_buckets(prometheus(server.base_url))
    (out / "load.stdout").write_text(stdout)
    report = json.loads((out / "parley-load-report.json").read_text())
    metrics = report["metrics"]
    latency_key = "roundTripMs" if args.mode == "echo" else "endOfSpeechToFirstAudioMs"
    calls = report["calls"]
    losses = [max(c["media"]["receiveLossPercent"], c["media"].get("sendLossPercent") or 0) for c in calls if c.get("media")]
    jitter = [c["media"]["receiveJitterMs"] for c in calls if c.get("media")]
    # Concurrent calls: call-seconds in the step over its length.
    call_seconds = sum(c["durationS"] for c in calls)
    concurrency = call_seconds / elapsed if elapsed > 0 else 0
    return {
        "callers": callers, "exitStatus": load.returncode, "elapsedS": round(elapsed, 1), "calls": len(calls),
        "callsCompleted": report["summary"]["callsCompleted"], "meanConcurrentCalls": round(concurrency, 2),
        "latencyP50Ms": metrics.get(latency_key, {}).get("p50"), "latencyP95Ms": metrics.get(latency_key, {}).get("p95"),
        "latencyCount": metrics.get(latency_key, {}).get("count", 0),
        "joinP95Ms": metrics.get("joinMs", {}).get("p95"),
        "maxLossPercent": max(losses) if losses else None, "maxReceiveJitterMs": max(jitter) if jitter else None,
        "mosP50": metrics.get("mos", {}).get("p50"),
        "pacingMetric": histogram_after[0] if histogram_after else None,
        "pacingP95Ms": p95_between(histogram_before, histogram_after),
        "callerMinusServerMs": report["serverComparison"].get("callerMinusServerMs"),
        "turnsCompared": report["serverComparison"].get("turns", 0),
        "turnsWithin10Ms": report["serverComparison"].get("turnsWithin10Ms"),
        "serverPacketsMinusServerMs": report["serverComparison"].get("serverPacketsMinusServerMs"),
        "serverCPUSeconds": round(server_cpu, 2), "serverCPUPercent": round(100 * server_cpu / elapsed, 1),
        "serverCPUPercentPerCall": round(100 * server_cpu / elapsed / concurrency, 2) if concurrency else None,
        "whisperCPUPercent": round(100 * whisper_cpu / elapsed, 1) if server.whisper else None,
        "loadToolCPUPercent": round(100 * load_cpu / elapsed, 1),
        "loadAverage1mEnd": round(os.getloadavg()[0], 2),  # the machine's 1-minute load average as the step ended
    }


def limit_crossed(step: dict, baseline: dict | None) -> str | None:
    if step["exitStatus"] != 0:
        return f"not every caller finished (exit {step['exitStatus']})"
    if baseline and baseline["latencyP95Ms"] and step["latencyP95Ms"] and step["latencyP95Ms"] > 1.2 * baseline["latencyP95Ms"]:
        return f"p95 latency {step['latencyP95Ms']:.0f} ms > 1.2 × {baseline['latencyP95Ms']:.0f} ms"
    if step["maxLossPercent"] is not None and step["maxLossPercent"] > 1.0:
        return f"a caller saw {step['maxLossPercent']:.2f} % loss"
    if step["pacingP95Ms"] is not None and step["pacingP95Ms"] > 10:
        return f"pacing p95 {step['pacingP95Ms']:.1f} ms > 10 ms"
    return None


def agreement(step: dict) -> str:
    """Turns whose caller-side end of speech → first audio is within 10 ms of the server's."""
    if not step.get("turnsCompared") or step.get("turnsWithin10Ms") is None:
        return "–"
    return f"{step['turnsWithin10Ms']}/{step['turnsCompared']}"


def markdown(result: dict) -> str:
    rows = ["| callers | concurrent calls | calls done | p50 ms | p95 ms | max loss % | pacing p95 ms | MOS p50 | server CPU % | server CPU % per call | load tool CPU % | load avg (1 min) | caller − server within 10 ms | limit |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for s in result["steps"]:
        def f(v, digits=0):
            return "–" if v is None else f"{v:.{digits}f}"
        rows.append(f"| {s['callers']} | {f(s['meanConcurrentCalls'], 1)} | {s['callsCompleted']}/{s['calls']} | {f(s['latencyP50Ms'])} | "
                    f"{f(s['latencyP95Ms'])} | {f(s['maxLossPercent'], 2)} | {f(s['pacingP95Ms'], 1)} | {f(s['mosP50'], 2)} | "
                    f"{f(s['serverCPUPercent'], 1)} | {f(s['serverCPUPercentPerCall'], 2)} | {f(s['loadToolCPUPercent'], 1)} | "
                    f"{f(s.get('loadAverage1mEnd'), 2)} | {agreement(s)} | {s.get('limit') or ''} |")
    return "\n".join(rows) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=("echo", "full"), required=True)
    parser.add_argument("--steps", default=None, help="comma-separated caller counts (default: 1,5,10,20,40,60,80,100,150,200 for echo; 1,2,3,4,6,8,10,12,16 for full)")
    parser.add_argument("--step-seconds", type=float, default=60, help="--duration of each step")
    parser.add_argument("--ramp", type=float, default=5, help="callers started per second")
    parser.add_argument("--questions", type=int, default=None, help="answers per call (default: 2 in full mode, 6 in echo mode)")
    parser.add_argument("--stt", choices=("whisper", "pocketsphinx"), default="whisper", help="full mode's STT")
    parser.add_argument("--build", choices=("release", "debug"), default="release")
    parser.add_argument("--keep-going", action="store_true", help="run every step even after a limit is crossed")
    args = parser.parse_args()
    if args.questions is None:
        args.questions = 6 if args.mode == "echo" else 2
    steps = [int(s) for s in (args.steps or ("1,5,10,20,40,60,80,100,150,200" if args.mode == "echo" else "1,2,3,4,6,8,10,12,16")).split(",")]
    if steps[0] != 1:
        steps.insert(0, 1)
    parley = binary(args.build)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    results_dir = Path(__file__).resolve().parent / "results" / f"{args.mode}-{stamp}"
    results_dir.mkdir(parents=True)
    workdir = Path(tempfile.mkdtemp(prefix="parley-capacity-"))
    result = {
        "mode": args.mode, "stt": args.stt if args.mode == "full" else None, "build": args.build, "stepSeconds": args.step_seconds,
        "questions": args.questions, "ramp": args.ramp, "started": stamp,
        "machine": {"nproc": os.cpu_count(), "cpu": next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                                                         if l.startswith("model name")), platform.processor()),
                    "memGB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                    "loadAverageBefore": os.getloadavg(), "kernel": platform.release()},
        "steps": [],
    }
    server = Server(parley, args.mode, args.stt, workdir)
    interrupted = False
    try:
        baseline = None
        for callers in steps:
            print(f"step: {callers} callers for {args.step_seconds:.0f} s …", flush=True)
            step = run_step(args, parley, server, callers, results_dir / f"callers-{callers:04d}")
            if callers == 1:
                baseline = step
            step["limit"] = limit_crossed(step, baseline if callers > 1 else None)
            result["steps"].append(step)
            print(f"  p50 {step['latencyP50Ms']} ms, p95 {step['latencyP95Ms']} ms, max loss {step['maxLossPercent']} %, "
                  f"pacing p95 {step['pacingP95Ms']} ms, server CPU {step['serverCPUPercent']} % "
                  f"({step['serverCPUPercentPerCall']} % per call), load tool {step['loadToolCPUPercent']} %"
                  + (f" — LIMIT: {step['limit']}" if step["limit"] else ""), flush=True)
            (results_dir / "capacity.json").write_text(json.dumps(result, indent=1))
            if step["limit"] and not args.keep_going:
                break
    except KeyboardInterrupt:
        interrupted = True
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    passing = [s for s in result["steps"] if not s["limit"]]
    result["capacityCallers"] = passing[-1]["callers"] if passing else 0
    result["capacityConcurrentCalls"] = passing[-1]["meanConcurrentCalls"] if passing else 0
    result["loadAverageAfter"] = os.getloadavg()
    result["interrupted"] = interrupted
    (results_dir / "capacity.json").write_text(json.dumps(result, indent=1))
    table = markdown(result)
    (results_dir / "capacity.md").write_text(
        f"{args.mode} mode, {result['machine']['nproc']} × {result['machine']['cpu']}, {args.build} build, "
        f"{args.step_seconds:.0f} s per step: capacity {result['capacityCallers']} callers "
        f"({result['capacityConcurrentCalls']} concurrent calls)\n\n" + table)
    print(table)
    print(f"capacity: {result['capacityCallers']} callers ({result['capacityConcurrentCalls']} concurrent calls); results in {results_dir}")
    if interrupted:
        sys.exit(130)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    main()
