import Foundation

/// A message the browser sends on the signalling WebSocket (PROTOCOL.md v1, client → server):
///
///     {"type":"offer","sdp":"..."}
///     {"type":"candidate","candidate":"...","sdpMid":"..."}   // sdpMid optional
///     {"type":"text","text":"..."}
///     {"type":"end"}
///
/// Unknown extra fields are ignored; a missing or wrongly typed field is `bad_message`,
/// an unknown `type` is `unknown_type`, invalid JSON is `bad_json`, too many bytes `too_large`.
public enum ClientMessage: Hashable, Sendable {
    /// The browser's SDP offer.
    case offer(sdp: String)
    /// A trickled ICE candidate (`candidate:…`; empty means end of candidates).
    case candidate(candidate: String, sdpMid: String?)
    /// A typed answer, handled like a final transcript.
    case text(String)
    /// The candidate ends the interview.
    case end

    /// Default size limit: room for a 64 KiB SDP after JSON escaping.
    public static let defaultMaxBytes = 160 * 1024

    /// Decodes one WebSocket text message; throws ``SignalingError``.
    public init(json: String, maxBytes: Int = ClientMessage.defaultMaxBytes) throws {
        try self.init(jsonData: Data(json.utf8), maxBytes: maxBytes)
    }

    /// Decodes one message from UTF-8 JSON bytes; throws ``SignalingError``.
    public init(jsonData: Data, maxBytes: Int = ClientMessage.defaultMaxBytes) throws {
        self = try SignalingJSON.decode(ClientMessage.self, from: jsonData, maxBytes: maxBytes)
    }

    /// The `type` discriminator.
    public var type: String {
        switch self {
        case .offer: "offer"
        case .candidate: "candidate"
        case .text: "text"
        case .end: "end"
        }
    }

    /// Compact JSON text (used by synthetic callers and tests).
    public func jsonText() -> String { SignalingJSON.text(self) }
}

extension ClientMessage: Codable {
    public init(from decoder: Decoder) throws {
        let fields = try MessageFields(decoder)
        switch fields.type {
        case "offer": self = .offer(sdp: try fields.string("sdp"))
        case "candidate": self = .candidate(candidate: try fields.string("candidate"), sdpMid: try fields.optionalString("sdpMid"))
        case "text": self = .text(try fields.string("text"))
        case "end": self = .end
        default: throw fields.unknownType()
        }
    }

    public func encode(to encoder: Encoder) throws {
        var w = try MessageWriter(encoder, type: type)
        switch self {
        case let .offer(sdp): try w.put("sdp", sdp)
        case let .candidate(candidate, sdpMid):
            try w.put("candidate", candidate)
            try w.putIfPresent("sdpMid", sdpMid)
        case let .text(text): try w.put("text", text)
        case .end: break
        }
    }
}
