/// A certificate fingerprint, `a=fingerprint:<hash-func> <fingerprint>` (RFC 8122 §5):
///
///     fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
///     hash-func             = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
///     fingerprint           = 2UHEX *(":" 2UHEX)
///
/// For the hash functions listed above the byte count must match the digest length.
/// Hex is accepted in either case and serialized upper-case.
public struct SDPFingerprint: Hashable, Sendable {
    /// The hash function name, lower-cased (`sha-256`).
    public var algorithm: String
    /// The digest bytes.
    public var bytes: [UInt8]

    /// Digest lengths in bytes of the hash functions RFC 8122 §5 names.
    public static let knownLengths: [String: Int] = [
        "md2": 16, "md5": 16, "sha-1": 20, "sha-224": 28, "sha-256": 32, "sha-384": 48, "sha-512": 64,
    ]

    /// Builds a fingerprint, checking the length for known hash functions.
    public init(algorithm: String, bytes: [UInt8]) throws {
        let algorithm = algorithm.lowercased()
        guard SDPSyntax.isToken(algorithm) else {
            throw SDPError.invalid(field: "fingerprint", reason: "hash function \"\(algorithm)\" is not a token")
        }
        guard !bytes.isEmpty else { throw SDPError.invalid(field: "fingerprint", reason: "no fingerprint bytes") }
        if let expected = Self.knownLengths[algorithm], expected != bytes.count {
            throw SDPError.invalid(field: "fingerprint", reason: "\(algorithm) fingerprint has \(bytes.count) bytes, expected \(expected)")
        }
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// Parses `sha-256 AB:CD:…` (the value after `a=fingerprint:`).
    public init(parsing value: String) throws {
        let f = SDPSyntax.fields(value)
        guard f.count == 2 else {
            throw SDPError.invalid(field: "fingerprint", reason: "expected \"<hash-func> <hex>\", found \(f.count) fields")
        }
        var bytes: [UInt8] = []
        for pair in f[1].split(separator: ":", omittingEmptySubsequences: false) {
            guard pair.utf8.count == 2, let byte = UInt8(pair, radix: 16), pair.utf8.allSatisfy(\.isHexDigit) else {
                throw SDPError.invalid(field: "fingerprint", reason: "\"\(pair)\" is not two hex digits")
            }
            bytes.append(byte)
        }
        try self.init(algorithm: String(f[0]), bytes: bytes)
    }

    /// `AB:CD:…`, upper-case.
    public var hexString: String {
        bytes.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    /// The value after `a=fingerprint:`: `sha-256 AB:CD:…`.
    public var value: String { "\(algorithm) \(hexString)" }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
