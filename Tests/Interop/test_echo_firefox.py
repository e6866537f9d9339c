"""Interop: headless Firefox ESR (Debian's firefox-esr, driven over WebDriver BiDi — no geckodriver)
calls `parley serve --echo` from pages/echo.html over the signalling WebSocket of PROTOCOL.md. Its
fake microphone (`media.navigator.streams.fake`) is a sine generator, tuned to 440 Hz with
`media.navigator.audio.fake_frequency`; ICE and DTLS must connect and the page must hear its tone
come back (WebAudio AnalyserNode). There is no sound server or ALSA device here, so the profile
selects cubeb's mock backend (`media.cubeb.force_mock_context`); otherwise AudioContext.resume()
never settles.

Loopback only: the `echo_server` fixture moves this test's thread into a network namespace whose
only interface is `lo`, and Firefox is started from this thread, so it shares it. Firefox allows
loopback candidates only with `media.peerconnection.ice.loopback`, and in this setup it gathers
"default address only" (nICEr: the source address of a route towards a public address), so the test
adds `default dev lo src 127.0.0.1` routes inside the namespace: the default address is then
127.0.0.1 and anything sent "out" stays on `lo`. The test checks that the selected candidate pair
is 127.0.0.1 <-> 127.0.0.1."""
import asyncio
import json
import shutil
import time
import urllib.parse
from pathlib import Path

import pytest

from browsers import BiDi, Firefox, route_default_via_loopback
from conftest import ARTIFACTS

PAGE = Path(__file__).resolve().parent / "pages" / "echo.html"
FIREFOX = shutil.which("firefox-esr")
TONE_HZ = 440.0            # echo.js counts polls near 440 Hz (browsers.FIREFOX_PREFS tunes the fake microphone to it)
CALL_TIMEOUT = 30.0        # bound for everything from page load to verdict
TONE_POLLS_WANTED = 20     # page polls (100 ms apart) that heard 440 Hz: ≈ 2 s of echoed tone

if FIREFOX is None:
    pytest.skip("needs Debian's firefox-esr (apt-get install firefox-esr)", allow_module_level=True)
websockets = pytest.importorskip("websockets")

async def run_call(firefox, url):
    """Loads the page and polls window.parley until the tone came back, an error shows, or time runs out."""
    async with websockets.connect(firefox.bidi_url, max_size=None) as connection:
        bidi = BiDi(connection)
        await bidi.call("session.new", capabilities={})
        await bidi.call("session.subscribe", events=["log.entryAdded"])
        context = (await bidi.call("browsingContext.getTree"))["contexts"][0]["context"]
        started = time.monotonic()
        await bidi.call("browsingContext.navigate", context=context, url=url, wait="complete")
        state = None
        while time.monotonic() < started + CALL_TIMEOUT:
            state = await bidi.evaluate(context, "() => JSON.stringify(window.parley || null)")
            if state:
                if state["errors"] or state["connectionState"] in ("failed", "closed"):
                    break
                if state["connectionState"] == "connected" and state["remote"].get("tonePolls", 0) >= TONE_POLLS_WANTED:
                    break
            await asyncio.sleep(0.2)
        console = bidi.console()
        try:
            await bidi.call("session.end")
        except Exception:  # noqa: BLE001 — Firefox may close the connection first
            pass
        return state, console


def test_firefox_hears_its_tone_echoed(echo_server):
    route_default_via_loopback()
    interview = echo_server.create_interview()
    url = PAGE.as_uri() + "?signal=" + urllib.parse.quote(echo_server.signal_url(interview), safe="")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    firefox = Firefox()
    try:
        state, console = asyncio.run(run_call(firefox, url))
        firefox_log = firefox.output()
    finally:
        firefox.close()
    elapsed = time.monotonic() - started
    (ARTIFACTS / "firefox-echo.json").write_text(json.dumps({"state": state, "console": console}, indent=2))

    def context():
        return (f"\npage state: {json.dumps(state, indent=1)}\nconsole: {console}\n"
                f"firefox log tail:\n{firefox_log[-2000:]}\nserver log tail:\n{echo_server.server_log()[-4000:]}")

    assert state is not None, "page never published window.parley" + context()
    assert not state["errors"], f"page errors {state['errors']}" + context()
    assert state["connectionState"] == "connected", context()
    assert state["dtlsState"] == "connected" and state["statsDtlsState"] == "connected", context()
    offer, answer = state["offerSdp"] or "", state["answerSdp"] or ""
    assert "a=fmtp:109 " in offer and "a=rtpmap:109 opus/48000/2" in offer, offer
    assert "a=ice-lite" in answer and "a=setup:passive" in answer and "a=rtpmap:109 opus/48000/2" in answer, answer

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

    errors = [entry for entry in console if entry.get("level") == "error"]
    assert not errors, f"browser console errors: {errors}"

    timings = state["timings"]
    print(f"\nfirefox echo ({elapsed:.1f} s incl. start-up): offer→answer {timings['answer'] - timings['offerSent']} ms, "
          f"offer→connected {timings['connected'] - timings['offerSent']} ms, "
          f"offer→first audio {timings['firstAudio'] - timings['offerSent']} ms, "
          f"echoed {remote['frequency']:.1f} Hz at rms {remote['rms']:.3f} (sent rms {state['local']['rms']:.3f}); "
          f"RTP sent {outbound.get('packetsSent')} received {inbound.get('packetsReceived')} "
          f"lost {inbound.get('packetsLost')}; pair {pair['local']} <-> {pair['remote']}")
