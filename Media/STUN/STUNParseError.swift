/// Why bytes could not be parsed as a STUN message (RFC 8489 §5, §14, §15).
///
/// Every malformed input becomes one of these; parsing never traps.
public enum STUNParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer than the 20 bytes of a STUN header.
    case truncatedHeader(byteCount: Int)
    /// One of the two most significant bits of the first byte is set (not STUN; RFC 8489 §5).
    case notSTUN(firstByte: UInt8)
    /// The magic cookie is not 0x2112A442.
    case badMagicCookie(UInt32)
    /// The header's message length is not a multiple of 4.
    case lengthNotMultipleOfFour(Int)
    /// The header's message length disagrees with the number of bytes after the header.
    case lengthMismatch(declared: Int, actual: Int)
    /// The message is larger than the parser accepts.
    case tooLarge(byteCount: Int, limit: Int)
    /// An attribute header or value (with padding) runs past the end of the message.
    case attributeOverrun(type: UInt16, offset: Int)
    /// A known attribute has an invalid value.
    case invalidAttribute(type: UInt16, reason: String)
    /// An attribute follows FINGERPRINT, which must be last (RFC 8489 §14.7).
    case fingerprintNotLast

    public var description: String {
        switch self {
        case .truncatedHeader(let count):
            return "STUN message truncated: \(count) bytes, a header needs 20"
        case .notSTUN(let byte):
            return "not a STUN message: first byte 0x\(String(byte, radix: 16)) has a top bit set"
        case .badMagicCookie(let cookie):
            return "bad STUN magic cookie 0x\(String(cookie, radix: 16)) (expected 0x2112a442)"
        case .lengthNotMultipleOfFour(let length):
            return "STUN message length \(length) is not a multiple of 4"
        case .lengthMismatch(let declared, let actual):
            return "STUN message length field says \(declared) bytes but \(actual) follow the header"
        case .tooLarge(let count, let limit):
            return "STUN message of \(count) bytes exceeds the \(limit)-byte limit"
        case .attributeOverrun(let type, let offset):
            return "STUN attribute 0x\(String(type, radix: 16)) at offset \(offset) runs past the end of the message"
        case .invalidAttribute(let type, let reason):
            return "invalid STUN attribute 0x\(String(type, radix: 16)): \(reason)"
        case .fingerprintNotLast:
            return "STUN FINGERPRINT attribute is not the last attribute"
        }
    }
}
