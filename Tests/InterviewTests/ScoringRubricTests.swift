import Foundation
import XCTest
@testable import Interview

/// The language-model scoring contract: schema, prompt, and strict validation of replies.
final class ScoringRubricTests: XCTestCase {
    let questions = [
        PlannedQuestion(index: 0, text: "How would you design a cache in front of Postgres?", type: .technical, topics: ["cache", "invalidation"], tech: "Postgres"),
        PlannedQuestion(index: 1, text: "Tell me about a conflict in your team.", type: .behavioral, topics: ["conflict"]),
        PlannedQuestion(index: 2, text: "What is a mutex?", type: .technical, topics: ["lock"]),
    ]
    let answers = ["I would put Redis in front of Postgres and invalidate on write.", "We disagreed about a deadline and I mediated.", ""]
    let stack = ["Postgres", "Swift"]
    let rubric = ScoringRubric()

    func criterion(_ score: Any, _ rationale: Any = "Names a concrete mechanism.") -> [String: Any] {
        ["score": score, "rationale": rationale]
    }

    func evaluation(_ index: Any, relevance: Any = 4, depth: Any = 3, structure: Any = 2, tech: Any = 5) -> [String: Any] {
        ["index": index, "relevance": criterion(relevance), "depth": criterion(depth), "structure": criterion(structure), "techStack": criterion(tech)]
    }

    func reply(_ evaluations: [[String: Any]], summary: Any = "Solid on design, thin on conflict.") -> String {
        let data = try! JSONSerialization.data(withJSONObject: ["evaluations": evaluations, "summary": summary], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    func score(_ reply: String) throws -> InterviewReport {
        try rubric.report(fromReply: reply, questions: questions, answers: answers, techstack: stack, scorerName: "llm:test")
    }

    func testValidReplyBecomesAReportWithParleysArithmetic() throws {
        let report = try score(reply([evaluation(0), evaluation(1, relevance: 5, depth: 5, structure: 5, tech: 5)]))
        XCTAssertEqual(report.scorer, "llm:test")
        XCTAssertEqual(report.questions.map(\.index), [0, 1, 2])
        let first = report.questions[0]
        XCTAssertEqual([first.relevance.score, first.depth.score, first.structure.score, first.techStack.score], [4, 3, 2, 5])
        XCTAssertEqual(first.relevance.rationale, "Names a concrete mechanism.")
        XCTAssertEqual(first.score, Scorer.combinedScore([first.relevance, first.depth, first.structure, first.techStack]))
        let weightedMean: Double = 4 * 0.35 + 3 * 0.30 + 2 * 0.20 + 5 * 0.15  // weights sum to 1
        XCTAssertEqual(first.score, Int((weightedMean / 5 * 100).rounded()))
        // Behavioral question: the tech-stack criterion does not count, whatever the model said.
        let second = report.questions[1]
        XCTAssertEqual(second.techStack.weight, 0)
        XCTAssertEqual(second.score, 100)
        // Unanswered: scored 0 without the model.
        XCTAssertFalse(report.questions[2].answered)
        XCTAssertEqual(report.questions[2].score, 0)
        XCTAssertEqual(report.overallScore, Int((Double(first.score + 100 + 0) / 3).rounded()))
        XCTAssertEqual(report.recommendation, Scorer().recommendation(for: report.overallScore))
        XCTAssertTrue(report.summary.hasPrefix("Solid on design, thin on conflict. Overall \(report.overallScore)/100"), report.summary)
    }

    func testReplyInACodeFenceIsAccepted() throws {
        let fenced = "```json\n" + reply([evaluation(0), evaluation(1)]) + "\n```"
        XCTAssertEqual(try score(fenced).questions.filter(\.answered).count, 2)
    }

    func testViolationsNameTheirPath() {
        let cases: [(String, String, String)] = [
            ("not JSON", "{\"evaluations\": [", "$"),
            ("array at top", "[1, 2]", "$"),
            ("extra top-level key", reply([evaluation(0), evaluation(1)]).replacingOccurrences(of: "\"summary\"", with: "\"notes\":1,\"summary\""), "notes"),
            ("summary missing", "{\"evaluations\": []}", "summary"),
            ("evaluations not an array", "{\"evaluations\": 3, \"summary\": \"x\"}", "evaluations"),
            ("question missing", reply([evaluation(0)]), "evaluations"),
            ("unanswered question scored", reply([evaluation(0), evaluation(1), evaluation(2)]), "evaluations[2].index"),
            ("unknown question", reply([evaluation(0), evaluation(7)]), "evaluations[1].index"),
            ("duplicate question", reply([evaluation(0), evaluation(0)]), "evaluations[1].index"),
            ("score above 5", reply([evaluation(0, depth: 6), evaluation(1)]), "evaluations[0].depth.score"),
            ("negative score", reply([evaluation(0), evaluation(1, structure: -1)]), "evaluations[1].structure.score"),
            ("fractional score", reply([evaluation(0, relevance: 3.5), evaluation(1)]), "evaluations[0].relevance.score"),
            ("boolean score", reply([evaluation(0, relevance: true), evaluation(1)]), "evaluations[0].relevance.score"),
            ("string score", reply([evaluation(0, relevance: "4"), evaluation(1)]), "evaluations[0].relevance.score"),
            ("string index", reply([evaluation("0"), evaluation(1)]), "evaluations[0].index"),
            ("empty rationale", reply([["index": 0, "relevance": criterion(3, "  "), "depth": criterion(3), "structure": criterion(3), "techStack": criterion(3)], evaluation(1)]), "evaluations[0].relevance.rationale"),
            ("long rationale", reply([["index": 0, "relevance": criterion(3, String(repeating: "word ", count: 80)), "depth": criterion(3), "structure": criterion(3), "techStack": criterion(3)], evaluation(1)]), "evaluations[0].relevance.rationale"),
            ("criterion missing", reply([["index": 0, "relevance": criterion(3), "depth": criterion(3), "structure": criterion(3)], evaluation(1)]), "evaluations[0].techStack"),
            ("extra criterion key", reply([["index": 0, "relevance": ["score": 3, "rationale": "ok", "confidence": 1], "depth": criterion(3), "structure": criterion(3), "techStack": criterion(3)], evaluation(1)]), "evaluations[0].relevance.confidence"),
        ]
        for (name, text, path) in cases {
            XCTAssertThrowsError(try score(text), name) { error in
                XCTAssertEqual((error as? ScoringRubric.RubricViolation)?.path, path, "\(name): \(error)")
            }
        }
    }

    func testSchemaIsStrictAndCoversEveryCriterion() throws {
        let format = rubric.responseFormat
        XCTAssertEqual(format["type"] as? String, "json_schema")
        let wrapper = try XCTUnwrap(format["json_schema"] as? [String: Any])
        XCTAssertEqual(wrapper["strict"] as? Bool, true)
        let schema = try XCTUnwrap(wrapper["schema"] as? [String: Any])
        XCTAssertEqual(schema["additionalProperties"] as? Bool, false)
        let items = try XCTUnwrap(((schema["properties"] as? [String: Any])?["evaluations"] as? [String: Any])?["items"] as? [String: Any])
        XCTAssertEqual(Set(items["required"] as? [String] ?? []), ["index", "relevance", "depth", "structure", "techStack"])
        let relevance = try XCTUnwrap((items["properties"] as? [String: Any])?["relevance"] as? [String: Any])
        let scoreEnum = ((relevance["properties"] as? [String: Any])?["score"] as? [String: Any])?["enum"] as? [Int]
        XCTAssertEqual(scoreEnum, [0, 1, 2, 3, 4, 5])
        XCTAssertNoThrow(try JSONSerialization.data(withJSONObject: format))
    }

    func testPromptListsOnlyAnsweredQuestionsWithTheirAnswers() {
        let prompt = rubric.prompt(role: "Backend engineer", level: "senior", questions: questions, answers: answers, techstack: stack)
        XCTAssertTrue(prompt.contains("Role: Backend engineer (senior)"))
        XCTAssertTrue(prompt.contains("Tech stack: Postgres, Swift"))
        XCTAssertTrue(prompt.contains("Question 0 (technical): How would you design a cache in front of Postgres?"))
        XCTAssertTrue(prompt.contains("Answer: We disagreed about a deadline and I mediated."))
        XCTAssertFalse(prompt.contains("What is a mutex?"), "unanswered questions are not sent")
        XCTAssertTrue(rubric.hasAnswers(answers))
        XCTAssertFalse(rubric.hasAnswers(["", "  "]))
    }
}
