internal import COpenSSL

/// State the C callbacks of one `SSL` reach through its ex_data slot 0 (the "app data"
/// slot). Owned by `DTLSEndpoint`, which frees the `SSL` before releasing it.
final class DTLSCallbackState {
    let expectedPeerFingerprint: CertificateFingerprint?
    let initialTimeoutMicros: UInt32
    var verificationFailure: String?

    init(expectedPeerFingerprint: CertificateFingerprint?, initialTimeoutMicros: UInt32) {
        self.expectedPeerFingerprint = expectedPeerFingerprint
        self.initialTimeoutMicros = initialTimeoutMicros
    }

    static func of(_ ssl: OpaquePointer?) -> DTLSCallbackState? {
        guard let ssl, let raw = SSL_get_ex_data(ssl, 0) else { return nil }
        return Unmanaged<DTLSCallbackState>.fromOpaque(raw).takeUnretainedValue()
    }
}

/// Certificate verification for DTLS-SRTP (RFC 5763 §5): self-signed certificates are
/// expected, so chain errors are ignored; trust comes from the SDP fingerprint, which the
/// leaf certificate (depth 0) must match when one is configured.
let dtlsVerifyCallback: @convention(c) (Int32, OpaquePointer?) -> Int32 = { _, store in
    guard let store,
          let sslRaw = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
          let state = DTLSCallbackState.of(OpaquePointer(sslRaw))
    else { return 0 }
    guard X509_STORE_CTX_get_error_depth(store) == 0, let expected = state.expectedPeerFingerprint else { return 1 }
    guard let certificate = X509_STORE_CTX_get_current_cert(store),
          let actual = try? Certificate.fingerprint(of: certificate, expected.algorithm)
    else {
        state.verificationFailure = "cannot compute the peer certificate fingerprint"
        return 0
    }
    if actual == expected { return 1 }
    state.verificationFailure = "peer certificate fingerprint \(actual.sdpValue) does not match the expected \(expected.sdpValue)"
    X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION)
    return 0
}

/// Retransmission schedule (RFC 6347 §4.2.4.1): the configured initial timeout, then
/// doubling up to 60 s. OpenSSL passes 0 when a new flight starts the timer.
let dtlsTimerCallback: @convention(c) (OpaquePointer?, UInt32) -> UInt32 = { ssl, previousMicros in
    guard previousMicros != 0 else { return DTLSCallbackState.of(ssl)?.initialTimeoutMicros ?? 1_000_000 }
    return previousMicros >= 30_000_000 ? 60_000_000 : previousMicros * 2
}
