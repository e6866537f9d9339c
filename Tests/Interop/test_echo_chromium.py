"""Interop: headless Chromium (Debian's chromium + chromedriver, driven by Selenium) calls
`parley serve --echo` from pages/echo.html over the signalling WebSocket of PROTOCOL.md. Its fake
microphone plays a 440 Hz tone WAV; ICE and DTLS must connect and the page must hear its tone come
back (WebAudio AnalyserNode).

Loopback only: Chromium gathers candidates on every interface it sees, and Parley answers
connectivity checks to whatever address they came from. So the whole call — this test process,
parley, chromedriver and Chromium — runs in a fresh network namespace whose only interface is `lo`
(unshare(CLONE_NEWNET) on the test's thread; children inherit it). Nothing can leave 127.0.0.1,
and the test checks that the selected candidate pair is 127.0.0.1 <-> 127.0.0.1."""
import json
import time
import urllib.parse
import wave
from pathlib import Path

import numpy as np

from browsers import chromium_driver, severe_console_entries
from conftest import ARTIFACTS

PAGE = Path(__file__).resolve().parent / "pages" / "echo.html"
SAMPLE_RATE = 48000
TONE_HZ = 440.0
CALL_TIMEOUT = 30.0        # bound for everything from page load to verdict
TONE_POLLS_WANTED = 20     # page polls (100 ms apart) that heard 440 Hz: ≈ 2 s of echoed tone


def write_tone_wav(path: Path, seconds=10.0, frequency=TONE_HZ, amplitude=0.3):
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    pcm = (amplitude * 32767 * np.sin(2 * np.pi * frequency * t)).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm.tobytes())


def page_state(driver):
    return driver.execute_script("return window.parley ? JSON.parse(JSON.stringify(window.parley)) : null")


def wait_for_echo(driver, deadline):
    """Polls the page until it has heard its tone for a while, an error shows up, or time runs out."""
    state = None
    while time.monotonic() < deadline:
        state = page_state(driver)
        if state:
            if state["errors"] or state["connectionState"] in ("failed", "closed"):
                return state
            if state["connectionState"] == "connected" and state["remote"].get("tonePolls", 0) >= TONE_POLLS_WANTED:
                return state
        time.sleep(0.2)
    return state


def test_chromium_hears_its_tone_echoed(echo_server, tmp_path):
    wav = tmp_path / "tone-440.wav"
    write_tone_wav(wav)
    interview = echo_server.create_interview()
    url = PAGE.as_uri() + "?signal=" + urllib.parse.quote(echo_server.signal_url(interview), safe="")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver = chromium_driver(wav, extra_flags=["--autoplay-policy=no-user-gesture-required"])
    state, console = None, []
    try:
        started = time.monotonic()
        driver.get(url)
        state = wait_for_echo(driver, started + CALL_TIMEOUT)
        console = driver.get_log("browser")
        driver.save_screenshot(str(ARTIFACTS / "chromium-echo.png"))
    finally:
        driver.quit()
    (ARTIFACTS / "chromium-echo.json").write_text(json.dumps({"state": state, "console": console}, indent=2))

    def context():
        return f"\npage state: {json.dumps(state, indent=1)}\nserver log tail:\n{echo_server.server_log()[-4000:]}"

    assert state is not None, "page never published window.parley" + context()
    assert not state["errors"], f"page errors {state['errors']}" + context()
    assert state["connectionState"] == "connected", context()
    assert state["dtlsState"] == "connected" and state["statsDtlsState"] == "connected", context()
    answer = state["answerSdp"] or ""
    assert "a=ice-lite" in answer and "a=setup:passive" in answer, answer

    pair = state["selectedPair"]
    assert pair and pair["local"]["address"] == "127.0.0.1" and pair["remote"]["address"] == "127.0.0.1", \
        f"selected pair is not loopback <-> loopback: {pair}" + context()

    # The fake microphone really plays the tone (otherwise the echo check proves nothing).
    assert abs(state["local"]["frequency"] - TONE_HZ) <= 10, f"microphone: {state['local']}"

    inbound, outbound = state["inbound"] or {}, state["outbound"] or {}
    assert outbound.get("packetsSent", 0) >= 50 and inbound.get("packetsReceived", 0) >= 50, \
        f"RTP sent {outbound}, received {inbound}" + context()

    remote = state["remote"]
    assert remote["rms"] > 0.02, f"echoed audio is nearly silent: {remote}" + context()
    assert abs(remote["frequency"] - TONE_HZ) <= 10, f"dominant echoed frequency {remote}" + context()
    assert remote["tonePolls"] >= TONE_POLLS_WANTED, f"heard the tone only briefly: {remote}" + context()

    errors = severe_console_entries(console)
    assert not errors, f"browser console errors: {errors}"

    timings = state["timings"]
    print(f"\nchromium echo: offer→answer {timings['answer'] - timings['offerSent']} ms, "
          f"offer→connected {timings['connected'] - timings['offerSent']} ms, "
          f"offer→first audio {timings['firstAudio'] - timings['offerSent']} ms, "
          f"echoed {remote['frequency']:.1f} Hz at rms {remote['rms']:.3f} (sent rms {state['local']['rms']:.3f}); "
          f"RTP sent {outbound.get('packetsSent')} received {inbound.get('packetsReceived')} "
          f"lost {inbound.get('packetsLost')}; pair {pair['local']} <-> {pair['remote']}")
