import Foundation

/// What an interviewer utterance is for. Encoded as `{"kind":"question","index":2}`.
public enum UtteranceKind: Sendable, Equatable, Hashable, Codable {
    case greeting
    /// Asking (or repeating) plan question `n`.
    case question(Int)
    /// The one probing follow-up to the current question.
    case followUp
    /// A short acknowledgement of the candidate's answer.
    case ack
    /// A gentle prompt after silence ("Take your time…").
    case reprompt
    case closing

    /// The label without the index: `greeting`, `question`, `followUp`, `ack`, `reprompt`, `closing`.
    public var label: String {
        switch self {
        case .greeting: return "greeting"
        case .question: return "question"
        case .followUp: return "followUp"
        case .ack: return "ack"
        case .reprompt: return "reprompt"
        case .closing: return "closing"
        }
    }

    /// The question index for `.question(n)`, otherwise nil.
    public var questionIndex: Int? {
        if case .question(let n) = self { return n }
        return nil
    }

    /// Whether the candidate is expected to answer once it has been said.
    public var expectsAnswer: Bool {
        switch self {
        case .question, .followUp, .reprompt: return true
        case .greeting, .ack, .closing: return false
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, index }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        switch kind {
        case "greeting": self = .greeting
        case "question": self = .question(try c.decode(Int.self, forKey: .index))
        case "followUp": self = .followUp
        case "ack": self = .ack
        case "reprompt": self = .reprompt
        case "closing": self = .closing
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown utterance kind '\(kind)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(label, forKey: .kind)
        if let n = questionIndex { try c.encode(n, forKey: .index) }
    }
}

/// Who spoke a transcript line.
public enum Speaker: String, Codable, Sendable {
    case interviewer
    case candidate
}

/// One transcript line, as stored and served by `GET /v1/interviews/{id}/transcript`
/// (the server adds `seq`). Times are milliseconds since the interview started.
public struct RecordedUtterance: Codable, Sendable, Equatable {
    public var role: Speaker
    public var text: String
    public var startMs: Int64
    public var endMs: Int64
    /// The interviewer was cut off (barge-in, end, disconnect, time limit).
    public var interrupted: Bool
    /// For an interrupted interviewer utterance: the words the candidate actually heard.
    public var heardText: String?
    /// The plan question this line belongs to (nil before the first question).
    public var questionIndex: Int?
    /// For interviewer lines: what the utterance was for.
    public var kind: UtteranceKind?

    public init(role: Speaker, text: String, startMs: Int64, endMs: Int64, interrupted: Bool = false, heardText: String? = nil, questionIndex: Int? = nil, kind: UtteranceKind? = nil) {
        self.role = role
        self.text = text
        self.startMs = startMs
        self.endMs = endMs
        self.interrupted = interrupted
        self.heardText = heardText
        self.questionIndex = questionIndex
        self.kind = kind
    }
}
