import Foundation

/// Where the machine is. The protocol's `InterviewState` plus `scheduled` and `disconnected`.
public enum InterviewPhase: String, Codable, Sendable, Equatable {
    case scheduled, greeting, asking, listening, thinking, speaking, closing, completed
    /// The candidate dropped; resumable until the reconnect grace period ends.
    case disconnected
}

/// An interviewer utterance emitted with `.say` and not yet finished.
public struct QueuedUtterance: Codable, Sendable, Equatable {
    public var id: String
    public var text: String
    public var kind: UtteranceKind
    /// The focus question before this utterance was queued (restored if it is dropped unplayed).
    public var focusBefore: Int?
    /// The focus question once it is said.
    public var focusAfter: Int?
    /// When it started playing (ms since start); nil while waiting in the queue.
    public var startedAtMs: Int64?
}

/// An outstanding `.requestReply` to an external policy.
public struct PendingPolicyRequest: Codable, Sendable, Equatable {
    public var id: Int
    public var input: PolicyInput
    public var issuedAtMs: Int64
    public var receivedAny: Bool
}

/// Everything `InterviewMachine` knows, `Codable` so the server can persist it and resume the
/// interview (e.g. after a reconnect or a restart). Times are milliseconds since `.start`.
public struct InterviewMachineState: Codable, Sendable, Equatable {
    public internal(set) var phase: InterviewPhase = .scheduled
    /// The focus question (being asked or answered); nil before the first question.
    public internal(set) var questionIndex: Int?
    /// The candidate's accumulated answer per question.
    public internal(set) var answers: [String]
    /// Follow-ups asked per question.
    public internal(set) var followUps: [Int]
    /// Whether each question has started playing at least once.
    public internal(set) var asked: [Bool]
    /// Consecutive silence timeouts on the focus question.
    public internal(set) var silenceCount = 0
    /// Interviewer utterances emitted and not yet finished, in playing order.
    public internal(set) var queue: [QueuedUtterance] = []
    public internal(set) var nextUtteranceNumber = 1
    /// The transcript so far (interviewer lines once finished or interrupted; candidate finals).
    public internal(set) var transcript: [RecordedUtterance] = []
    /// Policy replies requested so far.
    public internal(set) var turn = 0
    /// When listening began (silence timer origin); nil when not waiting on the candidate.
    public internal(set) var listeningSinceMs: Int64?
    public internal(set) var candidateSpeaking = false
    public internal(set) var candidateSpeechStartedAtMs: Int64?
    /// Candidate text that arrived while the interviewer was speaking; handled once it stops.
    public internal(set) var bufferedCandidateText = ""
    /// Set once the interview is heading to a close.
    public internal(set) var closingReason: CompletionReason?
    public internal(set) var closingStartedAtMs: Int64?
    public internal(set) var completionReason: CompletionReason?
    public internal(set) var disconnectedAtMs: Int64?
    /// Latest elapsed time seen (ms since start).
    public internal(set) var elapsedMs: Int64 = 0
    public internal(set) var pendingRequest: PendingPolicyRequest?
    public internal(set) var nextRequestId = 1
    public internal(set) var lastEmittedState: InterviewState?
    public internal(set) var lastEmittedIndex = 0

    public init(questionCount: Int) {
        answers = Array(repeating: "", count: questionCount)
        followUps = Array(repeating: 0, count: questionCount)
        asked = Array(repeating: false, count: questionCount)
    }
}
