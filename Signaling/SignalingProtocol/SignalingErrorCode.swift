/// The `code` of an `{"type":"error"}` message and of REST errors (PROTOCOL.md v1).
///
/// A string-backed open set: the standard codes are static members; peers may send others.
public struct SignalingErrorCode: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    public var description: String { rawValue }

    /// The message is not valid JSON (or not UTF-8).
    public static let badJSON: SignalingErrorCode = "bad_json"
    /// The `type` is not one this version knows.
    public static let unknownType: SignalingErrorCode = "unknown_type"
    /// A field is missing or has the wrong type, or the message is not a JSON object.
    public static let badMessage: SignalingErrorCode = "bad_message"
    /// The message is larger than the limit.
    public static let tooLarge: SignalingErrorCode = "too_large"
    /// The SDP offer could not be parsed or answered.
    public static let badSDP: SignalingErrorCode = "bad_sdp"
    /// Another live session holds this interview (WebSocket close code 4009).
    public static let sessionInProgress: SignalingErrorCode = "session_in_progress"
    /// The message is valid but not allowed now (a second offer, a message after `end`, …).
    public static let badState: SignalingErrorCode = "bad_state"
    /// Missing or wrong token.
    public static let unauthorized: SignalingErrorCode = "unauthorized"
    /// No such interview.
    public static let notFound: SignalingErrorCode = "not_found"
    /// Something failed on the server; the message says what without internals.
    public static let `internal`: SignalingErrorCode = "internal"
    /// The call's media ended without the candidate hanging up: ICE consent expired (RFC 7675) or DTLS failed.
    public static let disconnected: SignalingErrorCode = "disconnected"

    /// Every standard code.
    public static let standard: [SignalingErrorCode] = [
        .badJSON, .unknownType, .badMessage, .tooLarge, .badSDP, .sessionInProgress, .badState,
        .unauthorized, .notFound, .internal,
    ]
}

/// WebSocket close codes used on the signalling socket (RFC 6455 §7.4.2 private range 4000–4999).
public enum SignalingCloseCode {
    /// A second connection for an interview that already has a live session.
    public static let sessionInProgress: UInt16 = 4009
    /// The join token is missing or wrong.
    public static let unauthorized: UInt16 = 4001
    /// The interview does not exist.
    public static let notFound: UInt16 = 4004
    /// Normal end of the interview (RFC 6455 §7.4.1).
    public static let normal: UInt16 = 1000
}
