import XCTest
@testable import Interview

final class ScorerTests: XCTestCase {
    func planned(_ id: String, index: Int = 0, tech: String? = nil) -> PlannedQuestion {
        guard let q = QuestionBank.standard.question(id: id) else { XCTFail("no \(id)"); return PlannedQuestion(index: 0, text: "", type: .technical, topics: []) }
        var topics = q.topics
        if let tech { topics.insert(tech, at: 0) }
        return PlannedQuestion(index: index, text: q.text(tech: tech), type: q.type, topics: topics, tech: tech, bankId: q.id)
    }

    struct Case {
        let name: String
        let questionId: String
        let tech: String?
        let stack: [String]
        let strong: String
        let vague: String
    }

    let cases: [Case] = [
        Case(name: "database index", questionId: "backend.t3", tech: nil, stack: ["Go", "PostgreSQL"],
             strong: "I'd add an index when a query filters or joins on a column and the plan shows a sequential scan on a big table. "
                + "For example, at my last job a PostgreSQL orders table with 40 million rows took 2 seconds per lookup by customer id; "
                + "a btree index brought it to 3 milliseconds. The cost is on writes, because every insert and update has to maintain "
                + "the index, and it takes storage. So first I check the read to write ratio and the cardinality, then I measure.",
             vague: "Indexes make things faster. You add them when it's slow, I guess. They're good."),
        Case(name: "disagreement (behavioral)", questionId: "general.b1", tech: nil, stack: ["Go"],
             strong: "At my previous company we had a disagreement about whether to rewrite our billing service. My role was tech lead, "
                + "and I needed to get the team to a decision within a sprint. I set up a meeting where each teammate wrote down the "
                + "risks, and I proposed a two week spike to measure the real cost. As a result we agreed to refactor instead of rewrite, "
                + "shipped it in six weeks, and reduced billing errors by 30 percent. I learned to turn opinions into experiments.",
             vague: "I don't really have conflicts. I get along with people and we usually just figure it out somehow."),
        Case(name: "stack-templated", questionId: "general.t1", tech: "Kafka", stack: ["Kafka", "Go"],
             strong: "We ran Kafka in production for order events, about 20 thousand messages a second across 12 partitions, with "
                + "consumers written in Go. It did well on throughput and replay, because the log is durable. It struggled when "
                + "consumer lag grew during rebalances, so we added monitoring on lag and tuned the session timeouts, which cut "
                + "rebalance pauses from 30 seconds to about 2.",
             vague: "Yes, I used it a bit at work. It was fine mostly, some issues sometimes."),
    ]

    func testStrongAnswersOutscoreVagueOnes() {
        let scorer = Scorer()
        for c in cases {
            let q = planned(c.questionId, tech: c.tech)
            let strong = scorer.evaluate(answer: c.strong, to: q, techstack: c.stack)
            let vague = scorer.evaluate(answer: c.vague, to: q, techstack: c.stack)
            XCTAssertGreaterThan(strong.score, vague.score + 30, c.name)
            XCTAssertGreaterThan(strong.relevance.score, vague.relevance.score, "\(c.name) relevance: \(strong.relevance.rationale) | \(vague.relevance.rationale)")
            XCTAssertGreaterThan(strong.depth.score, vague.depth.score, "\(c.name) depth: \(strong.depth.rationale)")
            XCTAssertGreaterThan(strong.structure.score, vague.structure.score, "\(c.name) structure: \(strong.structure.rationale)")
            XCTAssertGreaterThanOrEqual(strong.score, 70, "\(c.name): \(strong)")
            XCTAssertLessThanOrEqual(vague.score, 35, "\(c.name): \(vague)")
            for e in [strong, vague] {
                for criterion in [e.relevance, e.depth, e.structure, e.techStack] {
                    XCTAssertFalse(criterion.rationale.isEmpty, c.name)
                    XCTAssertTrue((0...5).contains(criterion.score), c.name)
                }
            }
        }
    }

    func testTechStackCoverage() {
        let scorer = Scorer()
        let q = planned("backend.t4")
        let stack = ["Go", "PostgreSQL", "Redis"]
        let none = scorer.evaluate(answer: "I would profile the endpoint first, then look at the slow queries and add a cache.", to: q, techstack: stack)
        let some = scorer.evaluate(answer: "I would profile the Go handler with pprof, then check slow Postgres queries and add Redis as a cache.", to: q, techstack: stack)
        XCTAssertEqual(none.techStack.score, 0)
        XCTAssertTrue(none.techStack.rationale.contains("Doesn't mention"), none.techStack.rationale)
        XCTAssertEqual(some.techStack.score, 5, some.techStack.rationale)
        XCTAssertTrue(some.techStack.rationale.contains("Go"), some.techStack.rationale)
        // Behavioral questions don't score the stack.
        let b = scorer.evaluate(answer: cases[1].strong, to: planned("general.b1"), techstack: stack)
        XCTAssertEqual(b.techStack.weight, 0)
        XCTAssertTrue(b.techStack.rationale.hasPrefix("Not scored"))
    }

    func testReportIsDeterministicAndCodable() throws {
        let questions = [planned("backend.t3", index: 0), planned("general.b1", index: 1), planned("backend.t4", index: 2)]
        let answers = [cases[0].strong, cases[1].vague]
        let a = Scorer().report(questions: questions, answers: answers, techstack: ["Go"])
        let b = Scorer().report(questions: questions, answers: answers, techstack: ["Go"])
        XCTAssertEqual(a, b)
        XCTAssertEqual(a.questions.count, 3)
        XCTAssertFalse(a.questions[2].answered)
        XCTAssertEqual(a.questions[2].score, 0)
        XCTAssertEqual(a.questions[2].relevance.rationale, "No answer was given.")
        XCTAssertEqual(a.overallScore, Int((Double(a.questions.map(\.score).reduce(0, +)) / 3).rounded()))
        XCTAssertTrue(a.summary.contains("Answered 2 of 3"), a.summary)
        let json = try JSONEncoder().encode(a)
        XCTAssertEqual(try JSONDecoder().decode(InterviewReport.self, from: json), a)
        let text = String(decoding: json, as: UTF8.self)
        XCTAssertTrue(text.contains("\"recommendation\""))
        XCTAssertTrue(text.contains("\"overallScore\""))
    }

    func testRecommendationThresholds() {
        let scorer = Scorer()
        let table: [(Int, Recommendation)] = [(100, .strongHire), (75, .strongHire), (74, .hire), (60, .hire), (59, .leanNo), (40, .leanNo), (39, .no), (0, .no)]
        for (score, expected) in table { XCTAssertEqual(scorer.recommendation(for: score), expected, "\(score)") }
        XCTAssertEqual(Recommendation.leanNo.displayName, "lean no")
    }

    func testStrongInterviewIsRecommendedAndWeakIsNot() {
        let questions = [planned("backend.t3", index: 0), planned("general.b1", index: 1)]
        let strong = Scorer().report(questions: questions, answers: [cases[0].strong, cases[1].strong], techstack: ["Go", "PostgreSQL"])
        let weak = Scorer().report(questions: questions, answers: [cases[0].vague, cases[1].vague], techstack: ["Go", "PostgreSQL"])
        XCTAssertTrue([.strongHire, .hire].contains(strong.recommendation), "\(strong.overallScore) \(strong.summary)")
        XCTAssertEqual(weak.recommendation, .no, "\(weak.overallScore)")
    }

    func testMachineReportUsesCollectedAnswers() {
        var d = Driver(questions: 2)
        d.send(.start)
        d.playQueued()
        _ = d.answer(strongAnswer)
        d.playQueued()
        let report = d.machine.report()
        XCTAssertEqual(report.questions.count, 2)
        XCTAssertTrue(report.questions[0].answered)
        XCTAssertFalse(report.questions[1].answered)
        XCTAssertGreaterThan(report.questions[0].relevance.score, 2, report.questions[0].relevance.rationale)
    }

    func testUtteranceKindCodableShape() throws {
        let json = String(decoding: try JSONEncoder().encode(UtteranceKind.question(2)), as: UTF8.self)
        XCTAssertTrue(json.contains("\"kind\":\"question\"") && json.contains("\"index\":2"), json)
        for kind: UtteranceKind in [.greeting, .question(0), .followUp, .ack, .reprompt, .closing] {
            XCTAssertEqual(try JSONDecoder().decode(UtteranceKind.self, from: JSONEncoder().encode(kind)), kind)
        }
        XCTAssertThrowsError(try JSONDecoder().decode(UtteranceKind.self, from: Data(#"{"kind":"sing"}"#.utf8)))
    }
}
