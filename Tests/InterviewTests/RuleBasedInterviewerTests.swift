import XCTest
@testable import Interview

final class RuleBasedInterviewerTests: XCTestCase {
    let policy = RuleBasedInterviewer()

    func input(_ trigger: PolicyTrigger, plan: [PlannedQuestion], index: Int? = 0, answer: String = "", followUps: Int = 0,
               silence: Int = 0, name: String? = nil, turn: Int = 0, recent: [String] = []) -> PolicyInput {
        PolicyInput(trigger: trigger, role: "Senior iOS engineer", candidateName: name, techstack: ["Swift"], questions: plan,
                    questionIndex: index, answerSoFar: answer, latestAnswer: answer, followUpsAsked: followUps, silenceCount: silence,
                    turn: turn, recentInterviewerLines: recent)
    }

    var plan: [PlannedQuestion] {
        QuestionPlanner.plan(role: "Senior iOS engineer", type: .mixed, level: .senior, techstack: ["Swift"], count: 4, seed: 5)
    }

    func testGreetingMentionsNameRoleAndCount() {
        let withName = policy.reply(for: input(.start, plan: plan, index: nil, name: "Grace")).segments
        XCTAssertEqual(withName.map(\.kind), [.greeting, .question(0)])
        XCTAssertTrue(withName[0].text.hasPrefix("Hi Grace, thanks for joining."), withName[0].text)
        XCTAssertTrue(withName[0].text.contains("Senior iOS engineer role"))
        XCTAssertTrue(withName[0].text.contains("four questions"))
        XCTAssertEqual(withName[1].text, plan[0].text, "the first question is asked as written")
        let anonymous = policy.reply(for: input(.start, plan: Array(plan.prefix(1)), index: nil)).segments
        XCTAssertTrue(anonymous[0].text.hasPrefix("Hi there"), anonymous[0].text)
        XCTAssertTrue(anonymous[0].text.contains("one question"))
    }

    func testOnTopicAnswersToBankQuestionsAreNotChallenged() {
        // Realistic answers that don't reuse the question's words must not be taken as off-topic.
        let table: [(String, String)] = [
            ("general.b10", "Rebuilding our billing system last year. It cut invoice errors in half and saved the finance folks a day every month, and I led it."),
            ("general.b1", "My colleague wanted to ship without tests and I pushed back; we talked it through and agreed on a smaller release with the critical tests first."),
            ("mobile.t4", "I keep tokens in the Keychain with the right accessibility class, never in UserDefaults, and I add biometric protection for the refresh token."),
        ]
        for (id, answer) in table {
            guard let bank = QuestionBank.standard.question(id: id) else { return XCTFail(id) }
            let q = PlannedQuestion(index: 0, text: bank.text, type: bank.type, topics: bank.topics, bankId: id)
            let reply = policy.reply(for: input(.answer, plan: [q, q], answer: answer)).segments
            XCTAssertEqual(reply.map(\.kind), [.ack, .question(1)], "\(id): \(reply)")
        }
    }

    func testFollowUpRules() {
        let p = plan
        // Short.
        XCTAssertEqual(policy.reply(for: input(.answer, plan: p, index: 1, answer: "Crash logs.")).segments.map(\.kind), [.followUp])
        // "I don't know" gets a gentle probe, not a repeat.
        let dunno = policy.reply(for: input(.answer, plan: p, index: 1, answer: "Honestly I don't know.")).segments
        XCTAssertEqual(dunno.map(\.kind), [.followUp])
        XCTAssertTrue(dunno[0].text.contains("figur") || dunno[0].text.contains("find out"), dunno[0].text)
        // Already followed up: move on.
        XCTAssertEqual(policy.reply(for: input(.answer, plan: p, index: 1, answer: "Crash logs.", followUps: 1)).segments.map(\.kind), [.ack, .question(2)])
        // Skip.
        let skip = policy.reply(for: input(.answer, plan: p, index: 1, answer: "Can we skip this one?")).segments
        XCTAssertEqual(skip.map(\.kind), [.ack, .question(2)])
        // Last question → closing.
        let last = policy.reply(for: input(.answer, plan: p, index: 3, answer: strongAnswer, followUps: 1)).segments
        XCTAssertEqual(last.map(\.kind), [.ack, .closing])
    }

    func testSilenceAndResume() {
        let p = plan
        XCTAssertEqual(policy.reply(for: input(.silence, plan: p, index: 2, silence: 1)).segments.map(\.kind), [.reprompt])
        XCTAssertEqual(policy.reply(for: input(.silence, plan: p, index: 2, silence: 2)).segments.map(\.kind), [.ack, .question(3)])
        // Silence after a partial answer (following a follow-up) moves on at once.
        XCTAssertEqual(policy.reply(for: input(.silence, plan: p, index: 2, answer: "Something.", followUps: 1, silence: 1)).segments.map(\.kind), [.ack, .question(3)])
        let resume = policy.reply(for: input(.resume, plan: p, index: 2)).segments
        XCTAssertEqual(resume.map(\.kind), [.ack, .question(2)])
        XCTAssertTrue(resume[1].text.hasSuffix(p[2].text))
    }

    func testClosingsAreParticularToTheReason() {
        let ended = policy.reply(for: input(.candidateEnded, plan: plan, name: "Grace")).segments
        XCTAssertEqual(ended.map(\.kind), [.closing])
        XCTAssertTrue(ended[0].text.contains("Grace"))
        let timeUp = policy.reply(for: input(.timeUp, plan: plan)).segments
        XCTAssertTrue(timeUp[0].text.contains("end of our time"))
    }

    func testAcknowledgementsAvoidRecentLines() {
        let answer = String(repeating: "we measured the cache hit rate and tuned it ", count: 3)
        let first = policy.reply(for: input(.answer, plan: plan, index: 0, answer: answer, followUps: 1, turn: 4)).segments[0].text
        let second = policy.reply(for: input(.answer, plan: plan, index: 0, answer: answer, followUps: 1, turn: 4, recent: [first])).segments[0].text
        XCTAssertNotEqual(first, second)
        // Deterministic.
        XCTAssertEqual(policy.reply(for: input(.answer, plan: plan, index: 0, answer: answer, followUps: 1, turn: 4)).segments[0].text, first)
    }

    func testTransitionsBetweenQuestionTypes() {
        let p = plan // behavioral, technical, behavioral, technical
        let toTechnical = policy.reply(for: input(.answer, plan: p, index: 0, answer: strongAnswer, followUps: 1)).segments[1].text
        XCTAssertTrue(toTechnical.hasPrefix("Let's switch to something more technical."), toTechnical)
        let toLast = policy.reply(for: input(.answer, plan: p, index: 2, answer: strongAnswer, followUps: 1)).segments[1].text
        XCTAssertTrue(toLast.hasPrefix("And the last one."), toLast)
    }
}
