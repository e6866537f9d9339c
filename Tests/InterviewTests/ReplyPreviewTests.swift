import XCTest
@testable import Interview

/// Preemptive replies: which lines can be prepared while the candidate is still answering.
final class ReplyPreviewTests: XCTestCase {
    func testALongOnTopicAnswerPreviewsTheSameLinesTheFinalGets() {
        var d = Driver(questions: 3)
        d.send(.start)
        d.playQueued()
        d.send(.candidateSpeechStarted)
        let before = d.machine.state
        let preview = d.machine.previewReplyLines(toAnswer: strongAnswer, now: d.t0 + .milliseconds(d.nowMs))
        XCTAssertEqual(d.machine.state, before, "previewing changes nothing")
        let lines = try? XCTUnwrap(preview)
        XCTAssertEqual(lines?.count, 2, "an acknowledgement and the next question")
        XCTAssertTrue(lines?.last?.contains("Question 1") ?? false, "\(lines ?? [])")

        // The real final with the same words says exactly those lines.
        let reply = d.send(.candidateFinal(text: strongAnswer, startMs: d.nowMs, endMs: d.nowMs + 2000), at: d.nowMs + 2000)
        XCTAssertEqual(reply.says.map(\.1), lines)
    }

    func testTheLastAnswerPreviewsTheClosing() {
        var d = Driver(questions: 1)
        d.send(.start)
        d.playQueued()
        let lines = d.machine.previewReplyLines(toAnswer: strongAnswer, now: d.t0 + .milliseconds(d.nowMs))
        XCTAssertEqual(lines?.count, 2)
        XCTAssertTrue(lines?.last?.contains("Goodbye") ?? false)
    }

    func testAnswersWhoseContentMattersPreviewNothing() {
        var d = Driver(questions: 3)
        d.send(.start)
        d.playQueued()
        let now = d.t0 + .milliseconds(d.nowMs)
        XCTAssertNil(d.machine.previewReplyLines(toAnswer: "Use a cache.", now: now), "short: a follow-up comes")
        XCTAssertNil(d.machine.previewReplyLines(toAnswer: "I really enjoy hiking in the mountains with my family on weekends, and I also love cooking Italian food for friends.", now: now), "off-topic: a follow-up comes")
        XCTAssertNil(d.machine.previewReplyLines(toAnswer: "Sorry, could you repeat that?", now: now), "a repeat of the same question")
        XCTAssertNil(d.machine.previewReplyLines(toAnswer: "", now: now))
    }

    func testNothingIsPreviewedWhileTheInterviewerSpeaksOrWithAnExternalPolicy() {
        var d = Driver(questions: 3)
        d.send(.start)
        XCTAssertNil(d.machine.previewReplyLines(toAnswer: strongAnswer, now: d.t0), "greeting: not answering yet")

        var external = Driver(questions: 3, settings: InterviewSettings(externalPolicyTimeoutMs: 4000))
        external.send(.start)
        XCTAssertNil(external.machine.previewReplyLines(toAnswer: strongAnswer, now: external.t0 + .seconds(5)))
    }
}
