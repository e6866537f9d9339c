import Foundation

/// A message the server sends on the signalling WebSocket (PROTOCOL.md v1, server → client):
///
///     {"type":"answer","sdp":"..."}
///     {"type":"state","state":"greeting|asking|listening|thinking|speaking|closing|completed","questionIndex":n}
///     {"type":"transcript","role":"candidate","text":"...","final":false|true,"seq":n}
///     {"type":"interviewer","text":"...","utteranceId":"..."}
///     {"type":"bargeIn","utteranceId":"...","heardText":"...","atMs":n}
///     {"type":"turnMetrics","endOfSpeechToFirstAudioMs":n, ...per-stage fields}
///     {"type":"complete","interviewId":"..."}
///     {"type":"error","code":"...","message":"..."}
///
/// ``jsonText()`` writes compact JSON with sorted keys; decoding (for synthetic callers)
/// follows the same error contract as ``ClientMessage``.
public enum ServerMessage: Hashable, Sendable {
    case answer(sdp: String)
    case state(InterviewState, questionIndex: Int)
    case transcript(role: TranscriptRole, text: String, final: Bool, seq: Int)
    /// An interviewer utterance started playing.
    case interviewer(text: String, utteranceId: String)
    /// The candidate interrupted `utteranceId` after `atMs` ms of it had played; `heardText` is what they heard.
    case bargeIn(utteranceId: String, heardText: String, atMs: Int)
    case turnMetrics(TurnMetrics)
    case complete(interviewId: String)
    /// Media statistics of the call (extension).
    case mediaStats(MediaStats)
    case error(code: SignalingErrorCode, message: String)

    /// Default size limit when decoding.
    public static let defaultMaxBytes = 160 * 1024

    /// Decodes one message; throws ``SignalingError``.
    public init(json: String, maxBytes: Int = ServerMessage.defaultMaxBytes) throws {
        try self.init(jsonData: Data(json.utf8), maxBytes: maxBytes)
    }

    /// Decodes one message from UTF-8 JSON bytes; throws ``SignalingError``.
    public init(jsonData: Data, maxBytes: Int = ServerMessage.defaultMaxBytes) throws {
        self = try SignalingJSON.decode(ServerMessage.self, from: jsonData, maxBytes: maxBytes)
    }

    /// The `type` discriminator.
    public var type: String {
        switch self {
        case .answer: "answer"
        case .state: "state"
        case .transcript: "transcript"
        case .interviewer: "interviewer"
        case .bargeIn: "bargeIn"
        case .turnMetrics: "turnMetrics"
        case .complete: "complete"
        case .mediaStats: "mediaStats"
        case .error: "error"
        }
    }

    /// Compact JSON text for a WebSocket text frame.
    public func jsonText() -> String { SignalingJSON.text(self) }
}

extension ServerMessage: Codable {
    public init(from decoder: Decoder) throws {
        let f = try MessageFields(decoder)
        switch f.type {
        case "answer": self = .answer(sdp: try f.string("sdp"))
        case "state": self = .state(try f.value("state", InterviewState.self), questionIndex: try f.int("questionIndex"))
        case "transcript":
            self = .transcript(role: try f.value("role", TranscriptRole.self), text: try f.string("text"),
                               final: try f.bool("final"), seq: try f.int("seq"))
        case "interviewer": self = .interviewer(text: try f.string("text"), utteranceId: try f.string("utteranceId"))
        case "bargeIn":
            self = .bargeIn(utteranceId: try f.string("utteranceId"), heardText: try f.string("heardText"), atMs: try f.int("atMs"))
        case "turnMetrics":
            self = .turnMetrics(TurnMetrics(
                endOfSpeechToFirstAudioMs: try f.double("endOfSpeechToFirstAudioMs"),
                jitterBufferMs: try f.optionalDouble("jitterBufferMs"),
                endpointingMs: try f.optionalDouble("endpointingMs"),
                sttFinalMs: try f.optionalDouble("sttFinalMs"),
                policyFirstTokenMs: try f.optionalDouble("policyFirstTokenMs"),
                ttsFirstChunkMs: try f.optionalDouble("ttsFirstChunkMs"),
                firstPacketOutMs: try f.optionalDouble("firstPacketOutMs"),
                questionIndex: try f.optionalInt("questionIndex"),
                endOfSpeechRtpTimestamp: try f.optionalInt("endOfSpeechRtpTimestamp").flatMap(UInt32.init(exactly:)),
                firstAudioRtpTimestamp: try f.optionalInt("firstAudioRtpTimestamp").flatMap(UInt32.init(exactly:))))
        case "complete": self = .complete(interviewId: try f.string("interviewId"))
        case "mediaStats":
            self = .mediaStats(MediaStats(
                packetsSent: try f.int("packetsSent"), packetsReceived: try f.int("packetsReceived"),
                packetsLost: try f.int("packetsLost"), fractionLost: try f.double("fractionLost"),
                jitterMs: try f.double("jitterMs"), rttMs: try f.optionalDouble("rttMs"),
                remoteFractionLost: try f.optionalDouble("remoteFractionLost"),
                pacingJitterMaxMs: try f.optionalDouble("pacingJitterMaxMs")))
        case "error": self = .error(code: SignalingErrorCode(rawValue: try f.string("code")), message: try f.string("message"))
        default: throw f.unknownType()
        }
    }

    public func encode(to encoder: Encoder) throws {
        var w = try MessageWriter(encoder, type: type)
        switch self {
        case let .answer(sdp): try w.put("sdp", sdp)
        case let .state(state, questionIndex):
            try w.put("state", state)
            try w.put("questionIndex", questionIndex)
        case let .transcript(role, text, isFinal, seq):
            try w.put("role", role)
            try w.put("text", text)
            try w.put("final", isFinal)
            try w.put("seq", seq)
        case let .interviewer(text, utteranceId):
            try w.put("text", text)
            try w.put("utteranceId", utteranceId)
        case let .bargeIn(utteranceId, heardText, atMs):
            try w.put("utteranceId", utteranceId)
            try w.put("heardText", heardText)
            try w.put("atMs", atMs)
        case let .turnMetrics(m):
            try w.put("endOfSpeechToFirstAudioMs", m.endOfSpeechToFirstAudioMs.isFinite ? m.endOfSpeechToFirstAudioMs : 0)
            try w.put("jitterBufferMs", m.jitterBufferMs)
            try w.put("endpointingMs", m.endpointingMs)
            try w.put("sttFinalMs", m.sttFinalMs)
            try w.put("policyFirstTokenMs", m.policyFirstTokenMs)
            try w.put("ttsFirstChunkMs", m.ttsFirstChunkMs)
            try w.put("firstPacketOutMs", m.firstPacketOutMs)
            try w.putIfPresent("questionIndex", m.questionIndex)
            try w.putIfPresent("endOfSpeechRtpTimestamp", m.endOfSpeechRtpTimestamp)
            try w.putIfPresent("firstAudioRtpTimestamp", m.firstAudioRtpTimestamp)
        case let .complete(interviewId): try w.put("interviewId", interviewId)
        case let .mediaStats(m):
            try w.put("packetsSent", m.packetsSent)
            try w.put("packetsReceived", m.packetsReceived)
            try w.put("packetsLost", m.packetsLost)
            try w.put("fractionLost", m.fractionLost.isFinite ? m.fractionLost : 0)
            try w.put("jitterMs", m.jitterMs.isFinite ? m.jitterMs : 0)
            try w.put("rttMs", m.rttMs)
            try w.put("remoteFractionLost", m.remoteFractionLost)
            try w.put("pacingJitterMaxMs", m.pacingJitterMaxMs)
        case let .error(code, message):
            try w.put("code", code)
            try w.put("message", message)
        }
    }
}
