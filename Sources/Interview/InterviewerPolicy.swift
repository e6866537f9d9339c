import Foundation

/// Decides what the interviewer says next. The sync core is `reply(for:)`; an LLM-backed
/// policy is wrapped by the server in an async streaming protocol and its segments fed back to
/// `InterviewMachine` with `.policyReply` (see `InterviewSettings.externalPolicyTimeoutMs`).
public protocol InterviewerPolicy: Sendable {
    func reply(for input: PolicyInput) -> PolicyReply
}

/// Why the interviewer has to speak now.
public enum PolicyTrigger: String, Codable, Sendable, Equatable {
    /// Interview begins: greet, then ask the first question.
    case start
    /// The candidate finished a turn (`PolicyInput.latestAnswer`).
    case answer
    /// The candidate stayed silent for the silence timeout (`PolicyInput.silenceCount` times in a row).
    case silence
    /// The candidate reconnected within the grace period: resume at the same question.
    case resume
    /// The candidate asked to end: close politely.
    case candidateEnded
    /// The maximum duration was reached: close politely.
    case timeUp
}

/// Everything a policy needs to decide the next reply. Codable so an external policy can be
/// given it as JSON.
public struct PolicyInput: Codable, Sendable, Equatable {
    public var trigger: PolicyTrigger
    public var role: String
    public var candidateName: String?
    public var techstack: [String]
    public var questions: [PlannedQuestion]
    /// The question in focus (being asked or answered); nil before the first question.
    public var questionIndex: Int?
    /// Everything the candidate said for the focus question so far (including `latestAnswer`).
    public var answerSoFar: String
    /// The candidate's latest turn (for `.answer`).
    public var latestAnswer: String
    /// Follow-ups already asked on the focus question.
    public var followUpsAsked: Int
    /// Follow-ups allowed per question.
    public var maxFollowUps: Int
    /// Answers shorter than this many words get a follow-up.
    public var shortAnswerWords: Int
    /// Consecutive silence timeouts on the focus question (for `.silence`).
    public var silenceCount: Int
    /// Reprompts allowed before moving on.
    public var repromptLimit: Int
    /// Milliseconds since the interview started.
    public var elapsedMs: Int64
    /// Soft budget: once past it, remaining questions are skipped politely.
    public var timeBudgetMs: Int64?
    /// Replies given so far; used to vary wording deterministically.
    public var turn: Int
    /// The last few interviewer lines, newest last (to avoid repeating an acknowledgement).
    public var recentInterviewerLines: [String]
    /// The transcript so far.
    public var transcript: [RecordedUtterance]

    public init(trigger: PolicyTrigger, role: String, candidateName: String? = nil, techstack: [String] = [], questions: [PlannedQuestion],
                questionIndex: Int? = nil, answerSoFar: String = "", latestAnswer: String = "", followUpsAsked: Int = 0, maxFollowUps: Int = 1,
                shortAnswerWords: Int = 12, silenceCount: Int = 0, repromptLimit: Int = 1, elapsedMs: Int64 = 0, timeBudgetMs: Int64? = nil,
                turn: Int = 0, recentInterviewerLines: [String] = [], transcript: [RecordedUtterance] = []) {
        self.trigger = trigger
        self.role = role
        self.candidateName = candidateName
        self.techstack = techstack
        self.questions = questions
        self.questionIndex = questionIndex
        self.answerSoFar = answerSoFar
        self.latestAnswer = latestAnswer
        self.followUpsAsked = followUpsAsked
        self.maxFollowUps = maxFollowUps
        self.shortAnswerWords = shortAnswerWords
        self.silenceCount = silenceCount
        self.repromptLimit = repromptLimit
        self.elapsedMs = elapsedMs
        self.timeBudgetMs = timeBudgetMs
        self.turn = turn
        self.recentInterviewerLines = recentInterviewerLines
        self.transcript = transcript
    }

    /// The focus question, if any.
    public var currentQuestion: PlannedQuestion? {
        guard let i = questionIndex, questions.indices.contains(i) else { return nil }
        return questions[i]
    }
}

/// One piece of a reply, said as one utterance.
public struct PolicySegment: Codable, Sendable, Equatable {
    public var text: String
    public var kind: UtteranceKind

    public init(_ text: String, kind: UtteranceKind) {
        self.text = text
        self.kind = kind
    }
}

/// A policy's reply: utterances to say, in order. The machine derives its transitions from the
/// segment kinds — `.question(n)` moves the focus to question n, `.followUp` uses up a follow-up,
/// `.closing` ends the interview once said.
public struct PolicyReply: Codable, Sendable, Equatable {
    public var segments: [PolicySegment]

    public init(_ segments: [PolicySegment]) { self.segments = segments }
}
