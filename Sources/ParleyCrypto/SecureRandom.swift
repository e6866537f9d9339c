internal import COpenSSL

/// Cryptographically secure random bytes and tokens from OpenSSL's DRBG (`RAND_bytes`).
///
/// Used for ICE credentials (RFC 8839 §5.4), STUN transaction IDs (RFC 8489 §6),
/// SRTP/RTP SSRCs and join tokens.
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let ok = RAND_bytes(&out, Int32(count))
        // RAND_bytes fails only if the DRBG cannot be seeded: nothing safe can follow.
        precondition(ok == 1, "RAND_bytes failed: \(OpenSSLError.drain("RAND_bytes"))")
        return out
    }

    /// A random 32-bit value.
    public static func uint32() -> UInt32 {
        bytes(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The 64 characters allowed in ICE ufrag/pwd (`ice-char`, RFC 8839 §5.4): ALPHA / DIGIT / "+" / "/".
    public static let iceCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// A random string of `length` characters drawn uniformly from `alphabet` (rejection sampling, no modulo bias).
    public static func string(length: Int, alphabet: [Character] = iceCharacters) -> String {
        precondition(!alphabet.isEmpty && alphabet.count <= 256)
        let limit = 256 - (256 % alphabet.count)
        var result = ""
        result.reserveCapacity(length)
        while result.count < length {
            for byte in bytes(length) where Int(byte) < limit && result.count < length {
                result.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return result
    }

    /// An unguessable URL-safe token carrying `byteCount` bytes of entropy (base64url, no padding).
    public static func token(byteCount: Int = 24) -> String {
        let urlSafe = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return string(length: (byteCount * 4 + 2) / 3, alphabet: urlSafe)
    }
}
