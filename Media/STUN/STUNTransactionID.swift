import ParleyCrypto

/// The 96-bit transaction ID of a STUN message (RFC 8489 §5, §6).
///
/// Requests get a fresh cryptographically random ID; a response echoes its request's ID.
public struct STUNTransactionID: Hashable, Sendable, CustomStringConvertible {
    /// The 12 bytes, in wire order.
    public let bytes: [UInt8]

    /// `nil` unless exactly 12 bytes are given.
    public init?<Bytes: Collection>(bytes: Bytes) where Bytes.Element == UInt8 {
        guard bytes.count == 12 else { return nil }
        self.bytes = Array(bytes)
    }

    /// A fresh random transaction ID (RFC 8489 §6: uniformly and randomly chosen).
    public static func random() -> STUNTransactionID {
        STUNTransactionID(unchecked: SecureRandom.bytes(12))
    }

    init(unchecked bytes: [UInt8]) { self.bytes = bytes }

    public var description: String { bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
}
