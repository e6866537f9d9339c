import Foundation

/// What an answer has in common with its question: expected topics covered, words shared with
/// the question, tech-stack items mentioned. Used by the rule-based interviewer (off-topic
/// follow-ups) and the scorer (relevance, tech-stack coverage).
public struct AnswerAnalysis: Sendable, Equatable {
    public let wordCount: Int
    /// Expected topics the answer touches (by stem and synonym), in the question's order.
    public let matchedTopics: [String]
    /// Expected topics it doesn't touch.
    public let missedTopics: [String]
    /// Content concepts shared with the question's wording.
    public let questionOverlap: [String]
    /// Stack items the answer names.
    public let stackMentioned: [String]
    /// Stack items it doesn't.
    public let stackMissed: [String]
    /// Distinct general work/engineering words ("project", "team", "deploy", …).
    public let workTerms: Int

    public init(answer: String, question: PlannedQuestion, techstack: [String]) {
        let concepts = TextAnalyzer.concepts(answer)
        wordCount = TextAnalyzer.wordCount(answer)
        var matched: [String] = []
        var missed: [String] = []
        var usedKeys: Set<String> = []
        for topic in question.topics {
            let hit: Bool
            if let tech = question.tech, topic == tech {
                hit = TextAnalyzer.mentions(answer, tech: tech)
            } else {
                hit = TextAnalyzer.covers(concepts, phrase: topic) || (TextAnalyzer.words(topic).count == 1 && TextAnalyzer.mentions(answer, tech: topic))
            }
            // Topics that fold onto the same concepts ("index", "btree") count once.
            let key = TextAnalyzer.words(topic).map(TextAnalyzer.concept).sorted().joined(separator: " ")
            if hit, !usedKeys.contains(key) {
                matched.append(topic)
                usedKeys.insert(key)
            } else if !hit {
                missed.append(topic)
            }
        }
        matchedTopics = matched
        missedTopics = missed
        questionOverlap = TextAnalyzer.questionConcepts(question.text).intersection(concepts).sorted()
        let stack = QuestionPlanner.cleanStack(techstack)
        let mentioned = stack.filter { TextAnalyzer.mentions(answer, tech: $0) }
        stackMentioned = mentioned
        stackMissed = stack.filter { !mentioned.contains($0) }
        workTerms = concepts.intersection(Self.workConcepts).count
    }

    /// Long enough to judge, yet shares nothing with the question: no expected topic, no
    /// question word, no stack item and hardly any work vocabulary.
    public func isOffTopic(minimumWords: Int) -> Bool {
        wordCount >= minimumWords && matchedTopics.isEmpty && questionOverlap.isEmpty && stackMentioned.isEmpty && workTerms < 2
    }

    static let workConcepts: Set<String> = Set([
        "project", "team", "code", "system", "service", "customer", "user", "company", "manager", "build", "built", "feature",
        "bug", "deploy", "product", "data", "app", "application", "work", "job", "role", "engineer", "developer", "design",
        "test", "release", "database", "server", "api", "client", "deadline", "stakeholder", "meeting", "decision", "problem",
        "solution", "performance", "error", "incident", "requirement", "architecture", "implement", "refactor", "review",
        "process", "sprint", "ticket", "issue", "production", "library", "framework", "model", "pipeline", "metric",
        "interface", "component", "module", "function", "query", "cache", "latency", "scale", "security", "network",
        "infrastructure", "cloud", "platform", "mobile", "web", "frontend", "backend", "colleague", "lead", "mentor",
        "hire", "plan", "roadmap", "priority", "goal", "result", "impact", "improve", "launch", "ship", "migrate", "migration",
        "debug", "fix", "monitor", "experiment", "analysis", "research", "business", "office", "career", "learn", "skill",
    ].map(TextAnalyzer.concept))
}
