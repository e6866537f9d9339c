internal import COpenSSL

/// Message digests and HMACs computed by OpenSSL's EVP interface.
///
/// Used by STUN MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and certificate
/// fingerprints (SHA-256, RFC 8122 §5).
public enum Digest: Sendable {
    case sha1
    case sha256

    /// The digest's output length in bytes.
    public var length: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        }
    }

    var evp: OpaquePointer? {
        switch self {
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        }
    }

    /// The digest of `data`.
    public func hash<Bytes: Collection>(_ data: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outLength: UInt32 = 0
        let ok = withContiguousBytes(data) { input in
            EVP_Digest(input.baseAddress, input.count, &out, &outLength, evp, nil)
        }
        // EVP_Digest only fails on allocation failure for these built-in digests.
        precondition(ok == 1, "EVP_Digest failed: \(OpenSSLError.drain("EVP_Digest"))")
        return Array(out.prefix(Int(outLength)))
    }

    /// The HMAC (RFC 2104) of `data` under `key`.
    public func hmac<Key: Collection, Bytes: Collection>(key: Key, _ data: Bytes) -> [UInt8]
    where Key.Element == UInt8, Bytes.Element == UInt8 {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var outLength: UInt32 = 0
        let result = withContiguousBytes(key) { keyBytes in
            withContiguousBytes(data) { input in
                // HMAC() with a NULL key pointer and zero length is valid; give it a non-null one anyway.
                HMAC(evp, keyBytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(keyBytes.count),
                     input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count, &out, &outLength)
            }
        }
        precondition(result != nil, "HMAC failed: \(OpenSSLError.drain("HMAC"))")
        return Array(out.prefix(Int(outLength)))
    }
}

/// Runs `body` over the bytes of `data`, copying only when the collection is not contiguous.
func withContiguousBytes<Bytes: Collection, R>(_ data: Bytes, _ body: (UnsafeRawBufferPointer) -> R) -> R
where Bytes.Element == UInt8 {
    if let result = data.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    return Array(data).withUnsafeBytes(body)
}
