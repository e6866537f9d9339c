internal import COpenSSL
import Foundation

/// An ECDSA P-256 key pair and its self-signed X.509 certificate, as used by DTLS-SRTP
/// (RFC 5763 §5: endpoints authenticate with self-signed certificates whose fingerprints
/// travel in SDP, RFC 8122 §5).
///
/// Owns an OpenSSL `EVP_PKEY` and `X509`; both are immutable once built, so an instance
/// may be shared between threads and sessions. Persist it with `pemCertificate()` /
/// `pemPrivateKey()` and reload it with `init(pemCertificate:pemPrivateKey:)`.
public final class Certificate: @unchecked Sendable {
    /// `EVP_PKEY *`, owned.
    let key: OpaquePointer
    /// `X509 *`, owned.
    let x509: OpaquePointer

    private init(key: OpaquePointer, x509: OpaquePointer) {
        self.key = key
        self.x509 = x509
    }

    deinit {
        X509_free(x509)
        EVP_PKEY_free(key)
    }

    /// Generates a fresh ECDSA P-256 key and a self-signed X.509 v3 certificate for it:
    /// subject and issuer `CN=commonName`, a random positive 64-bit serial, valid from one
    /// day ago (clock skew) for `validity`, signed with ECDSA-SHA256.
    public static func generateSelfSigned(commonName: String = "parley", validity: Duration = .seconds(30 * 86_400)) throws -> Certificate {
        ERR_clear_error()
        let key = try generateP256Key()
        guard let x509 = X509_new() else {
            EVP_PKEY_free(key)
            throw OpenSSLError.drain("X509_new")
        }
        // Ownership passes to the instance now, so any failure below frees both in deinit.
        let certificate = Certificate(key: key, x509: x509)
        try certificate.fillAndSign(commonName: commonName, validitySeconds: max(1, Int(validity.components.seconds)))
        return certificate
    }

    /// Loads a certificate and its private key from PEM text (`-----BEGIN CERTIFICATE-----`
    /// and a PKCS#8 or traditional `PRIVATE KEY` block) and checks that they belong together.
    public convenience init(pemCertificate: String, pemPrivateKey: String) throws {
        ERR_clear_error()
        guard let x509 = try Self.withMemoryBIO(pemCertificate, { PEM_read_bio_X509($0, nil, nil, nil) }) else {
            throw OpenSSLError.drain("PEM_read_bio_X509")
        }
        guard let key = try Self.withMemoryBIO(pemPrivateKey, { PEM_read_bio_PrivateKey($0, nil, nil, nil) }) else {
            X509_free(x509)
            throw OpenSSLError.drain("PEM_read_bio_PrivateKey")
        }
        self.init(key: key, x509: x509)
        guard X509_check_private_key(x509, key) == 1 else {
            throw OpenSSLError.drain("X509_check_private_key")
        }
    }

    /// The certificate in PEM form.
    public func pemCertificate() throws -> String {
        try Self.writeToMemoryBIO("PEM_write_bio_X509") { PEM_write_bio_X509($0, x509) }
    }

    /// The private key in unencrypted PKCS#8 PEM form (`-----BEGIN PRIVATE KEY-----`). Keep it secret.
    public func pemPrivateKey() throws -> String {
        try Self.writeToMemoryBIO("PEM_write_bio_PrivateKey") { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
    }

    /// The fingerprint of the DER-encoded certificate under `algorithm` (RFC 8122 §5).
    public func fingerprint(_ algorithm: Digest = .sha256) -> CertificateFingerprint {
        // X509_digest fails only on allocation failure for the built-in digests.
        (try? Self.fingerprint(of: x509, algorithm)) ?? CertificateFingerprint(algorithm: algorithm, bytes: [])
    }

    /// The SHA-256 fingerprint as an SDP attribute value: `sha-256 AB:CD:…` (RFC 8122 §5).
    public var sdpFingerprint: String { fingerprint(.sha256).sdpValue }

    /// The end of the validity period (`notAfter`), or nil if OpenSSL cannot parse it.
    public var notAfter: Date? {
        guard let time = X509_get0_notAfter(x509) else { return nil }
        var parsed = tm()
        guard ASN1_TIME_to_tm(time, &parsed) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parsed)))
    }

    // MARK: - Internals shared with DTLSEndpoint

    /// The fingerprint of an `X509 *`.
    static func fingerprint(of x509: OpaquePointer, _ algorithm: Digest) throws -> CertificateFingerprint {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(x509, algorithm.evp, &out, &length) == 1 else { throw OpenSSLError.drain("X509_digest") }
        return CertificateFingerprint(algorithm: algorithm, bytes: Array(out.prefix(Int(length))))
    }

    // MARK: - Private helpers

    private static func generateP256Key() throws -> OpaquePointer {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else { throw OpenSSLError.drain("EVP_PKEY_CTX_new_from_name") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw OpenSSLError.drain("EVP_PKEY_keygen_init") }
        guard EVP_PKEY_CTX_set_group_name(context, "P-256") == 1 else { throw OpenSSLError.drain("EVP_PKEY_CTX_set_group_name") }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else { throw OpenSSLError.drain("EVP_PKEY_generate") }
        return key
    }

    private func fillAndSign(commonName: String, validitySeconds: Int) throws {
        guard X509_set_version(x509, 2) == 1 else { throw OpenSSLError.drain("X509_set_version") }  // 2 means v3

        // Random positive serial (RFC 5280 §4.1.2.2: positive, at most 20 octets).
        var serialBytes = SecureRandom.bytes(8)
        serialBytes[0] &= 0x7F
        serialBytes[0] |= 0x01
        guard let serial = BN_bin2bn(serialBytes, Int32(serialBytes.count), nil) else { throw OpenSSLError.drain("BN_bin2bn") }
        defer { BN_free(serial) }
        guard BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x509)) != nil else { throw OpenSSLError.drain("BN_to_ASN1_INTEGER") }

        guard X509_gmtime_adj(X509_getm_notBefore(x509), -86_400) != nil,
              X509_gmtime_adj(X509_getm_notAfter(x509), validitySeconds) != nil
        else { throw OpenSSLError.drain("X509_gmtime_adj") }

        guard let name = X509_get_subject_name(x509),
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, commonName, -1, -1, 0) == 1
        else { throw OpenSSLError.drain("X509_NAME_add_entry_by_txt") }
        guard X509_set_issuer_name(x509, name) == 1 else { throw OpenSSLError.drain("X509_set_issuer_name") }
        guard X509_set_pubkey(x509, key) == 1 else { throw OpenSSLError.drain("X509_set_pubkey") }
        guard X509_sign(x509, key, EVP_sha256()) > 0 else { throw OpenSSLError.drain("X509_sign") }
    }

    /// Runs `body` with a read-only memory BIO over the UTF-8 bytes of `text`.
    private static func withMemoryBIO<R>(_ text: String, _ body: (OpaquePointer) -> R?) throws -> R? {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { buffer -> R? in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { throw OpenSSLError.drain("BIO_new_mem_buf") }
            defer { BIO_free(bio) }
            return body(bio)
        }
    }

    /// Runs `write` against a fresh memory BIO and returns what it wrote as text.
    private static func writeToMemoryBIO(_ operation: String, _ write: (OpaquePointer) -> Int32) throws -> String {
        ERR_clear_error()
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLError.drain("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw OpenSSLError.drain(operation) }
        return String(decoding: MemoryBIO.readAll(bio), as: UTF8.self)
    }
}
