import ParleyCrypto

extension STUNMessage {
    /// Whether the message carries a FINGERPRINT that matches its bytes (RFC 8489 §14.7):
    /// CRC-32 of everything before the attribute, XOR 0x5354554E. `false` when absent.
    public func verifyFingerprint() -> Bool {
        let wire = wireForm()
        guard let offset = wire.fingerprintOffset, offset + 8 <= wire.bytes.count else { return false }
        // FINGERPRINT is last, so the header's length already covers it.
        let expected: UInt32 = STUNAttribute.bigEndian(wire.bytes[(offset + 4)..<(offset + 8)])
        return CRC32.checksum(wire.bytes[..<offset]) ^ Self.fingerprintXOR == expected
    }

    /// Whether the message carries a MESSAGE-INTEGRITY that verifies under `key` (RFC 8489 §14.5):
    /// HMAC-SHA1 over the bytes before the attribute, with the header length adjusted to end
    /// just after it. For short-term credentials (ICE) the key is the password's UTF-8 bytes.
    /// `false` when absent.
    public func verifyMessageIntegrity(key: [UInt8]) -> Bool {
        let wire = wireForm()
        guard let offset = wire.messageIntegrityOffset, offset + 24 <= wire.bytes.count else { return false }
        var covered = Array(wire.bytes[..<offset])
        Self.setLength(of: &covered, to: offset + 24 - Self.headerLength)
        let mac = Digest.sha1.hmac(key: key, covered)
        return Self.constantTimeEqual(mac, wire.bytes[(offset + 4)..<(offset + 24)])
    }

    /// Whether the message carries a MESSAGE-INTEGRITY-SHA256 that verifies under `key`
    /// (RFC 8489 §14.6; a truncated HMAC-SHA256 compares only its leading bytes). `false` when absent.
    public func verifyMessageIntegritySHA256(key: [UInt8]) -> Bool {
        let wire = wireForm()
        guard let offset = wire.messageIntegritySHA256Offset, offset + 4 <= wire.bytes.count else { return false }
        let valueLength = Int(wire.bytes[offset + 2]) << 8 | Int(wire.bytes[offset + 3])
        guard (16...32).contains(valueLength), offset + 4 + valueLength <= wire.bytes.count else { return false }
        var covered = Array(wire.bytes[..<offset])
        Self.setLength(of: &covered, to: offset + 4 + valueLength - Self.headerLength)
        let mac = Digest.sha256.hmac(key: key, covered).prefix(valueLength)
        return Self.constantTimeEqual(mac, wire.bytes[(offset + 4)..<(offset + 4 + valueLength)])
    }

    /// Convenience for ICE short-term credentials: the key is the password's UTF-8 bytes
    /// (SASLprep/OpaqueString leaves ice-chars unchanged).
    public func verifyMessageIntegrity(password: String) -> Bool {
        verifyMessageIntegrity(key: Array(password.utf8))
    }

    /// The bytes the message came from, or, for a message built in code, its serialised form as is.
    func wireForm() -> Wire {
        if let wire { return wire }
        // A message built in code: serialise its attributes as they stand and locate the integrity ones.
        let bytes = serialize()
        return (try? STUNMessage(parsing: bytes, maximumSize: Int.max))?.wire ?? Wire(bytes: bytes)
    }

    static func constantTimeEqual<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
