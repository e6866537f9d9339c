import XCTest
@testable import Interview

/// Drives an `InterviewMachine` with fabricated time.
struct Driver {
    var machine: InterviewMachine
    let t0 = ContinuousClock.now
    var nowMs: Int64 = 0
    /// Every action so far.
    var log: [InterviewAction] = []

    init(questions: Int = 3, settings: InterviewSettings = InterviewSettings(), name: String? = "Ada", stack: [String] = [],
         policy: any InterviewerPolicy = RuleBasedInterviewer()) {
        let plan = (0..<questions).map { i in
            PlannedQuestion(index: i, text: "Question \(i): how would you design a cache for a database?", type: .technical,
                            topics: ["cache", "invalidation", "database", "latency"])
        }
        machine = InterviewMachine(context: InterviewContext(role: "Backend Engineer", candidateName: name, techstack: stack, questions: plan),
                                   settings: settings, policy: policy)
    }

    @discardableResult
    mutating func send(_ event: InterviewEvent, at ms: Int64? = nil) -> [InterviewAction] {
        if let ms { nowMs = ms }
        let actions = machine.handle(event, now: t0 + .milliseconds(nowMs))
        log += actions
        return actions
    }

    /// Plays every queued utterance (start + finish), advancing 1 s per utterance.
    @discardableResult
    mutating func playQueued() -> [InterviewAction] {
        var actions: [InterviewAction] = []
        while let next = machine.state.queue.first, !machine.isCompleted {
            actions += send(.interviewerUtteranceStarted(id: next.id))
            nowMs += 1000
            actions += send(.interviewerUtteranceFinished(id: next.id))
        }
        return actions
    }

    mutating func answer(_ text: String) -> [InterviewAction] {
        send(.candidateSpeechStarted)
        let start = nowMs
        nowMs += 2000
        return send(.candidateFinal(text: text, startMs: start, endMs: nowMs))
    }
}

extension Array where Element == InterviewAction {
    var says: [(String, String, UtteranceKind)] {
        compactMap { if case let .say(id, text, kind) = $0 { return (id, text, kind) } else { return nil } }
    }
    var sayKinds: [UtteranceKind] { says.map(\.2) }
    var states: [InterviewState] {
        compactMap { if case let .setState(s, _) = $0 { return s } else { return nil } }
    }
    var records: [RecordedUtterance] {
        compactMap { if case let .recordUtterance(u) = $0 { return u } else { return nil } }
    }
    var completion: CompletionReason? {
        lazy.compactMap { if case let .complete(r) = $0 { return r } else { return nil } }.first
    }
}

let strongAnswer = "I would put a Redis cache in front of the database, read-through, with a TTL of about 60 seconds, "
    + "because most reads are hot keys. On writes I'd invalidate the key so latency stays low without stale data."

final class InterviewMachineTests: XCTestCase {
    func testFullScriptedInterview() {
        var d = Driver(questions: 2)
        // Start: greeting state, greeting + first question queued.
        let start = d.send(.start, at: 0)
        XCTAssertEqual(start.first, .setState(.greeting, questionIndex: 0))
        XCTAssertEqual(start.sayKinds, [.greeting, .question(0)])
        let greeting = start.says[0].1
        XCTAssertTrue(greeting.contains("Ada"), greeting)
        XCTAssertTrue(greeting.contains("Backend Engineer"), greeting)
        XCTAssertTrue(greeting.contains("two questions"), greeting)
        XCTAssertEqual(d.machine.phase, .greeting)

        // Greeting plays, then question 0: asking → listening.
        XCTAssertEqual(d.send(.interviewerUtteranceStarted(id: "u1"), at: 100), [])
        XCTAssertEqual(d.send(.interviewerUtteranceFinished(id: "u1"), at: 5000).records.map(\.kind), [.greeting])
        XCTAssertEqual(d.send(.interviewerUtteranceStarted(id: "u2"), at: 5100), [.setState(.asking, questionIndex: 0)])
        let heardQ0 = d.send(.interviewerUtteranceFinished(id: "u2"), at: 8000)
        XCTAssertEqual(heardQ0.states, [.listening])
        XCTAssertEqual(heardQ0.records.first?.startMs, 5100)
        XCTAssertEqual(heardQ0.records.first?.endMs, 8000)
        XCTAssertEqual(d.machine.phase, .listening)

        // A good answer: record, thinking, ack + next question.
        let a0 = d.answer(strongAnswer)
        XCTAssertEqual(a0.records.map(\.role), [.candidate])
        XCTAssertEqual(a0.records.first?.questionIndex, 0)
        XCTAssertEqual(a0.states, [.thinking])
        XCTAssertEqual(a0.sayKinds, [.ack, .question(1)])
        let speaking = d.send(.interviewerUtteranceStarted(id: a0.says[0].0))
        XCTAssertEqual(speaking, [.setState(.speaking, questionIndex: 0)], "the ack still belongs to question 0")
        d.send(.interviewerUtteranceFinished(id: a0.says[0].0))
        XCTAssertEqual(d.send(.interviewerUtteranceStarted(id: a0.says[1].0)), [.setState(.asking, questionIndex: 1)])
        XCTAssertEqual(d.send(.interviewerUtteranceFinished(id: a0.says[1].0)).states, [.listening])

        // Last answer → ack + closing → completed.
        let a1 = d.answer(strongAnswer + " For example we cut p99 latency from 300 to 40 milliseconds.")
        XCTAssertEqual(a1.sayKinds, [.ack, .closing])
        XCTAssertTrue(a1.says[1].1.contains("That's all my questions"), a1.says[1].1)
        XCTAssertNotEqual(a0.says[0].1, a1.says[0].1, "acknowledgements vary")
        let end = d.playQueued()
        XCTAssertEqual(end.states, [.speaking, .closing, .completed])
        XCTAssertEqual(end.completion, .finished)
        XCTAssertTrue(d.machine.isCompleted)
        XCTAssertEqual(d.send(.tick, at: 999_000), [], "completed machines stay quiet")

        // Transcript: greeting, q0, answer, ack, q1, answer, ack, closing.
        XCTAssertEqual(d.machine.transcript.map(\.role), [.interviewer, .interviewer, .candidate, .interviewer, .interviewer, .candidate, .interviewer, .interviewer])
        XCTAssertEqual(d.machine.answers.count, 2)
        XCTAssertTrue(d.machine.answers.allSatisfy { !$0.isEmpty })
        // Every recorded line was also emitted as an action.
        XCTAssertEqual(d.log.records, d.machine.transcript)
    }

    func testShortAnswerGetsExactlyOneFollowUp() {
        var d = Driver(questions: 2)
        d.send(.start)
        d.playQueued()
        let first = d.answer("Use a cache.")
        XCTAssertEqual(first.sayKinds, [.followUp])
        d.playQueued()
        XCTAssertEqual(d.machine.phase, .listening)
        XCTAssertEqual(d.machine.state.questionIndex, 0, "still on the same question")
        let second = d.answer("Maybe Redis.")
        XCTAssertEqual(second.sayKinds, [.ack, .question(1)], "no second follow-up")
        XCTAssertEqual(d.machine.state.followUps, [1, 0])
        XCTAssertEqual(d.machine.answers[0], "Use a cache. Maybe Redis.")
    }

    func testOffTopicAnswerGetsFollowUp() {
        var d = Driver(questions: 2)
        d.send(.start)
        d.playQueued()
        let reply = d.answer("I really enjoy hiking in the mountains with my family on weekends, and I also love cooking Italian food for friends.")
        XCTAssertEqual(reply.sayKinds, [.followUp])
        XCTAssertTrue(reply.says[0].1.contains("cache"), reply.says[0].1)
    }

    func testRepeatRequestRepeatsTheQuestion() {
        var d = Driver(questions: 2)
        d.send(.start)
        d.playQueued()
        let reply = d.answer("Sorry, could you repeat that?")
        XCTAssertEqual(reply.sayKinds, [.question(0)])
        XCTAssertTrue(reply.says[0].1.contains("Question 0"))
        XCTAssertEqual(d.machine.state.followUps[0], 0, "a repeat is not a follow-up")
    }

    func testSilenceRepromptsThenMovesOn() {
        var d = Driver(questions: 2, settings: InterviewSettings(silenceTimeoutMs: 8000))
        d.send(.start, at: 0)
        d.playQueued() // listening from t = 2000
        XCTAssertEqual(d.machine.phase, .listening)
        XCTAssertEqual(d.machine.nextDeadline(), d.t0 + .milliseconds(10_000))
        XCTAssertEqual(d.send(.tick, at: 9_999), [], "not yet")
        let reprompt = d.send(.tick, at: 10_000)
        XCTAssertEqual(reprompt.sayKinds, [.reprompt])
        XCTAssertEqual(reprompt.says[0].1, "Take your time — would you like me to repeat the question?")
        XCTAssertEqual(d.send(.tick, at: 10_500), [], "no second reprompt while it is queued")
        d.playQueued() // listening again from 11_500
        XCTAssertEqual(d.send(.tick, at: 19_000), [])
        let moveOn = d.send(.tick, at: 19_500)
        XCTAssertEqual(moveOn.sayKinds, [.ack, .question(1)])
        XCTAssertTrue(moveOn.says[0].1.contains("move on"), moveOn.says[0].1)
        XCTAssertEqual(d.machine.answers[0], "")
    }

    func testSpeechSuspendsTheSilenceTimer() {
        var d = Driver(questions: 1)
        d.send(.start, at: 0)
        d.playQueued()
        d.send(.candidateSpeechStarted, at: 3000)
        XCTAssertEqual(d.send(.tick, at: 30_000), [], "the candidate is talking")
        // An empty final (noise) restarts the timer.
        d.send(.candidateFinal(text: "  ", startMs: 3000, endMs: 30_000), at: 30_000)
        XCTAssertEqual(d.send(.tick, at: 37_999), [])
        XCTAssertEqual(d.send(.tick, at: 38_000).sayKinds, [.reprompt])
    }

    func testBargeInStopsSpeakingRecordsHeardTextAndListens() {
        var d = Driver(questions: 2)
        d.send(.start, at: 0)
        d.playQueued()
        let a0 = d.answer(strongAnswer)
        XCTAssertEqual(a0.sayKinds, [.ack, .question(1)])
        let ackId = a0.says[0].0
        d.send(.interviewerUtteranceStarted(id: ackId), at: 10_000)
        let barge = d.send(.bargeIn(utteranceId: ackId, heardText: "Thanks,", atMs: 10_400), at: 10_450)
        XCTAssertEqual(barge.first, .stopSpeaking)
        XCTAssertEqual(barge.records.count, 1)
        let interrupted = barge.records[0]
        XCTAssertEqual(interrupted.role, .interviewer)
        XCTAssertTrue(interrupted.interrupted)
        XCTAssertEqual(interrupted.heardText, "Thanks,")
        XCTAssertEqual(interrupted.startMs, 10_000)
        XCTAssertEqual(interrupted.endMs, 10_400)
        XCTAssertEqual(barge.states, [.listening])
        XCTAssertEqual(d.machine.phase, .listening)
        XCTAssertEqual(d.machine.state.questionIndex, 0, "the unplayed next question is taken back")
        XCTAssertTrue(d.machine.state.queue.isEmpty)
        // The candidate's addition extends answer 0, then the interview moves on again.
        let more = d.answer("Oh, and I'd also add metrics on the hit rate.")
        XCTAssertEqual(more.sayKinds, [.ack, .question(1)])
        XCTAssertTrue(d.machine.answers[0].hasSuffix("hit rate."))
    }

    func testBargeInDuringQuestionKeepsItsFocus() {
        var d = Driver(questions: 2)
        let start = d.send(.start, at: 0)
        d.send(.interviewerUtteranceStarted(id: start.says[0].0))
        d.send(.interviewerUtteranceFinished(id: start.says[0].0), at: 3000)
        d.send(.interviewerUtteranceStarted(id: start.says[1].0), at: 3000)
        let barge = d.send(.bargeIn(utteranceId: start.says[1].0, heardText: "Question 0: how would", atMs: 4000), at: 4000)
        XCTAssertEqual(barge.first, .stopSpeaking)
        XCTAssertEqual(barge.records.first?.heardText, "Question 0: how would")
        XCTAssertEqual(barge.records.first?.kind, .question(0))
        XCTAssertEqual(d.machine.state.questionIndex, 0)
        XCTAssertEqual(d.machine.phase, .listening)
    }

    func testCandidateEndClosesThenCompletes() {
        var d = Driver(questions: 3)
        d.send(.start, at: 0)
        d.playQueued()
        let end = d.send(.candidateEnded, at: 5000)
        XCTAssertEqual(end.states, [.closing])
        XCTAssertEqual(end.sayKinds, [.closing])
        XCTAssertTrue(end.says[0].1.contains("we can end here"), end.says[0].1)
        let done = d.playQueued()
        XCTAssertEqual(done.states, [.completed])
        XCTAssertEqual(done.completion, .candidateEnded)
    }

    func testCandidateEndWhileSpeakingInterrupts() {
        var d = Driver(questions: 3)
        let start = d.send(.start, at: 0)
        d.send(.interviewerUtteranceStarted(id: start.says[0].0), at: 0)
        let end = d.send(.candidateEnded, at: 1500)
        XCTAssertEqual(end.first, .stopSpeaking)
        XCTAssertEqual(end.records.first?.interrupted, true)
        XCTAssertEqual(end.records.first?.kind, .greeting)
        XCTAssertEqual(end.sayKinds, [.closing])
        // Even if the goodbye never reports finished, the closing grace completes the interview.
        XCTAssertEqual(d.send(.tick, at: 1500 + 20_000).completion, .candidateEnded)
    }

    func testMaxDurationClosesPolitely() {
        var d = Driver(questions: 5, settings: InterviewSettings(maxDurationMs: 60_000))
        d.send(.start, at: 0)
        d.playQueued()
        d.send(.candidateSpeechStarted, at: 3000)
        let timeUp = d.send(.tick, at: 60_000)
        XCTAssertEqual(timeUp.states, [.closing])
        XCTAssertEqual(timeUp.sayKinds, [.closing])
        XCTAssertTrue(timeUp.says[0].1.contains("end of our time"), timeUp.says[0].1)
        XCTAssertEqual(d.playQueued().completion, .maxDuration)
    }

    func testMaxDurationWhileSpeakingStopsFirst() {
        var d = Driver(questions: 5, settings: InterviewSettings(maxDurationMs: 60_000))
        let start = d.send(.start, at: 0)
        d.send(.interviewerUtteranceStarted(id: start.says[0].0), at: 59_000)
        let timeUp = d.send(.tick, at: 60_000)
        XCTAssertEqual(timeUp.first, .stopSpeaking)
        XCTAssertEqual(timeUp.sayKinds, [.closing])
        // Hard stop if the closing never plays.
        XCTAssertEqual(d.send(.tick, at: 80_000).completion, .maxDuration)
    }

    func testTimeBudgetSkipsRemainingQuestions() {
        var d = Driver(questions: 5, settings: InterviewSettings(maxDurationMs: 600_000, timeBudgetMs: 30_000))
        d.send(.start, at: 0)
        d.playQueued()
        d.nowMs = 40_000
        let reply = d.answer(strongAnswer)
        XCTAssertEqual(reply.sayKinds, [.ack, .closing])
        XCTAssertTrue(reply.says[1].1.contains("over time"), reply.says[1].1)
        XCTAssertEqual(d.playQueued().completion, .finished)
    }

    func testDisconnectAndReconnectWithinGraceResumesSameQuestion() {
        var d = Driver(questions: 3)
        d.send(.start, at: 0)
        d.playQueued()
        _ = d.answer(strongAnswer)
        d.playQueued() // now listening on question 1
        XCTAssertEqual(d.machine.state.questionIndex, 1)
        let drop = d.send(.disconnected, at: 20_000)
        XCTAssertEqual(drop, [.markDisconnected])
        XCTAssertEqual(d.machine.phase, .disconnected)
        XCTAssertEqual(d.machine.nextDeadline(), d.t0 + .milliseconds(80_000))
        XCTAssertEqual(d.send(.tick, at: 50_000), [])
        let back = d.send(.reconnected, at: 60_000)
        XCTAssertEqual(back.states, [.thinking])
        XCTAssertEqual(back.sayKinds, [.ack, .question(1)])
        XCTAssertTrue(back.says[0].1.contains("Welcome back"))
        XCTAssertTrue(back.says[1].1.contains("Question 1"))
        d.playQueued()
        XCTAssertEqual(d.machine.phase, .listening)
        XCTAssertEqual(d.machine.state.questionIndex, 1)
    }

    func testDisconnectWhileSpeakingRecordsInterruption() {
        var d = Driver(questions: 3)
        let start = d.send(.start, at: 0)
        d.send(.interviewerUtteranceStarted(id: start.says[0].0), at: 0)
        let drop = d.send(.disconnected, at: 1000)
        XCTAssertEqual(drop.first, .stopSpeaking)
        XCTAssertEqual(drop.records.first?.interrupted, true)
        XCTAssertEqual(drop.last, .markDisconnected)
        let back = d.send(.reconnected, at: 5000)
        XCTAssertEqual(back.sayKinds, [.greeting, .question(0)], "no question asked yet: start over")
    }

    func testDisconnectBeyondGraceCompletes() {
        var d = Driver(questions: 3, settings: InterviewSettings(reconnectGraceMs: 60_000))
        d.send(.start, at: 0)
        d.playQueued()
        d.send(.disconnected, at: 10_000)
        let expired = d.send(.tick, at: 70_000)
        XCTAssertEqual(expired.states, [.completed])
        XCTAssertEqual(expired.completion, .disconnected)
        XCTAssertEqual(d.send(.reconnected, at: 71_000), [], "too late")

        // Reconnecting late without any tick in between also completes.
        var e = Driver(questions: 3, settings: InterviewSettings(reconnectGraceMs: 60_000))
        e.send(.start, at: 0)
        e.playQueued()
        e.send(.disconnected, at: 10_000)
        XCTAssertEqual(e.send(.reconnected, at: 90_000).completion, .disconnected)
    }

    func testStateRoundTripsThroughCodableAndResumes() throws {
        var d = Driver(questions: 3)
        d.send(.start, at: 0)
        d.playQueued()
        _ = d.answer(strongAnswer)
        d.playQueued()
        d.send(.disconnected, at: 15_000)
        let data = try JSONEncoder().encode(d.machine.state)
        let restoredState = try JSONDecoder().decode(InterviewMachineState.self, from: data)
        XCTAssertEqual(restoredState, d.machine.state)
        // A new process: a different clock origin; elapsed time continues from the snapshot.
        var restored = InterviewMachine(context: d.machine.context, settings: d.machine.settings, restoring: restoredState)
        let later = ContinuousClock.now + .seconds(1000)
        let back = restored.handle(.reconnected, now: later)
        XCTAssertEqual(back.sayKinds, [.ack, .question(1)])
        XCTAssertEqual(restored.state.answers, d.machine.state.answers)
    }

    func testTypedTextWhileSpeakingIsHandledAfterwards() {
        var d = Driver(questions: 2)
        let start = d.send(.start, at: 0)
        d.send(.interviewerUtteranceStarted(id: start.says[0].0), at: 0)
        // Small talk over the greeting is recorded but not taken as an answer.
        XCTAssertEqual(d.send(.candidateTyped(text: "Hello!"), at: 500).records.map(\.role), [.candidate])
        d.send(.interviewerUtteranceFinished(id: start.says[0].0), at: 1000)
        d.send(.interviewerUtteranceStarted(id: start.says[1].0), at: 1000)
        // Typed while the question plays: handled once it finishes.
        XCTAssertEqual(d.send(.candidateTyped(text: strongAnswer), at: 2000).sayKinds, [])
        let after = d.send(.interviewerUtteranceFinished(id: start.says[1].0), at: 4000)
        XCTAssertEqual(after.states.prefix(2), [.listening, .thinking])
        XCTAssertEqual(after.sayKinds, [.ack, .question(1)])
        XCTAssertEqual(d.machine.answers[0], strongAnswer)
    }

    func testExternalPolicyRequestsRepliesAndFallsBack() {
        var d = Driver(questions: 2, settings: InterviewSettings(externalPolicyTimeoutMs: 3000))
        let start = d.send(.start, at: 0)
        guard case let .requestReply(id, input)? = start.last else { return XCTFail("expected a request: \(start)") }
        XCTAssertEqual(input.trigger, .start)
        XCTAssertEqual(input.questions.count, 2)
        // Streamed in two parts.
        let part1 = d.send(.policyReply(requestId: id, segments: [PolicySegment("Hello from the model.", kind: .greeting)], isComplete: false), at: 200)
        XCTAssertEqual(part1.sayKinds, [.greeting])
        let part2 = d.send(.policyReply(requestId: id, segments: [PolicySegment("First: caches?", kind: .question(0))], isComplete: true), at: 400)
        XCTAssertEqual(part2.sayKinds, [.question(0)])
        XCTAssertEqual(d.send(.policyReply(requestId: id, segments: [PolicySegment("late", kind: .ack)], isComplete: true)), [], "stale replies are ignored")
        d.playQueued()
        XCTAssertEqual(d.machine.phase, .listening)
        // No reply within the timeout → the built-in policy answers.
        let answer = d.answer(strongAnswer)
        XCTAssertEqual(answer.sayKinds, [])
        guard case .requestReply? = answer.last else { return XCTFail("expected a request") }
        let fallback = d.send(.tick, at: d.nowMs + 3000)
        XCTAssertEqual(fallback.sayKinds, [.ack, .question(1)])
    }

    func testInterviewerNeverRepeatsAnAcknowledgementBackToBack() {
        var d = Driver(questions: 8)
        d.send(.start)
        d.playQueued()
        var acks: [String] = []
        for _ in 0..<7 {
            let reply = d.answer(strongAnswer)
            if let ack = reply.says.first(where: { $0.2 == .ack }) { acks.append(ack.1) }
            d.playQueued()
        }
        XCTAssertEqual(acks.count, 7)
        for (a, b) in zip(acks, acks.dropFirst()) { XCTAssertNotEqual(a, b) }
        XCTAssertGreaterThanOrEqual(Set(acks).count, 3)
    }
}
