import Foundation

/// The kind of interview requested through `POST /v1/interviews` (`type` field).
public enum InterviewType: String, Codable, Sendable, CaseIterable {
    case technical
    case behavioral
    /// Alternates behavioral and technical questions, starting with a behavioral warm-up.
    case mixed
}

/// The seniority the questions are pitched at (`level` field).
public enum InterviewLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case junior
    case mid
    case senior

    /// Position on the seniority ladder (junior = 0).
    public var rank: Int {
        switch self {
        case .junior: return 0
        case .mid: return 1
        case .senior: return 2
        }
    }

    public static func < (lhs: InterviewLevel, rhs: InterviewLevel) -> Bool { lhs.rank < rhs.rank }

    /// Levels to fall back to, nearest first, when the bank has too few questions at this level.
    public var fallbacks: [InterviewLevel] {
        switch self {
        case .junior: return [.mid, .senior]
        case .mid: return [.junior, .senior]
        case .senior: return [.mid, .junior]
        }
    }

    /// Guesses a level from a free-text role title ("Senior iOS engineer" → `.senior`);
    /// `nil` when the title says nothing about seniority.
    public static func infer(fromRole role: String) -> InterviewLevel? {
        let words = Set(TextAnalyzer.roleWords(role))
        if !words.isDisjoint(with: ["senior", "sr", "staff", "principal", "lead", "architect", "head", "director", "vp"]) { return .senior }
        if !words.isDisjoint(with: ["junior", "jr", "intern", "internship", "graduate", "grad", "entry", "trainee", "apprentice"]) { return .junior }
        if !words.isDisjoint(with: ["mid", "intermediate", "ii"]) { return .mid }
        return nil
    }
}

/// Whether a single question probes technical knowledge or past behaviour.
public enum QuestionType: String, Codable, Sendable, CaseIterable {
    case technical
    case behavioral
}
