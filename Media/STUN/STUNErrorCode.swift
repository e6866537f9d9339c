/// The value of an ERROR-CODE attribute (RFC 8489 §14.8): a code 300–699 and a reason phrase.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Reserved, should be 0         |Class|     Number    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Reason Phrase (variable)                                ..
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct STUNErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The numeric code, 300–699 (class × 100 + number).
    public let code: Int
    /// A human-readable reason phrase (UTF-8, under 128 characters).
    public let reason: String

    /// `nil` unless `code` is in 300...699.
    public init?(code: Int, reason: String? = nil) {
        guard (300...699).contains(code) else { return nil }
        self.code = code
        self.reason = reason ?? STUNErrorCode.defaultReason(for: code)
    }

    private init(known code: Int, reason: String) {
        self.code = code
        self.reason = reason
    }

    /// 400: malformed request, e.g. USERNAME or MESSAGE-INTEGRITY missing (RFC 8489 §9.1.3).
    public static let badRequest = STUNErrorCode(known: 400, reason: "Bad Request")
    /// 401: credentials wrong or integrity check failed (RFC 8489 §9.1.3).
    public static let unauthorized = STUNErrorCode(known: 401, reason: "Unauthorized")
    /// 420: a comprehension-required attribute was not understood (RFC 8489 §6.3.1.1).
    public static let unknownAttribute = STUNErrorCode(known: 420, reason: "Unknown Attribute")
    /// 487: ICE role conflict (RFC 8445 §7.3.1.1).
    public static let roleConflict = STUNErrorCode(known: 487, reason: "Role Conflict")
    /// 500: temporary server error.
    public static let serverError = STUNErrorCode(known: 500, reason: "Server Error")

    /// The reason phrase RFC 8489 §14.8 / RFC 8445 §16.1 suggest for `code`.
    public static func defaultReason(for code: Int) -> String {
        switch code {
        case 300: return "Try Alternate"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 420: return "Unknown Attribute"
        case 438: return "Stale Nonce"
        case 487: return "Role Conflict"
        case 500: return "Server Error"
        default: return ""
        }
    }

    public var description: String { reason.isEmpty ? "\(code)" : "\(code) \(reason)" }
}
