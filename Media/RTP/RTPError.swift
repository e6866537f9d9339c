/// Why an RTP or RTCP packet could not be parsed (or, for RTP, serialized).
///
/// Every malformed-input path of this module throws one of these; none traps.
public enum RTPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer bytes than the structure being read needs.
    case truncated(what: String, needed: Int, available: Int)
    /// The version field is not 2 (RFC 3550 §5.1 / §6.4.1).
    case unsupportedVersion(UInt8)
    /// The padding count is 0, larger than the packet, or padding is on a non-final RTCP packet.
    case invalidPadding(String)
    /// A header extension (RFC 3550 §5.3.1 / RFC 8285) is malformed or cannot be encoded.
    case invalidHeaderExtension(String)
    /// A length or count field disagrees with the bytes present.
    case invalidLength(String)
    /// A field value cannot be encoded (e.g. payload type above 127, more than 15 CSRCs).
    case invalidField(String)

    public var description: String {
        switch self {
        case let .truncated(what, needed, available):
            return "truncated \(what): needs \(needed) bytes, \(available) available"
        case let .unsupportedVersion(version):
            return "unsupported RTP/RTCP version \(version) (expected 2)"
        case let .invalidPadding(reason):
            return "invalid padding: \(reason)"
        case let .invalidHeaderExtension(reason):
            return "invalid header extension: \(reason)"
        case let .invalidLength(reason):
            return "invalid length: \(reason)"
        case let .invalidField(reason):
            return "invalid field: \(reason)"
        }
    }
}
