import ParleyCrypto

/// An ICE username fragment and password (RFC 8445 §5.3, syntax RFC 8839 §5.4).
///
/// The ufrag is 4–256 ice-chars and the password 22–256 ice-chars (ALPHA / DIGIT / "+" / "/").
/// Connectivity checks sent *to* an agent carry USERNAME `"<its ufrag>:<sender ufrag>"` and are
/// signed with *its* password.
public struct ICECredentials: Hashable, Sendable, CustomStringConvertible {
    public let ufrag: String
    public let password: String

    public init(ufrag: String, password: String) {
        self.ufrag = ufrag
        self.password = password
    }

    /// Fresh random credentials: an 8-character ufrag (48 bits) and a 24-character password
    /// (144 bits) from the ice-char alphabet, drawn from OpenSSL's DRBG.
    public static func random() -> ICECredentials {
        ICECredentials(ufrag: SecureRandom.string(length: 8), password: SecureRandom.string(length: 24))
    }

    /// Whether both parts have RFC 8839 §5.4 syntax (lengths and ice-chars).
    public var isValid: Bool {
        func iceChars(_ text: String) -> Bool {
            text.utf8.allSatisfy { byte in
                (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            }
        }
        return (4...256).contains(ufrag.utf8.count) && (22...256).contains(password.utf8.count)
            && iceChars(ufrag) && iceChars(password)
    }

    /// The password's bytes: the MESSAGE-INTEGRITY key for short-term credentials (RFC 8489 §9.1.1;
    /// OpaqueString leaves ice-chars unchanged).
    var key: [UInt8] { Array(password.utf8) }

    /// Hides the password.
    public var description: String { "ICECredentials(ufrag: \(ufrag), password: <\(password.utf8.count) chars>)" }
}
