/// A certificate fingerprint as carried by the SDP `a=fingerprint` attribute (RFC 8122 §5).
///
/// The SDP form is `hash-func SP fingerprint`, e.g. `sha-256 AB:CD:…`: a hash function
/// name from the IANA "Hash Function Textual Names" registry followed by the digest in
/// uppercase hexadecimal byte pairs separated by colons. DTLS-SRTP (RFC 5763 §5) checks
/// that the peer's certificate hashes to this value.
public struct CertificateFingerprint: Hashable, Sendable, CustomStringConvertible {
    /// The hash function used.
    public let algorithm: Digest
    /// The digest of the DER-encoded certificate.
    public let bytes: [UInt8]

    /// Errors from parsing an SDP fingerprint value.
    public enum ParseError: Error, Equatable, CustomStringConvertible {
        /// Not of the form `hash-func SP hex:hex:…`.
        case malformed(String)
        /// A hash function this implementation does not support (only `sha-1` and `sha-256`).
        case unsupportedAlgorithm(String)
        /// The number of bytes does not match the hash function's output length.
        case wrongLength(algorithm: String, expected: Int, actual: Int)

        public var description: String {
            switch self {
            case .malformed(let value): "malformed fingerprint \"\(value)\""
            case .unsupportedAlgorithm(let name): "unsupported fingerprint hash function \"\(name)\""
            case .wrongLength(let name, let expected, let actual): "\(name) fingerprint has \(actual) bytes, expected \(expected)"
            }
        }
    }

    /// A fingerprint from its parts; `bytes.count` should equal `algorithm.length`.
    public init(algorithm: Digest, bytes: [UInt8]) {
        self.algorithm = algorithm
        self.bytes = bytes
    }

    /// Parses the value of an `a=fingerprint:` attribute, e.g. `sha-256 AB:CD:…`
    /// (RFC 8122 §5; hash names are case-insensitive, hex digits of either case accepted).
    public init(sdpValue: String) throws {
        let parts = sdpValue.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { throw ParseError.malformed(sdpValue) }
        let name = parts[0].lowercased()
        guard let algorithm = Self.algorithm(named: name) else { throw ParseError.unsupportedAlgorithm(name) }
        var bytes: [UInt8] = []
        for pair in parts[1].split(separator: ":", omittingEmptySubsequences: false) {
            guard pair.count == 2, let byte = UInt8(pair, radix: 16) else { throw ParseError.malformed(sdpValue) }
            bytes.append(byte)
        }
        guard bytes.count == algorithm.length else {
            throw ParseError.wrongLength(algorithm: name, expected: algorithm.length, actual: bytes.count)
        }
        self.init(algorithm: algorithm, bytes: bytes)
    }

    /// The RFC 8122 hash function name: `sha-1` or `sha-256`.
    public var algorithmName: String { Self.name(of: algorithm) }

    /// The attribute value: hash name, a space, then uppercase hex pairs joined by colons.
    public var sdpValue: String {
        let hexDigits = Array("0123456789ABCDEF")
        let hex = bytes.map { String([hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 0x0F)]]) }
        return "\(algorithmName) \(hex.joined(separator: ":"))"
    }

    public var description: String { sdpValue }

    /// The `Digest` for an RFC 8122 hash function name (lowercase), if supported.
    public static func algorithm(named name: String) -> Digest? {
        switch name {
        case "sha-1": .sha1
        case "sha-256": .sha256
        default: nil
        }
    }

    /// The RFC 8122 hash function name of `digest`.
    public static func name(of digest: Digest) -> String {
        switch digest {
        case .sha1: "sha-1"
        case .sha256: "sha-256"
        }
    }
}
