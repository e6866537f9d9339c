"""The candidate's page (`/join/{joinToken}`) in headless Firefox ESR (WebDriver BiDi, see
browsers.py): a real click on Start, then Mute (Firefox's fake microphone is a steady tone); ICE and
DTLS must connect and the interviewer's greeting must arrive (the page's AnalyserNode level well
above silence). `parley serve` runs in interview mode without a transcription service (nothing is
answered here), in a network namespace whose only interface is `lo`. No console errors."""
import asyncio
import json
import time

import pytest

from browsers import FIREFOX, BiDi, Firefox, route_default_via_loopback
from conftest import ParleyProcess, loopback_only_network

if FIREFOX is None:
    pytest.skip("needs Debian's firefox-esr (apt-get install firefox-esr)", allow_module_level=True)
websockets = pytest.importorskip("websockets")

SPEECH_RMS = 0.02          # received level (RMS of a 21 ms window) that counts as speech
LOUD_SAMPLES_WANTED = 40   # 25 ms samples above it: ≈ 1 s of the interviewer's voice
CALL_TIMEOUT = 45.0

SNAPSHOT = """() => {
  const p = window.parleyTest;
  if (!p) return 'null';
  return JSON.stringify({status: p.status, connectionState: p.connectionState, connections: p.connections,
    events: p.events, loud: p.levels.filter(l => l[1] > %f).length, levelCount: p.levels.length,
    peak: p.levels.reduce((m, l) => Math.max(m, l[1]), 0), muted: p.muted,
    notice: document.getElementById('notice').textContent.trim()});
}""" % SPEECH_RMS


async def run_candidate(firefox, url):
    async with websockets.connect(firefox.bidi_url, max_size=None) as connection:
        bidi = BiDi(connection)
        await bidi.call("session.new", capabilities={})
        await bidi.call("session.subscribe", events=["log.entryAdded"])
        context = (await bidi.call("browsingContext.getTree"))["contexts"][0]["context"]
        await bidi.call("browsingContext.navigate", context=context, url=url, wait="complete")
        started = time.monotonic()
        await bidi.click(context, "#start")
        state = None
        while time.monotonic() < started + 20:
            state = await bidi.evaluate(context, SNAPSHOT)
            if state and state["status"] not in ("idle", "microphone"):
                break
            await asyncio.sleep(0.05)
        await bidi.click(context, "#mute")
        while time.monotonic() < started + CALL_TIMEOUT:
            state = await bidi.evaluate(context, SNAPSHOT)
            if any(e["type"] == "error" for e in state["events"]):
                break
            if state["connectionState"] == "connected" and state["loud"] >= LOUD_SAMPLES_WANTED:
                break
            await asyncio.sleep(0.2)
        stats = await bidi.evaluate(context, "async () => JSON.stringify(await window.parleyTest.stats())")
        elapsed = time.monotonic() - started
        console = bidi.console()
        try:
            await bidi.call("session.end")
        except Exception:  # noqa: BLE001 — Firefox may close the connection first
            pass
        return state, stats, console, elapsed


def test_candidate_page_in_firefox():
    with loopback_only_network():
        route_default_via_loopback()
        server = ParleyProcess()
        try:
            interview = server.create_interview()
            firefox = Firefox()
            try:
                state, stats, console, elapsed = asyncio.run(run_candidate(firefox, interview["joinUrl"]))
                firefox_log = firefox.output()
            finally:
                firefox.close()
        finally:
            server.stop()

    def context():
        return (f"\npage: {json.dumps(state, indent=1)[:6000]}\nstats: {stats}\nconsole: {console}\n"
                f"firefox log tail:\n{firefox_log[-2000:]}\nserver log tail:\n{server.server_log()[-4000:]}")

    print(f"\nfirefox candidate page: {elapsed:.1f} s from Start to verdict; {state and state['loud']} loud samples, "
          f"peak level {state and state['peak']:.3f}; pair {stats and stats.get('selectedPair')}")
    assert state is not None, "the page never published window.parleyTest" + context()
    assert not [e for e in state["events"] if e["type"] == "error"], context()
    assert state["connectionState"] == "connected", context()
    assert stats["dtlsState"] == "connected", context()
    pair = stats["selectedPair"]
    assert pair and pair["local"]["address"] == "127.0.0.1" and pair["remote"]["address"] == "127.0.0.1", context()
    assert any(e["type"] == "interviewer" for e in state["events"]), "no interviewer line announced" + context()
    assert state["loud"] >= LOUD_SAMPLES_WANTED, f"the interviewer's audio is not well above silence{context()}"
    errors = [entry for entry in console if entry.get("level") == "error"]
    assert not errors, f"browser console errors: {errors}"
