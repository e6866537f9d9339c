/// One attribute of a STUN message (RFC 8489 §14; ICE attributes RFC 8445 §16.1).
///
/// Every attribute is a type-length-value record padded to a multiple of 4 bytes:
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// Attributes this module does not decode are kept raw in `.other`.
public enum STUNAttribute: Hashable, Sendable {
    /// MAPPED-ADDRESS (§14.1): the reflexive address, in the clear.
    case mappedAddress(TransportAddress)
    /// XOR-MAPPED-ADDRESS (§14.2): the reflexive address, XOR-ed with the magic cookie (and transaction ID for IPv6).
    case xorMappedAddress(TransportAddress)
    /// USERNAME (§14.3); for ICE `"<receiver ufrag>:<sender ufrag>"` (RFC 8445 §7.2.2).
    case username(String)
    /// MESSAGE-INTEGRITY (§14.5): the 20-byte HMAC-SHA1 as found on the wire.
    case messageIntegrity([UInt8])
    /// MESSAGE-INTEGRITY-SHA256 (§14.6): a 16–32-byte (truncated) HMAC-SHA256 as found on the wire.
    case messageIntegritySHA256([UInt8])
    /// FINGERPRINT (§14.7): CRC-32 of the message XOR 0x5354554E, as found on the wire.
    case fingerprint(UInt32)
    /// ERROR-CODE (§14.8).
    case errorCode(STUNErrorCode)
    /// UNKNOWN-ATTRIBUTES (§14.9): the types a 420 response did not understand.
    case unknownAttributes([UInt16])
    /// REALM (§14.9).
    case realm(String)
    /// NONCE (§14.10).
    case nonce(String)
    /// SOFTWARE (§14.14).
    case software(String)
    /// PRIORITY (RFC 8445 §16.1): the peer-reflexive priority of the sender's candidate.
    case priority(UInt32)
    /// USE-CANDIDATE (RFC 8445 §16.1): the controlling agent nominates this pair.
    case useCandidate
    /// ICE-CONTROLLED (RFC 8445 §16.1) with the sender's 64-bit tie-breaker.
    case iceControlled(UInt64)
    /// ICE-CONTROLLING (RFC 8445 §16.1) with the sender's 64-bit tie-breaker.
    case iceControlling(UInt64)
    /// Any other attribute, kept raw (value without padding).
    case other(type: UInt16, value: [UInt8])

    /// The attribute's type.
    public var type: STUNAttributeType {
        switch self {
        case .mappedAddress: return .mappedAddress
        case .xorMappedAddress: return .xorMappedAddress
        case .username: return .username
        case .messageIntegrity: return .messageIntegrity
        case .messageIntegritySHA256: return .messageIntegritySHA256
        case .fingerprint: return .fingerprint
        case .errorCode: return .errorCode
        case .unknownAttributes: return .unknownAttributes
        case .realm: return .realm
        case .nonce: return .nonce
        case .software: return .software
        case .priority: return .priority
        case .useCandidate: return .useCandidate
        case .iceControlled: return .iceControlled
        case .iceControlling: return .iceControlling
        case .other(let type, _): return STUNAttributeType(rawValue: type)
        }
    }
}
