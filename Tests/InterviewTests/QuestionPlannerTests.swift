import XCTest
@testable import Interview

final class QuestionPlannerTests: XCTestCase {
    func testBankIsLargeAndWellFormed() {
        let bank = QuestionBank.standard
        XCTAssertGreaterThanOrEqual(bank.questions.count, 120)
        XCTAssertEqual(Set(bank.questions.map(\.id)).count, bank.questions.count, "ids are unique")
        XCTAssertEqual(Set(bank.questions.map(\.text)).count, bank.questions.count, "texts are unique")
        for q in bank.questions {
            XCTAssertFalse(q.levels.isEmpty, q.id)
            XCTAssertGreaterThanOrEqual(q.topics.count, 4, q.id)
            XCTAssertLessThanOrEqual(TextAnalyzer.wordCount(q.text), 25, "spoken questions stay short: \(q.id)")
        }
        for family in RoleFamily.allCases {
            for type in QuestionType.allCases {
                let own = bank.questions(family: family, type: type, includeGeneric: false)
                XCTAssertGreaterThanOrEqual(own.count, 8, "\(family) \(type)")
                for level in InterviewLevel.allCases {
                    XCTAssertGreaterThanOrEqual(bank.questions(family: family, type: type).filter { $0.levels.contains(level) }.count, 3, "\(family) \(type) \(level)")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(bank.questions(family: nil, type: .behavioral).count, 12)
    }

    func testRoleFamilyMapping() {
        let table: [(String, [String], RoleFamily)] = [
            ("Senior iOS engineer", [], .mobile),
            ("Android Developer", [], .mobile),
            ("Backend Engineer (Go)", [], .backend),
            ("Java developer", [], .backend),
            ("Frontend Engineer (React)", [], .frontend),
            ("Web developer", [], .frontend),
            ("Full Stack Developer (React/Node)", [], .fullstack),
            ("Data Scientist", [], .data),
            ("Machine Learning Engineer", [], .data),
            ("ML Platform Engineer", [], .data),
            ("DevOps Engineer", [], .devops),
            ("Site Reliability Engineer", [], .devops),
            ("Platform engineer", [], .devops),
            ("Engineering Manager, Payments", [], .engineeringManager),
            ("Head of Engineering", [], .engineeringManager),
            ("Product Manager", [], .product),
            ("Product Designer", [], .product),
            ("QA Engineer", [], .product),
            ("Pastry chef", [], .product),
            ("Software Engineer", [], .fullstack),
            ("Software Engineer", ["Swift", "SwiftUI"], .mobile),
            ("Software Engineer", ["Go", "PostgreSQL"], .backend),
            ("", [], .fullstack),
        ]
        for (role, stack, expected) in table {
            XCTAssertEqual(RoleFamily.classify(role: role, techstack: stack), expected, "\(role) \(stack)")
        }
    }

    func testLevelInference() {
        XCTAssertEqual(InterviewLevel.infer(fromRole: "Senior iOS engineer"), .senior)
        XCTAssertEqual(InterviewLevel.infer(fromRole: "Staff Engineer"), .senior)
        XCTAssertEqual(InterviewLevel.infer(fromRole: "Junior frontend developer"), .junior)
        XCTAssertEqual(InterviewLevel.infer(fromRole: "Graduate software engineer"), .junior)
        XCTAssertNil(InterviewLevel.infer(fromRole: "Backend Engineer (Go)"))
    }

    func testPlanIsDeterministicForASeed() {
        let a = QuestionPlanner.plan(role: "Backend Engineer", type: .mixed, level: .mid, techstack: ["Go", "PostgreSQL"], count: 6, seed: 42)
        let b = QuestionPlanner.plan(role: "Backend Engineer", type: .mixed, level: .mid, techstack: ["Go", "PostgreSQL"], count: 6, seed: 42)
        XCTAssertEqual(a, b)
        let seeds: [UInt64] = [1, 2, 3, 4, 5]
        let plans = Set(seeds.map { QuestionPlanner.plan(role: "Backend Engineer", type: .technical, level: .mid, techstack: [], count: 5, seed: $0).map(\.bankId) })
        XCTAssertGreaterThan(plans.count, 1, "different seeds give different plans")
        XCTAssertEqual(QuestionPlanner.seed(from: "abc"), QuestionPlanner.seed(from: "abc"))
        XCTAssertNotEqual(QuestionPlanner.seed(from: "abc"), QuestionPlanner.seed(from: "abd"))
    }

    func testCountTypeAndIndexes() {
        for count in [1, 3, 5, 10, 20] {
            for type in InterviewType.allCases {
                let plan = QuestionPlanner.plan(role: "Frontend Engineer", type: type, level: .mid, techstack: [], count: count, seed: 7)
                XCTAssertEqual(plan.count, count, "\(type) \(count)")
                XCTAssertEqual(plan.map(\.index), Array(0..<count))
                XCTAssertEqual(Set(plan.map(\.bankId)).count, count, "no duplicates")
                XCTAssertEqual(Set(plan.map(\.text)).count, count, "no duplicate texts")
                switch type {
                case .technical: XCTAssertTrue(plan.allSatisfy { $0.type == .technical })
                case .behavioral: XCTAssertTrue(plan.allSatisfy { $0.type == .behavioral })
                case .mixed:
                    if count > 1 {
                        for (i, q) in plan.enumerated() { XCTAssertEqual(q.type, i % 2 == 0 ? .behavioral : .technical, "mixed alternates") }
                    }
                }
            }
        }
    }

    func testLevelIsRespectedWhenPossible() {
        let bank = QuestionBank.standard
        for level in InterviewLevel.allCases {
            let plan = QuestionPlanner.plan(role: "Data Scientist", type: .technical, level: level, techstack: [], count: 3, seed: 9)
            for q in plan {
                XCTAssertTrue(bank.question(id: q.bankId)?.levels.contains(level) ?? false, "\(q.bankId) at \(level)")
            }
        }
        // Asking for more than the level has falls back to neighbouring levels without duplicates.
        let big = QuestionPlanner.plan(role: "Data Scientist", type: .technical, level: .senior, techstack: [], count: 14, seed: 9)
        XCTAssertEqual(big.count, 14)
        XCTAssertEqual(Set(big.map(\.bankId)).count, 14)
    }

    func testTechStackQuestionsAreIncluded() {
        let plan = QuestionPlanner.plan(role: "Senior iOS engineer", type: .technical, level: .senior, techstack: ["Swift", "SwiftUI", "Combine"], count: 6, seed: 3)
        let templated = plan.filter { $0.tech != nil }
        XCTAssertEqual(templated.count, 2)
        XCTAssertEqual(templated.map(\.tech), ["Swift", "SwiftUI"], "cycles through the stack in order")
        for q in templated {
            XCTAssertTrue(q.text.contains(q.tech ?? "?"), q.text)
            XCTAssertFalse(q.text.contains("{tech}"))
            XCTAssertEqual(q.topics.first, q.tech)
        }
        XCTAssertTrue(plan.allSatisfy { !$0.text.contains("{tech}") })
        // No stack → no templated questions.
        let plain = QuestionPlanner.plan(role: "Senior iOS engineer", type: .technical, level: .senior, techstack: [], count: 6, seed: 3)
        XCTAssertTrue(plain.allSatisfy { $0.tech == nil })
        // A behavioral plan with a stack still gets one stack question, and one item suffices.
        let behavioral = QuestionPlanner.plan(role: "Backend Engineer", type: .behavioral, level: .mid, techstack: [" Kafka ", ""], count: 3, seed: 3)
        XCTAssertEqual(behavioral.filter { $0.tech == "Kafka" }.count, 1)
    }

    func testOpenerStartsBehavioralAndMixedPlans() {
        let plan = QuestionPlanner.plan(role: "Product Manager", type: .behavioral, level: .junior, techstack: [], count: 4, seed: 11)
        XCTAssertTrue(QuestionBank.standard.question(id: plan[0].bankId)?.isOpener ?? false)
        XCTAssertFalse(plan.dropFirst().contains { QuestionBank.standard.question(id: $0.bankId)?.isOpener ?? false })
        let technical = QuestionPlanner.plan(role: "Product Manager", type: .technical, level: .junior, techstack: [], count: 4, seed: 11)
        XCTAssertFalse(technical.contains { QuestionBank.standard.question(id: $0.bankId)?.isOpener ?? false })
    }

    func testCountIsClamped() {
        XCTAssertEqual(QuestionPlanner.plan(role: "Backend", type: .technical, level: .mid, techstack: [], count: 0, seed: 1).count, 1)
        XCTAssertEqual(QuestionPlanner.plan(role: "Backend", type: .mixed, level: .mid, techstack: [], count: 500, seed: 1).count, QuestionPlanner.maxCount)
    }

    func testStemmingAndSynonyms() {
        XCTAssertEqual(TextAnalyzer.stem("caching"), TextAnalyzer.stem("cache"))
        XCTAssertEqual(TextAnalyzer.stem("queries"), TextAnalyzer.stem("query"))
        XCTAssertEqual(TextAnalyzer.stem("indexes"), TextAnalyzer.stem("index"))
        XCTAssertEqual(TextAnalyzer.stem("scaling"), TextAnalyzer.stem("scalable"))
        XCTAssertEqual(TextAnalyzer.concept("redis"), TextAnalyzer.concept("caching"))
        XCTAssertEqual(TextAnalyzer.concept("colleague"), TextAnalyzer.concept("teammate"))
        XCTAssertTrue(TextAnalyzer.mentions("We wrote it in golang with postgres", tech: "Go"))
        XCTAssertTrue(TextAnalyzer.mentions("We wrote it in golang with postgres", tech: "PostgreSQL"))
        XCTAssertTrue(TextAnalyzer.mentions("our Node.js services", tech: "Node.js"))
        XCTAssertTrue(TextAnalyzer.mentions("lots of C++ and some C#", tech: "C++"))
        XCTAssertFalse(TextAnalyzer.mentions("I googled it", tech: "Go"))
        XCTAssertTrue(TextAnalyzer.covers(TextAnalyzer.concepts("we put a load balancer in front"), phrase: "load balancer"))
    }
}
