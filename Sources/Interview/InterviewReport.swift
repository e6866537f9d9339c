import Foundation

/// One criterion's score for one answer: 0–5 with a one-line rationale naming what was found.
public struct CriterionScore: Codable, Sendable, Equatable {
    public var score: Int
    public var rationale: String
    /// Weight in the answer's overall score (0 when the criterion doesn't apply).
    public var weight: Double

    public init(score: Int, rationale: String, weight: Double) {
        self.score = score
        self.rationale = rationale
        self.weight = weight
    }
}

/// The evaluation of one planned question's answer.
public struct QuestionEvaluation: Codable, Sendable, Equatable {
    public var index: Int
    public var question: String
    public var type: QuestionType
    public var answer: String
    public var answered: Bool
    /// Overlap with the question's expected concepts.
    public var relevance: CriterionScore
    /// Length and specifics: figures, examples, technical terms.
    public var depth: CriterionScore
    /// STAR cues (behavioral) or reasoning connectives (technical).
    public var structure: CriterionScore
    /// Mentions of the interview's tech stack.
    public var techStack: CriterionScore
    /// Weighted mean of the criteria, 0–100.
    public var score: Int
}

/// Hiring recommendation derived from the overall score.
public enum Recommendation: String, Codable, Sendable, CaseIterable {
    case strongHire
    case hire
    case leanNo
    case no

    /// "strong hire", "hire", "lean no", "no".
    public var displayName: String {
        switch self {
        case .strongHire: return "strong hire"
        case .hire: return "hire"
        case .leanNo: return "lean no"
        case .no: return "no"
        }
    }
}

/// The report served by `GET /v1/interviews/{id}/report` (the server adds latency figures).
public struct InterviewReport: Codable, Sendable, Equatable {
    public var questions: [QuestionEvaluation]
    /// Mean of the per-question scores (unanswered questions count as 0), 0–100.
    public var overallScore: Int
    public var recommendation: Recommendation
    /// One line for humans: answered count, strongest and weakest criterion, recommendation.
    public var summary: String
    /// Which scorer produced it.
    public var scorer: String
}
