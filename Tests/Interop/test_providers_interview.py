"""The interviewer through OpenAI-compatible providers, end to end: a chat model words the lines
(streamed, spoken from its first clause) and a speech service voices them; when they fail, the
rule-based lines and eSpeak NG take over at once — the candidate never waits on a dead provider."""
import asyncio
import importlib.util
import time

import pytest

from conftest import loopback_only_network
from fake_openai import PREAMBLE, FakeOpenAI
from interview_peer import CandidatePeer, RestartableParley, rms

pytestmark = pytest.mark.skipif(importlib.util.find_spec("aiortc") is None, reason="aiortc is not installed")


async def first_question(server, timeout=40.0):
    interview = server.create(role="Backend engineer", techstack=["Swift"], questionCount=2)
    peer = CandidatePeer(server.signal_url(interview))
    await peer.connect()
    try:
        listening = await peer.wait_for(lambda m: m.get("type") == "state" and m.get("state") == "listening", timeout)
        lines = [m["text"] for _, m in peer.messages if m.get("type") == "interviewer"]
        loud = [f for f in peer.frames if f.rms > 300]
        return interview, lines, listening, loud
    finally:
        await peer.close()


def planned(interview, index):
    return interview["questions"][index]["text"]


def test_chat_model_words_the_lines_and_speech_service_voices_them():
    with loopback_only_network():
        fake = FakeOpenAI()
        server = RestartableParley(env={"PARLEY_LLM_URL": fake.url, "PARLEY_TTS_URL": fake.url, "PARLEY_STT_URL": "http://127.0.0.1:9"})
        try:
            interview, lines, listening, loud = asyncio.run(first_question(server))
        finally:
            server.stop()
            fake.stop()
    assert fake.chat_requests and fake.speech_requests, "both providers were used"
    assert any(PREAMBLE in line for line in lines), lines
    question = planned(interview, listening["questionIndex"])
    spoken = " ".join(lines)
    assert question in spoken, f"the planned question is asked verbatim: {question!r} in {lines}"
    assert len(lines) >= 2, "the reply is spoken sentence by sentence as it streams"
    assert len(loud) > 25, "the speech service's audio reaches the candidate"


def test_failing_providers_fall_back_to_embedded_lines_and_voice():
    with loopback_only_network():
        fake = FakeOpenAI(mode="error")
        server = RestartableParley(env={"PARLEY_LLM_URL": fake.url, "PARLEY_TTS_URL": fake.url, "PARLEY_STT_URL": "http://127.0.0.1:9"})
        try:
            interview, lines, listening, loud = asyncio.run(first_question(server))
            log = server.server_log()
        finally:
            server.stop()
            fake.stop()
    assert not any(PREAMBLE in line for line in lines)
    assert planned(interview, listening["questionIndex"]) in " ".join(lines), lines
    assert len(loud) > 25, "eSpeak NG speaks when the speech service fails"
    assert "chat model failed" in log and "speech service failed" in log


async def typed_interview(server, answers, timeout=60.0):
    """Holds a whole interview answering by `text` messages (no speech recognition involved)."""
    interview = server.create(role="Backend engineer", techstack=["Postgres"], questionCount=len(answers))
    peer = CandidatePeer(server.signal_url(interview))
    await peer.connect()
    try:
        start = 0
        for answer in answers:
            listening = await peer.wait_for(lambda m: m.get("type") == "state" and m.get("state") == "listening", timeout, start)
            start = peer.index_of(listening) + 1
            await peer.send({"type": "text", "text": answer})
        await peer.wait_for(lambda m: m.get("type") == "complete", timeout, start)
    finally:
        await peer.close()
    return interview


def test_chat_model_scores_the_report_through_the_schema():
    answers = ["I would cache hot rows in Redis and invalidate on every write to Postgres, because reads dominate.",
               "First I profile the slow query with explain analyze, then add an index and measure again."]
    with loopback_only_network():
        fake = FakeOpenAI(bad_scores_first=True)
        server = RestartableParley(env={"PARLEY_LLM_URL": fake.url, "PARLEY_STT_URL": "http://127.0.0.1:9"})
        try:
            interview = asyncio.run(typed_interview(server, answers))
            deadline = time.time() + 20
            while True:
                status, report = server.get(f"/v1/interviews/{interview['id']}/report")
                if status == 200 and report["scorer"].startswith("llm:") or time.time() > deadline:
                    break
                time.sleep(0.2)
        finally:
            server.stop()
            fake.stop()
    assert status == 200, report
    assert report["scorer"] == "llm:gpt-4o-mini", f"the model's report replaced the embedded one: {report['scorer']}"
    assert len(fake.scoring_requests) == 2, "the schema-breaking first reply was sent back once for correction"
    first = fake.scoring_requests[0]
    assert first["response_format"]["type"] == "json_schema" and first["response_format"]["json_schema"]["strict"] is True
    assert first["temperature"] == 0
    correction = fake.scoring_requests[1]["messages"][-1]["content"]
    assert "score" in correction and "outside 0" in correction, correction
    assert [q["answered"] for q in report["questions"]] == [True, True]
    for q in report["questions"]:
        assert q["relevance"]["score"] == 4 and q["depth"]["score"] == 3 and q["structure"]["score"] == 2
        assert q["relevance"]["rationale"] == f"Fake rationale {q['index']}."
        assert 0 < q["score"] <= 100
    assert report["summary"].startswith("Fake model summary.")
    assert report["recommendation"] in ("strongHire", "hire", "leanNo", "no")
