import Foundation

/// The structured-output contract for scoring answers with a language model: the instructions,
/// the JSON Schema the model's reply must follow (OpenAI `response_format: json_schema`, strict),
/// and the validation that turns a reply into an ``InterviewReport``.
///
/// The model supplies only what needs judgement: for every answered question, four criterion
/// scores (integers 0–5) with a one-line rationale each, and a summary line. The arithmetic stays
/// Parley's and matches the embedded ``Scorer``: the same weights, the tech-stack criterion counted
/// only where ``Scorer/techStackApplies(to:techstack:)``, unanswered questions scored 0 without
/// asking, the same overall mean and recommendation thresholds.
///
/// A reply is accepted only if it is exactly what the schema allows — no missing, duplicate or
/// unknown question, no extra property, every score an integer in 0…5, every rationale a
/// non-empty line; otherwise ``RubricViolation`` names the first offending path.
public struct ScoringRubric: Sendable {
    public var scorer: Scorer
    /// Rationales longer than this are refused (the schema asks for one line).
    public var maxRationaleCharacters = 300
    public static let schemaName = "interview_scores"
    static let criteria = ["relevance", "depth", "structure", "techStack"]

    public init(scorer: Scorer = Scorer()) {
        self.scorer = scorer
    }

    /// A reply that breaks the contract: where, and what is wrong there.
    public struct RubricViolation: Error, Equatable, Sendable, CustomStringConvertible {
        /// JSON path of the offending value, e.g. `evaluations[1].depth.score`.
        public var path: String
        public var problem: String
        public var description: String { "\(path): \(problem)" }
    }

    /// The system message: how to score.
    public var instructions: String {
        """
        You are a strict, fair technical interviewer scoring a candidate's spoken answers (transcribed by \
        speech recognition, so ignore small transcription errors). For each answered question give four \
        integer scores from 0 (absent) to 5 (excellent), each with a one-line rationale that names what the \
        answer did or lacked:
        - relevance: does it address what was asked, covering the concepts a good answer needs?
        - depth: specifics — figures, concrete examples, technical detail, trade-offs.
        - structure: for behavioral questions the STAR shape (situation, task, action, result); for \
        technical ones a clear line of reasoning.
        - techStack: use of the interview's tech stack where the question concerns it (score 0 with \
        rationale "Not applicable." when it does not apply).
        Then one summary line. Reply only with JSON matching the schema.
        """
    }

    /// The user message: the interview, and every answered question with its answer.
    public func prompt(role: String, level: String? = nil, questions: [PlannedQuestion], answers: [String], techstack: [String]) -> String {
        var lines = ["Role: \(role)" + (level.map { " (\($0))" } ?? "")]
        let stack = QuestionPlanner.cleanStack(techstack)
        lines.append("Tech stack: " + (stack.isEmpty ? "none given" : stack.joined(separator: ", ")))
        for (question, answer) in zip(questions, answers.padded(to: questions.count)) where !answer.isBlank {
            lines.append("")
            lines.append("Question \(question.index) (\(question.type.rawValue)): \(question.text)")
            if !question.topics.isEmpty { lines.append("Concepts a good answer touches: \(question.topics.joined(separator: ", "))") }
            lines.append("Tech-stack criterion applies: \(Scorer.techStackApplies(to: question, techstack: stack) ? "yes" : "no")")
            lines.append("Answer: \(answer.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return lines.joined(separator: "\n")
    }

    /// Whether any answer needs judging (otherwise the embedded scorer's report is final as is).
    public func hasAnswers(_ answers: [String]) -> Bool { answers.contains { !$0.isBlank } }

    /// The JSON Schema of a reply (strict mode: every property required, no others).
    public var schema: [String: Any] {
        let criterion: [String: Any] = [
            "type": "object", "additionalProperties": false, "required": ["score", "rationale"],
            "properties": ["score": ["type": "integer", "enum": [0, 1, 2, 3, 4, 5]], "rationale": ["type": "string"]],
        ]
        var evaluationProperties: [String: Any] = ["index": ["type": "integer"]]
        for name in Self.criteria { evaluationProperties[name] = criterion }
        return [
            "type": "object", "additionalProperties": false, "required": ["evaluations", "summary"],
            "properties": [
                "evaluations": ["type": "array", "items": [
                    "type": "object", "additionalProperties": false, "required": ["index"] + Self.criteria,
                    "properties": evaluationProperties,
                ]],
                "summary": ["type": "string"],
            ],
        ]
    }

    /// The `response_format` object of an OpenAI-compatible chat request.
    public var responseFormat: [String: Any] {
        ["type": "json_schema", "json_schema": ["name": Self.schemaName, "strict": true, "schema": schema]]
    }

    /// Validates the model's reply (the message content) and builds the report. `scorerName`
    /// goes into ``InterviewReport/scorer`` (e.g. `llm:gpt-4o-mini`).
    public func report(fromReply reply: String, questions: [PlannedQuestion], answers: [String], techstack: [String],
                       scorerName: String) throws -> InterviewReport {
        let object = try Self.topObject(reply)
        try Self.onlyKeys(object, ["evaluations", "summary"], at: "$")
        guard let summary = object["summary"] as? String else { throw RubricViolation(path: "summary", problem: "missing or not a string") }
        guard let items = object["evaluations"] as? [Any] else { throw RubricViolation(path: "evaluations", problem: "missing or not an array") }
        let padded = answers.padded(to: questions.count)
        let expected = Set(zip(questions, padded).filter { !$0.1.isBlank }.map(\.0.index))
        var judged: [Int: [String: CriterionScore]] = [:]
        for (position, item) in items.enumerated() {
            let path = "evaluations[\(position)]"
            guard let entry = item as? [String: Any] else { throw RubricViolation(path: path, problem: "not an object") }
            try Self.onlyKeys(entry, ["index"] + Self.criteria, at: path)
            guard let index = Self.integer(entry["index"]) else { throw RubricViolation(path: "\(path).index", problem: "missing or not an integer") }
            guard expected.contains(index) else {
                throw RubricViolation(path: "\(path).index", problem: "\(index) is not an answered question (expected one of \(expected.sorted()))")
            }
            guard judged[index] == nil else { throw RubricViolation(path: "\(path).index", problem: "question \(index) is scored twice") }
            var scores: [String: CriterionScore] = [:]
            for name in Self.criteria {
                scores[name] = try criterion(entry[name], at: "\(path).\(name)")
            }
            judged[index] = scores
        }
        if let missing = expected.subtracting(judged.keys).min() {
            throw RubricViolation(path: "evaluations", problem: "question \(missing) was answered but not scored")
        }
        let stack = QuestionPlanner.cleanStack(techstack)
        let weights = scorer.weights
        let evaluations = zip(questions, padded).map { question, answer -> QuestionEvaluation in
            guard let scores = judged[question.index] else {
                return scorer.evaluate(answer: "", to: question, techstack: stack)
            }
            func weighted(_ name: String, _ weight: Double) -> CriterionScore {
                var score = scores[name] ?? CriterionScore(score: 0, rationale: "", weight: 0)
                score.weight = weight
                return score
            }
            let applies = Scorer.techStackApplies(to: question, techstack: stack)
            let relevance = weighted("relevance", weights.relevance), depth = weighted("depth", weights.depth)
            let structure = weighted("structure", weights.structure)
            let tech = applies ? weighted("techStack", weights.techStack)
                               : CriterionScore(score: 0, rationale: scorer.notApplicable(question, stack), weight: 0)
            return QuestionEvaluation(index: question.index, question: question.text, type: question.type,
                                      answer: answer.trimmingCharacters(in: .whitespacesAndNewlines), answered: true,
                                      relevance: relevance, depth: depth, structure: structure, techStack: tech,
                                      score: Scorer.combinedScore([relevance, depth, structure, tech]))
        }
        var report = scorer.report(evaluations: evaluations, scorer: scorerName)
        let line = Self.oneLine(summary)
        if !line.isEmpty { report.summary = "\(line) Overall \(report.overallScore)/100: \(report.recommendation.displayName)." }
        return report
    }

    // MARK: - Validation helpers

    private func criterion(_ value: Any?, at path: String) throws -> CriterionScore {
        guard let object = value as? [String: Any] else { throw RubricViolation(path: path, problem: "missing or not an object") }
        try Self.onlyKeys(object, ["score", "rationale"], at: path)
        guard let score = Self.integer(object["score"]) else { throw RubricViolation(path: "\(path).score", problem: "missing or not an integer") }
        guard (0...5).contains(score) else { throw RubricViolation(path: "\(path).score", problem: "\(score) is outside 0…5") }
        guard let raw = object["rationale"] as? String else { throw RubricViolation(path: "\(path).rationale", problem: "missing or not a string") }
        let rationale = Self.oneLine(raw)
        guard !rationale.isEmpty else { throw RubricViolation(path: "\(path).rationale", problem: "empty") }
        guard rationale.count <= maxRationaleCharacters else {
            throw RubricViolation(path: "\(path).rationale", problem: "\(rationale.count) characters, over \(maxRationaleCharacters)")
        }
        return CriterionScore(score: score, rationale: rationale, weight: 0)
    }

    /// The reply's top-level object; a reply wrapped in a Markdown code fence is unwrapped.
    static func topObject(_ reply: String) throws -> [String: Any] {
        var text = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("```"), let firstNewline = text.firstIndex(of: "\n"), text.hasSuffix("```") {
            text = String(text[text.index(after: firstNewline)..<text.index(text.endIndex, offsetBy: -3)])
        }
        guard let data = text.data(using: .utf8),
              let parsed = try? JSONSerialization.jsonObject(with: data) else {
            throw RubricViolation(path: "$", problem: "not valid JSON: \(text.prefix(80))")
        }
        guard let object = parsed as? [String: Any] else { throw RubricViolation(path: "$", problem: "not a JSON object") }
        return object
    }

    static func onlyKeys(_ object: [String: Any], _ allowed: [String], at path: String) throws {
        if let extra = object.keys.filter({ !allowed.contains($0) }).sorted().first {
            throw RubricViolation(path: path == "$" ? extra : "\(path).\(extra)", problem: "not allowed by the schema")
        }
    }

    /// An integral JSON number (booleans are not numbers here).
    static func integer(_ value: Any?) -> Int? {
        // JSON booleans arrive as NSNumber of ObjC type "c" (char); JSON integers never do.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        let double = number.doubleValue
        guard double.rounded() == double, abs(double) < 1e9 else { return nil }
        return Int(double)
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

extension String {
    var isBlank: Bool { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}

extension Array where Element == String {
    func padded(to count: Int) -> [String] {
        self.count >= count ? Array(prefix(count)) : self + Array(repeating: "", count: count - self.count)
    }
}
