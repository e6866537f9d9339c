import Foundation

/// Timing and follow-up rules for one interview. All durations in milliseconds.
public struct InterviewSettings: Codable, Sendable, Equatable {
    /// Listening this long without candidate speech triggers a reprompt (then a move-on).
    public var silenceTimeoutMs: Int64
    /// Reprompts per question before moving on.
    public var repromptLimit: Int
    /// Hard limit: at this point the interviewer stops and closes.
    public var maxDurationMs: Int64
    /// Soft budget: once past it, remaining questions are skipped politely at the next answer.
    /// `nil` = 90 % of `maxDurationMs`.
    public var timeBudgetMs: Int64?
    /// After closing starts (or the hard limit passes), complete anyway after this long even if
    /// the closing line never reports finished.
    public var closingGraceMs: Int64
    /// A reconnect within this long after a disconnect resumes at the same question.
    public var reconnectGraceMs: Int64
    /// Answers shorter than this many words get a follow-up.
    public var shortAnswerWords: Int
    /// Follow-ups per question (short or off-topic answers).
    public var maxFollowUpsPerQuestion: Int
    /// Say a short goodbye when the candidate ends (otherwise complete at once).
    public var speakClosingOnCandidateEnd: Bool
    /// `nil`: the machine calls its synchronous policy itself. Otherwise the machine emits
    /// `.requestReply` and waits for `.policyReply` events; if nothing arrives within this many
    /// milliseconds it falls back to its synchronous policy.
    public var externalPolicyTimeoutMs: Int64?

    public init(silenceTimeoutMs: Int64 = 8_000, repromptLimit: Int = 1, maxDurationMs: Int64 = 30 * 60_000,
                timeBudgetMs: Int64? = nil, closingGraceMs: Int64 = 20_000, reconnectGraceMs: Int64 = 60_000,
                shortAnswerWords: Int = 12, maxFollowUpsPerQuestion: Int = 1, speakClosingOnCandidateEnd: Bool = true,
                externalPolicyTimeoutMs: Int64? = nil) {
        self.silenceTimeoutMs = silenceTimeoutMs
        self.repromptLimit = repromptLimit
        self.maxDurationMs = maxDurationMs
        self.timeBudgetMs = timeBudgetMs
        self.closingGraceMs = closingGraceMs
        self.reconnectGraceMs = reconnectGraceMs
        self.shortAnswerWords = shortAnswerWords
        self.maxFollowUpsPerQuestion = maxFollowUpsPerQuestion
        self.speakClosingOnCandidateEnd = speakClosingOnCandidateEnd
        self.externalPolicyTimeoutMs = externalPolicyTimeoutMs
    }

    /// The soft budget in effect.
    public var effectiveTimeBudgetMs: Int64 { timeBudgetMs ?? maxDurationMs * 9 / 10 }
}

/// The fixed facts of an interview the machine runs: who, for what, which questions.
public struct InterviewContext: Codable, Sendable, Equatable {
    public var role: String
    public var candidateName: String?
    public var techstack: [String]
    public var questions: [PlannedQuestion]

    public init(role: String, candidateName: String? = nil, techstack: [String] = [], questions: [PlannedQuestion]) {
        self.role = role
        self.candidateName = candidateName
        self.techstack = techstack
        self.questions = questions
    }
}
