import Foundation

/// The embedded, deterministic and explainable answer scorer. Each answer gets four 0–5
/// criteria with a one-line rationale:
/// - relevance: expected concepts of the question covered (stemming + synonyms), plus words shared with the question;
/// - depth: length, figures, examples ("for example"), technical terms;
/// - structure: STAR cues (situation, task, action, result) for behavioral questions, reasoning
///   connectives (causal, sequence, contrast, trade-off, condition) for technical ones;
/// - tech-stack coverage: stack items named (technical or stack-templated questions only).
/// The overall score is the weighted mean on 0–100; the recommendation follows `thresholds`.
public struct Scorer: Sendable {
    public struct Weights: Codable, Sendable, Equatable {
        public var relevance: Double
        public var depth: Double
        public var structure: Double
        public var techStack: Double
        public init(relevance: Double = 0.35, depth: Double = 0.30, structure: Double = 0.20, techStack: Double = 0.15) {
            self.relevance = relevance
            self.depth = depth
            self.structure = structure
            self.techStack = techStack
        }
    }

    /// Minimum overall scores (0–100) for each recommendation; below `leanNo` is `no`.
    public struct Thresholds: Codable, Sendable, Equatable {
        public var strongHire: Int
        public var hire: Int
        public var leanNo: Int
        public init(strongHire: Int = 75, hire: Int = 60, leanNo: Int = 40) {
            self.strongHire = strongHire
            self.hire = hire
            self.leanNo = leanNo
        }
    }

    public var weights: Weights
    public var thresholds: Thresholds
    public static let name = "rule-based-v1"

    public init(weights: Weights = Weights(), thresholds: Thresholds = Thresholds()) {
        self.weights = weights
        self.thresholds = thresholds
    }

    // MARK: - Report

    /// Scores every planned question against its answer (`answers[i]`, missing = unanswered).
    public func report(questions: [PlannedQuestion], answers: [String], techstack: [String]) -> InterviewReport {
        let evaluations = questions.enumerated().map { i, q in
            evaluate(answer: answers.indices.contains(i) ? answers[i] : "", to: q, techstack: techstack)
        }
        return report(evaluations: evaluations, scorer: Self.name)
    }

    /// The report over already scored answers: overall score (mean of the per-question scores,
    /// unanswered count as 0), recommendation and summary line. `scorer` names who scored them.
    public func report(evaluations: [QuestionEvaluation], scorer: String) -> InterviewReport {
        let overall = evaluations.isEmpty ? 0 : Int((Double(evaluations.map(\.score).reduce(0, +)) / Double(evaluations.count)).rounded())
        let recommendation = self.recommendation(for: overall)
        return InterviewReport(questions: evaluations, overallScore: overall, recommendation: recommendation,
                               summary: summary(evaluations, overall: overall, recommendation: recommendation), scorer: scorer)
    }

    /// An answer's score on 0–100: the weighted mean of its criteria (0–5 each).
    public static func combinedScore(_ criteria: [CriterionScore]) -> Int {
        let totalWeight = criteria.map(\.weight).reduce(0, +)
        let weighted = criteria.map { Double($0.score) * $0.weight }.reduce(0, +)
        return totalWeight > 0 ? Int((weighted / totalWeight / 5 * 100).rounded()) : 0
    }

    /// Whether the tech-stack criterion counts for `question` (technical or stack-templated
    /// questions, and only when a stack was given).
    public static func techStackApplies(to question: PlannedQuestion, techstack: [String]) -> Bool {
        !QuestionPlanner.cleanStack(techstack).isEmpty && (question.type == .technical || question.tech != nil)
    }

    public func recommendation(for overall: Int) -> Recommendation {
        if overall >= thresholds.strongHire { return .strongHire }
        if overall >= thresholds.hire { return .hire }
        if overall >= thresholds.leanNo { return .leanNo }
        return .no
    }

    /// Scores one answer.
    public func evaluate(answer rawAnswer: String, to question: PlannedQuestion, techstack: [String]) -> QuestionEvaluation {
        let answer = rawAnswer.trimmingCharacters(in: .whitespacesAndNewlines)
        let stack = QuestionPlanner.cleanStack(techstack)
        let stackApplies = Self.techStackApplies(to: question, techstack: stack)
        guard !answer.isEmpty else {
            let none = "No answer was given."
            let evaluation = QuestionEvaluation(
                index: question.index, question: question.text, type: question.type, answer: "", answered: false,
                relevance: CriterionScore(score: 0, rationale: none, weight: weights.relevance),
                depth: CriterionScore(score: 0, rationale: none, weight: weights.depth),
                structure: CriterionScore(score: 0, rationale: none, weight: weights.structure),
                techStack: CriterionScore(score: 0, rationale: stackApplies ? none : notApplicable(question, stack), weight: stackApplies ? weights.techStack : 0),
                score: 0)
            return evaluation
        }
        let analysis = AnswerAnalysis(answer: answer, question: question, techstack: stack)
        let relevance = relevanceScore(analysis)
        let depth = depthScore(answer, analysis: analysis, stack: stack)
        let structure = question.type == .behavioral ? starScore(answer, words: analysis.wordCount) : reasoningScore(answer, words: analysis.wordCount)
        let tech = stackApplies ? techStackScore(analysis, question: question, stack: stack)
                                : CriterionScore(score: 0, rationale: notApplicable(question, stack), weight: 0)
        let score = Self.combinedScore([relevance, depth, structure, tech])
        return QuestionEvaluation(index: question.index, question: question.text, type: question.type, answer: answer, answered: true,
                                  relevance: relevance, depth: depth, structure: structure, techStack: tech, score: score)
    }

    // MARK: - Criteria

    func relevanceScore(_ a: AnswerAnalysis) -> CriterionScore {
        let m = a.matchedTopics.count
        let q = a.questionOverlap.count
        var score: Int
        switch m {
        case 0: score = q > 0 ? 1 : 0
        case 1: score = 1
        case 2: score = 2
        case 3: score = 3
        case 4, 5: score = 4
        default: score = 5
        }
        // A few words can name concepts but not relate them.
        if a.wordCount < 15 { score = min(score, 2) }
        if a.wordCount < 5 { score = min(score, 1) }
        let rationale: String
        if m > 0 {
            let missed = a.missedTopics.prefix(3)
            rationale = "Covers \(m) of \(m + a.missedTopics.count) expected concepts (\(list(a.matchedTopics.prefix(5))))"
                + (missed.isEmpty ? "." : "; not \(list(missed)).")
        } else if q > 0 {
            rationale = "Echoes the question (\(list(a.questionOverlap.prefix(3)))) but none of the expected concepts (e.g. \(list(a.missedTopics.prefix(3))))."
        } else {
            rationale = "Nothing in common with the question's concepts (e.g. \(list(a.missedTopics.prefix(3))))."
        }
        return CriterionScore(score: score, rationale: rationale, weight: weights.relevance)
    }

    func depthScore(_ answer: String, analysis a: AnswerAnalysis, stack: [String]) -> CriterionScore {
        let words = TextAnalyzer.words(answer)
        let padded = " " + words.joined(separator: " ") + " "
        var score = 0
        var found: [String] = ["\(a.wordCount) words"]
        if a.wordCount >= 40 { score += 2 } else if a.wordCount >= 15 { score += 1 }
        let figures = Set(words.filter { $0.contains(where: \.isNumber) || Self.numberWords.contains($0) })
        if !figures.isEmpty {
            score += 1
            found.append("figures (\(list(figures.sorted().prefix(3))))")
        }
        let examples = Self.exampleCues.filter { padded.contains(" \($0) ") }
        if !examples.isEmpty {
            score += 1
            found.append("an example (\"\(examples[0])\")")
        }
        let terms = TextAnalyzer.concepts(answer).intersection(Self.technicalVocabulary).sorted()
        if terms.count >= 3 {
            score += 1
            found.append("\(terms.count) technical terms")
        } else if !terms.isEmpty {
            found.append("\(terms.count) technical term\(terms.count == 1 ? "" : "s")")
        }
        if a.wordCount < 15, score > 2 { score = 2 }
        let missing = [figures.isEmpty ? "figures" : nil, examples.isEmpty ? "concrete example" : nil].compactMap { $0 }
        let rationale = list(found) + (missing.isEmpty ? "." : "; no \(missing.joined(separator: " or ")).")
        return CriterionScore(score: min(score, 5), rationale: rationale.prefix(1).uppercased() + rationale.dropFirst(), weight: weights.depth)
    }

    func starScore(_ answer: String, words count: Int) -> CriterionScore {
        let padded = " " + TextAnalyzer.words(answer).joined(separator: " ") + " "
        var found: [String] = []
        var missing: [String] = []
        for (name, cues) in Self.starCues {
            if let cue = cues.first(where: { padded.contains(" \($0) ") }) { found.append("\(name) (\"\(cue)\")") } else { missing.append(name) }
        }
        var score = found.count
        if found.count >= 2, count >= 50 { score += 1 }
        score = min(score, 5)
        let rationale = found.isEmpty
            ? "No STAR structure: no situation, task, action or result cues."
            : "STAR cues: \(found.joined(separator: ", "))" + (missing.isEmpty ? "." : "; missing \(missing.joined(separator: ", ")).")
        return CriterionScore(score: score, rationale: rationale, weight: weights.structure)
    }

    func reasoningScore(_ answer: String, words count: Int) -> CriterionScore {
        let padded = " " + TextAnalyzer.words(answer).joined(separator: " ") + " "
        var found: [String] = []
        var missing: [String] = []
        for (name, cues) in Self.reasoningCues {
            let hits = cues.filter { padded.contains(" \($0) ") }
            if hits.isEmpty { missing.append(name) } else { found.append("\(name) (\(hits.prefix(2).joined(separator: ", ")))") }
        }
        var score = min(found.count, 5)
        if count < 15 { score = min(score, 2) }
        let rationale = found.isEmpty
            ? "No reasoning cues (because, first/then, however, trade-off, if)."
            : "Reasoning cues: \(found.joined(separator: ", "))" + (missing.isEmpty ? "." : "; none for \(missing.joined(separator: ", ")).")
        return CriterionScore(score: score, rationale: rationale, weight: weights.structure)
    }

    func techStackScore(_ a: AnswerAnalysis, question: PlannedQuestion, stack: [String]) -> CriterionScore {
        let c = a.stackMentioned.count
        let score: Int
        if let tech = question.tech {
            let focused = a.stackMentioned.contains(tech)
            let others = a.stackMentioned.filter { $0 != tech }.count
            score = focused ? min(5, 3 + min(2, others + (a.matchedTopics.count >= 3 ? 1 : 0))) : (others > 0 ? 2 : 0)
        } else if c == 0 {
            score = 0
        } else {
            let ratio = Double(c) / Double(min(stack.count, 3))
            score = min(5, 2 + Int((3 * ratio).rounded()))
        }
        let rationale: String
        if c == 0 {
            rationale = "Doesn't mention the stack (\(list(stack.prefix(4))))."
        } else {
            rationale = "Mentions \(list(a.stackMentioned)) from the stack" + (a.stackMissed.isEmpty ? "." : "; not \(list(a.stackMissed.prefix(4))).")
        }
        return CriterionScore(score: score, rationale: rationale, weight: weights.techStack)
    }

    public func notApplicable(_ question: PlannedQuestion, _ stack: [String]) -> String {
        stack.isEmpty ? "Not scored: no tech stack was given." : "Not scored: behavioral question."
    }

    func summary(_ evaluations: [QuestionEvaluation], overall: Int, recommendation: Recommendation) -> String {
        let answered = evaluations.filter(\.answered)
        var line = "Answered \(answered.count) of \(evaluations.count) question\(evaluations.count == 1 ? "" : "s")"
        if !answered.isEmpty {
            let names = ["relevance", "depth", "structure", "tech stack"]
            var means: [(String, Double)] = []
            for (i, name) in names.enumerated() {
                let scores = answered.map { [$0.relevance, $0.depth, $0.structure, $0.techStack][i] }.filter { $0.weight > 0 }
                guard !scores.isEmpty else { continue }
                means.append((name, Double(scores.map(\.score).reduce(0, +)) / Double(scores.count)))
            }
            if let best = means.max(by: { $0.1 < $1.1 }), let worst = means.min(by: { $0.1 < $1.1 }), best.0 != worst.0 {
                line += "; strongest on \(best.0), weakest on \(worst.0)"
            }
        }
        return line + ". Overall \(overall)/100: \(recommendation.displayName)."
    }

    func list<S: Sequence>(_ items: S) -> String where S.Element == String {
        items.joined(separator: ", ")
    }

    // MARK: - Cue tables

    static let numberWords: Set<String> = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty",
                                           "forty", "fifty", "hundred", "hundreds", "thousand", "thousands", "million", "millions",
                                           "billion", "percent", "half", "double", "twice", "dozen"]

    static let exampleCues: [String] = ["for example", "for instance", "such as", "eg", "in one case", "one time", "at my last", "at my previous",
                                        "at my current", "in my last", "in my previous", "we had a", "i had a", "last year", "a while ago", "specifically"]

    static let starCues: [(String, [String])] = [
        ("situation", ["when i was", "at my previous", "at my last", "at my current", "in my last", "in my previous", "we had", "there was",
                       "the situation", "back when", "last year", "a few years ago", "our team was", "i was working", "we were", "the context", "at the time"]),
        ("task", ["my role", "i was responsible", "my job was", "the goal", "needed to", "had to", "my task", "i was asked", "the challenge",
                  "we needed", "i needed", "was supposed to", "the problem was", "our goal"]),
        ("action", ["i decided", "i started", "i built", "i wrote", "i proposed", "i talked", "i organized", "i set up", "i suggested",
                    "i worked", "i reached out", "i created", "i implemented", "i led", "so i", "i made", "i scheduled", "i asked",
                    "i took", "i added", "i changed", "i introduced", "i spoke", "i sat down", "i met", "i pushed", "i investigated"]),
        ("result", ["as a result", "in the end", "the result", "the outcome", "reduced", "improved", "increased", "we shipped", "learned",
                    "eventually", "ended up", "afterwards", "since then", "saved", "which meant", "it worked", "we delivered", "cut", "dropped"]),
    ]

    static let reasoningCues: [(String, [String])] = [
        ("causal", ["because", "since", "so that", "therefore", "which means", "thats why", "due to", "the reason", "in order to"]),
        ("sequence", ["first", "then", "next", "after that", "finally", "step", "secondly", "afterwards", "start by", "i would start"]),
        ("contrast", ["however", "but", "although", "instead", "on the other hand", "whereas", "otherwise", "rather than"]),
        ("trade-off", ["trade off", "tradeoff", "tradeoffs", "depends", "pros", "cons", "downside", "cost", "the risk", "at the expense"]),
        ("condition", ["if", "unless", "in case", "as long as", "assuming", "when"]),
    ]

    /// Engineering vocabulary: every concept in the bank's topics and synonym table, minus
    /// everyday words, so "technical terms" means words an interviewer would recognise as such.
    static let technicalVocabulary: Set<String> = {
        var vocabulary: Set<String> = []
        for q in QuestionBank.standard.questions {
            for topic in q.topics { for w in TextAnalyzer.words(topic) where !TextAnalyzer.stopWords.contains(w) { vocabulary.insert(TextAnalyzer.concept(w)) } }
        }
        for group in TextAnalyzer.synonymGroups { for w in group { vocabulary.insert(TextAnalyzer.concept(w)) } }
        let everyday: [String] = ["team", "user", "decision", "outcome", "lesson", "change", "time", "plan", "people", "help", "ask", "role",
                                  "project", "impact", "result", "learn", "communicate", "feedback", "customer", "stakeholder", "goal", "good",
                                  "support", "trust", "open", "listen", "focus", "interest", "motivation", "career", "before", "after", "manual",
                                  "experience", "background", "understand", "challenge", "wrong", "calm", "pressure", "accomplishment", "practice"]
        vocabulary.subtract(everyday.map(TextAnalyzer.concept))
        return vocabulary
    }()
}
