internal import COpenSSL

/// Which side of the DTLS handshake an endpoint plays (RFC 6347; in WebRTC the SDP
/// `a=setup` attribute decides it, RFC 5763 §5: `passive` is the DTLS server).
public enum DTLSRole: Sendable, Equatable {
    case client
    case server
}

/// One DTLS 1.2 (RFC 6347) connection run by OpenSSL over two memory BIOs, set up for
/// DTLS-SRTP (RFC 5764): `use_srtp` negotiation and keying-material export.
///
/// This is the thin wrapper around `SSL_CTX`/`SSL`; it performs no I/O. Feed it each
/// received datagram with `feed(_:)` and then call `doHandshake()` (or `read()` once
/// connected); send whatever `drainOutgoing()` returns. Both peers must present a
/// certificate; any self-signed certificate is accepted unless
/// `Configuration.expectedPeerFingerprint` is set, in which case the peer's certificate
/// must hash to it or the handshake fails with a fatal alert (RFC 5763 §5).
///
/// Retransmission timing: OpenSSL 3.0 measures its DTLS retransmission timer with the
/// wall clock (`gettimeofday`) and offers no way to inject time. `timeout()` reports
/// how long until it fires and `handleTimeout()` retransmits if it has; the schedule
/// (initial value, doubling, 60 s cap — RFC 6347 §4.2.4.1) comes from `Configuration`.
///
/// Not thread-safe: use one endpoint from one thread (or serial executor) at a time.
public final class DTLSEndpoint {
    /// How to set up the endpoint.
    public struct Configuration: Sendable {
        public var role: DTLSRole
        public var certificate: Certificate
        /// OpenSSL `use_srtp` profile names in preference order (RFC 5764 §4.1.2); empty
        /// means the extension is not offered.
        public var srtpProfileNames: [String]
        /// When set, the peer's certificate must have this fingerprint.
        public var expectedPeerFingerprint: CertificateFingerprint?
        /// Largest datagram to emit, in bytes (DTLS records plus headers, no IP/UDP).
        public var mtu: Int
        /// First retransmission timeout; each later one doubles, up to 60 s.
        public var initialRetransmissionTimeout: Duration

        public init(
            role: DTLSRole,
            certificate: Certificate,
            srtpProfileNames: [String] = DTLSEndpoint.defaultSRTPProfileNames,
            expectedPeerFingerprint: CertificateFingerprint? = nil,
            mtu: Int = 1200,
            initialRetransmissionTimeout: Duration = .seconds(1)
        ) {
            self.role = role
            self.certificate = certificate
            self.srtpProfileNames = srtpProfileNames
            self.expectedPeerFingerprint = expectedPeerFingerprint
            self.mtu = mtu
            self.initialRetransmissionTimeout = initialRetransmissionTimeout
        }
    }

    /// AEAD_AES_128_GCM (RFC 7714) first, then AES_CM_128_HMAC_SHA1_80 (RFC 5764 §4.1.2).
    public static let defaultSRTPProfileNames = ["SRTP_AEAD_AES_128_GCM", "SRTP_AES128_CM_SHA1_80"]

    /// Cipher suites: ECDHE only (forward secrecy), AEAD first.
    static let cipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA",
    ].joined(separator: ":")

    /// Key-exchange groups offered / accepted.
    static let groupList = "X25519:P-256:P-384"

    /// What a handshake step achieved.
    public enum HandshakeProgress: Sendable, Equatable {
        /// Waiting for the peer's next flight (send `drainOutgoing()` first).
        case inProgress
        /// The handshake is finished.
        case complete
    }

    /// The result of `read()`.
    public enum ReadResult: Sendable, Equatable {
        /// Application data from the peer.
        case data([UInt8])
        /// Nothing (more) to read until another datagram is fed.
        case wantMore
        /// The peer sent close_notify.
        case closed
    }

    public let role: DTLSRole
    public let mtu: Int

    /// `SSL_CTX *`, owned.
    private let context: OpaquePointer
    /// `SSL *`, owned; it owns both BIOs.
    private let ssl: OpaquePointer
    /// Memory BIO the peer's datagrams are written into.
    private let readBIO: OpaquePointer
    /// Memory BIO OpenSSL writes records into.
    private let writeBIO: OpaquePointer
    /// State reachable from the C callbacks; lives as long as `ssl`.
    private let callbackState: DTLSCallbackState

    public init(configuration: Configuration) throws {
        ERR_clear_error()
        role = configuration.role
        mtu = configuration.mtu
        let micros = configuration.initialRetransmissionTimeout.components.seconds * 1_000_000
            + configuration.initialRetransmissionTimeout.components.attoseconds / 1_000_000_000_000
        callbackState = DTLSCallbackState(
            expectedPeerFingerprint: configuration.expectedPeerFingerprint,
            initialTimeoutMicros: UInt32(clamping: max(micros, 1000))
        )

        let context = try Self.makeContext(configuration)
        self.context = context
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw OpenSSLError.drain("SSL_new")
        }
        self.ssl = ssl
        guard let readBIO = BIO_new(BIO_s_mem()), let writeBIO = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            SSL_CTX_free(context)
            throw OpenSSLError.drain("BIO_new")
        }
        // An empty memory BIO reports "retry later" instead of end of file.
        parley_BIO_set_mem_eof_return(readBIO, -1)
        parley_BIO_set_mem_eof_return(writeBIO, -1)
        SSL_set_bio(ssl, readBIO, writeBIO)
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        // From here on deinit frees everything.
        try configureConnection(configuration)
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// An `SSL_CTX` for DTLS 1.2 with the certificate, ECDHE suites and groups, and
    /// `use_srtp` profiles. `SSL_new` copies these, so they are set before it.
    private static func makeContext(_ configuration: Configuration) throws -> OpaquePointer {
        guard let context = SSL_CTX_new(DTLS_method()) else { throw OpenSSLError.drain("SSL_CTX_new") }
        do {
            let certificate = configuration.certificate
            guard parley_SSL_CTX_set_min_proto_version(context, DTLS1_2_VERSION) == 1 else { throw OpenSSLError.drain("SSL_CTX_set_min_proto_version") }
            guard SSL_CTX_use_certificate(context, certificate.x509) == 1 else { throw OpenSSLError.drain("SSL_CTX_use_certificate") }
            guard SSL_CTX_use_PrivateKey(context, certificate.key) == 1 else { throw OpenSSLError.drain("SSL_CTX_use_PrivateKey") }
            guard SSL_CTX_check_private_key(context) == 1 else { throw OpenSSLError.drain("SSL_CTX_check_private_key") }
            guard SSL_CTX_set_cipher_list(context, cipherList) == 1 else { throw OpenSSLError.drain("SSL_CTX_set_cipher_list") }
            guard parley_SSL_CTX_set1_groups_list(context, groupList) == 1 else { throw OpenSSLError.drain("SSL_CTX_set1_groups_list") }
            if !configuration.srtpProfileNames.isEmpty {
                let profiles = configuration.srtpProfileNames.joined(separator: ":")
                // Returns 0 on success (unlike most of OpenSSL).
                guard SSL_CTX_set_tlsext_use_srtp(context, profiles) == 0 else { throw OpenSSLError.drain("SSL_CTX_set_tlsext_use_srtp(\(profiles))") }
            }
            parley_SSL_CTX_set_read_ahead(context, 1)
            parley_SSL_CTX_set_options_no_query_mtu(context)
            parley_SSL_CTX_set_options_no_renegotiation_no_ticket(context)
            let mode = configuration.role == .server ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_PEER
            SSL_CTX_set_verify(context, mode, dtlsVerifyCallback)
            return context
        } catch {
            SSL_CTX_free(context)
            throw error
        }
    }

    /// Per-connection settings: MTU, callback state, timer schedule, role.
    private func configureConnection(_ configuration: Configuration) throws {
        guard parley_SSL_set_mtu(ssl, configuration.mtu) > 0 else { throw OpenSSLError.drain("SSL_set_mtu(\(configuration.mtu))") }
        guard SSL_set_ex_data(ssl, 0, Unmanaged.passUnretained(callbackState).toOpaque()) == 1 else { throw OpenSSLError.drain("SSL_set_ex_data") }
        DTLS_set_timer_cb(ssl, dtlsTimerCallback)
        switch configuration.role {
        case .server: SSL_set_accept_state(ssl)
        case .client: SSL_set_connect_state(ssl)
        }
    }

    // MARK: - Datagrams in and out

    /// Hands one received datagram to OpenSSL. Call `doHandshake()` (or `read()` once
    /// connected) before feeding the next one, so records of two datagrams never mix.
    public func feed(_ datagram: [UInt8]) {
        MemoryBIO.write(readBIO, datagram)
    }

    /// Everything OpenSSL has written since the last call, cut into datagrams of at most
    /// `mtu` bytes along DTLS record boundaries.
    public func drainOutgoing() -> [[UInt8]] {
        DTLSRecordPacker.datagrams(from: MemoryBIO.readAll(writeBIO), mtu: mtu)
    }

    // MARK: - Handshake

    /// Advances the handshake with whatever has been fed. Throws `OpenSSLError` (with
    /// OpenSSL's error queue, and the fingerprint mismatch if that was the cause) when
    /// the handshake fails; a fatal alert may then be waiting in `drainOutgoing()`.
    public func doHandshake() throws -> HandshakeProgress {
        ERR_clear_error()
        let result = SSL_do_handshake(ssl)
        if result == 1 { return .complete }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            ERR_clear_error()
            return .inProgress
        case SSL_ERROR_ZERO_RETURN:
            ERR_clear_error()
            throw OpenSSLError(operation: "SSL_do_handshake", detail: "peer closed the connection during the handshake")
        default:
            throw failure("SSL_do_handshake")
        }
    }

    /// Whether the handshake has finished.
    public var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// Why the peer certificate was refused, if the fingerprint check failed.
    public var verificationFailure: String? { callbackState.verificationFailure }

    /// Time left until the retransmission timer fires (zero when it is due), or nil when
    /// no flight is awaiting an answer.
    public func timeout() -> Duration? {
        var left = timeval()
        guard parley_DTLSv1_get_timeout(ssl, &left) == 1 else { return nil }
        return .seconds(Int64(left.tv_sec)) + .microseconds(Int64(left.tv_usec))
    }

    /// Retransmits the last flight if the retransmission timer has fired. Returns whether
    /// it did; throws when OpenSSL gives up (too many retransmissions).
    @discardableResult
    public func handleTimeout() throws -> Bool {
        ERR_clear_error()
        let result = parley_DTLSv1_handle_timeout(ssl)
        if result < 0 { throw failure("DTLSv1_handle_timeout") }
        return result > 0
    }

    // MARK: - After the handshake

    /// The peer certificate's fingerprint, once the peer has sent its certificate.
    public func peerCertificateFingerprint(_ algorithm: Digest = .sha256) -> CertificateFingerprint? {
        guard let peer = SSL_get1_peer_certificate(ssl) else { return nil }
        defer { X509_free(peer) }
        return try? Certificate.fingerprint(of: peer, algorithm)
    }

    /// The negotiated `use_srtp` profile name (e.g. `SRTP_AEAD_AES_128_GCM`), if any.
    public var selectedSRTPProfile: String? {
        guard let profile = SSL_get_selected_srtp_profile(ssl), let name = profile.pointee.name else { return nil }
        return String(cString: name)
    }

    /// The negotiated cipher suite name, for logs.
    public var cipherSuite: String? {
        guard let cipher = SSL_get_current_cipher(ssl), let name = SSL_CIPHER_get_name(cipher) else { return nil }
        return String(cString: name)
    }

    /// Exports `length` bytes of keying material (RFC 5705) without context, as DTLS-SRTP
    /// does with the label `EXTRACTOR-dtls_srtp` (RFC 5764 §4.2).
    public func exportKeyingMaterial(label: String, length: Int) throws -> [UInt8] {
        ERR_clear_error()
        var out = [UInt8](repeating: 0, count: length)
        let labelBytes = Array(label.utf8)
        let ok = SSL_export_keying_material(ssl, &out, length, labelBytes.map { CChar(bitPattern: $0) }, labelBytes.count, nil, 0, 0)
        guard ok == 1 else { throw failure("SSL_export_keying_material") }
        return out
    }

    /// Processes fed records after the handshake: returns application data, `.closed` on
    /// close_notify, or `.wantMore`. Also answers a retransmitted final flight of the peer.
    public func read() throws -> ReadResult {
        ERR_clear_error()
        var buffer = [UInt8](repeating: 0, count: 2048)
        let count = SSL_read(ssl, &buffer, Int32(buffer.count))
        if count > 0 { return .data(Array(buffer.prefix(Int(count)))) }
        switch SSL_get_error(ssl, count) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            ERR_clear_error()
            return .wantMore
        case SSL_ERROR_ZERO_RETURN:
            ERR_clear_error()
            return .closed
        default:
            throw failure("SSL_read")
        }
    }

    /// Queues a close_notify alert (send it with `drainOutgoing()`).
    public func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    /// An error from the queue, prefixed with the fingerprint problem when that was the cause.
    private func failure(_ operation: String) -> OpenSSLError {
        let error = OpenSSLError.drain(operation)
        guard let reason = callbackState.verificationFailure else { return error }
        return OpenSSLError(operation: operation, detail: error.detail.isEmpty ? reason : "\(reason); \(error.detail)")
    }
}
