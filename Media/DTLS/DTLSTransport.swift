import ParleyCrypto
import SRTP

/// The DTLS-SRTP transport of one media session (RFC 5763, RFC 5764), sans-IO.
///
/// Feed it received DTLS datagrams with `handle(datagram:now:)`, drive its timers with
/// `pollTimeout()` / `handleTimeout(now:)`, and send what `pollTransmit()` returns to
/// the peer. `pollEvent()` reports `.connected` with the SRTP keys once the handshake
/// is done and the peer's certificate matched its SDP fingerprint, `.failed` when the
/// handshake fails or misses its deadline, and `.closed` when the peer says goodbye.
///
/// The handshake deadline uses the `now` passed in. DTLS retransmissions are timed by
/// OpenSSL, whose timer reads the wall clock (OpenSSL 3.0 has no way to inject time):
/// `pollTimeout()` maps its remaining time onto the injected clock, and
/// `handleTimeout(now:)` retransmits when OpenSSL's timer has fired. With a real clock
/// the two agree.
///
/// Not thread-safe: drive one transport from one thread or serial executor.
public final class DTLSTransport {
    /// Where the transport is in its life.
    public enum State: Sendable, Equatable {
        /// Created; `start(now:)` not yet called.
        case idle
        case handshaking
        case connected
        case failed
        case closed
    }

    public let configuration: DTLSTransportConfiguration
    public private(set) var state: State = .idle
    /// The SRTP keys, once connected.
    public private(set) var srtpParameters: SRTPParameters?

    private let endpoint: DTLSEndpoint
    private var outgoing: [[UInt8]] = []
    private var outgoingHead = 0
    private var events: [DTLSTransportEvent] = []
    private var deadline: ContinuousClock.Instant?
    private var retransmitAt: ContinuousClock.Instant?

    public var role: DTLSRole { configuration.role }
    /// The negotiated cipher suite name (after the handshake), for logs.
    public var cipherSuite: String? { endpoint.cipherSuite }

    /// Creates the transport; throws an `OpenSSLError` if OpenSSL cannot be set up.
    public init(configuration: DTLSTransportConfiguration) throws {
        self.configuration = configuration
        endpoint = try DTLSEndpoint(configuration: .init(
            role: configuration.role,
            certificate: configuration.certificate,
            srtpProfileNames: configuration.srtpProfiles.map(\.dtlsName),
            expectedPeerFingerprint: configuration.remoteFingerprint,
            mtu: configuration.mtu,
            initialRetransmissionTimeout: configuration.initialRetransmissionTimeout
        ))
    }

    // MARK: - Inputs

    /// Starts the handshake clock; a client also sends its ClientHello. Idempotent.
    public func start(now: ContinuousClock.Instant) {
        guard state == .idle else { return }
        state = .handshaking
        deadline = now + configuration.handshakeTimeout
        advanceHandshake(now: now)
    }

    /// Processes one received DTLS datagram (first byte 20…63, RFC 7983).
    public func handle(datagram: [UInt8], now: ContinuousClock.Instant) {
        if state == .idle { start(now: now) }
        switch state {
        case .handshaking:
            endpoint.feed(datagram)
            advanceHandshake(now: now)
        case .connected:
            endpoint.feed(datagram)
            readApplicationRecords()
        case .idle, .failed, .closed:
            break
        }
    }

    /// Fires due timers: a retransmission, or the handshake deadline.
    public func handleTimeout(now: ContinuousClock.Instant) {
        guard state == .handshaking else { return }
        if let deadline, now >= deadline {
            fail(.handshakeTimeout, "DTLS handshake did not complete within \(configuration.handshakeTimeout)")
            return
        }
        guard let retransmitAt, now >= retransmitAt else { return }
        do {
            try endpoint.handleTimeout()
        } catch {
            fail(.handshakeFailed, "DTLS retransmission failed: \(error)")
            return
        }
        collectOutgoing()
        updateRetransmitTime(now: now)
    }

    /// Sends close_notify (if connected) and stops. No event is reported.
    public func close() {
        guard state == .connected || state == .handshaking else { return }
        endpoint.shutdown()
        collectOutgoing()
        state = .closed
        retransmitAt = nil
    }

    // MARK: - Outputs

    /// The next datagram to send to the peer, if any.
    public func pollTransmit() -> [UInt8]? {
        guard outgoingHead < outgoing.count else { return nil }
        let datagram = outgoing[outgoingHead]
        outgoingHead += 1
        if outgoingHead == outgoing.count {
            outgoing.removeAll(keepingCapacity: true)
            outgoingHead = 0
        }
        return datagram
    }

    /// The next event, if any.
    public func pollEvent() -> DTLSTransportEvent? {
        events.isEmpty ? nil : events.removeFirst()
    }

    /// When `handleTimeout(now:)` should next be called, or nil if no timer is running.
    public func pollTimeout() -> ContinuousClock.Instant? {
        guard state == .handshaking else { return nil }
        switch (retransmitAt, deadline) {
        case let (retransmit?, deadline?): return min(retransmit, deadline)
        case let (retransmit?, nil): return retransmit
        case let (nil, deadline): return deadline
        }
    }

    // MARK: - Internals

    private func advanceHandshake(now: ContinuousClock.Instant) {
        let progress: DTLSEndpoint.HandshakeProgress
        do {
            progress = try endpoint.doHandshake()
        } catch {
            if let reason = endpoint.verificationFailure {
                fail(.fingerprintMismatch, reason)
            } else {
                fail(.handshakeFailed, "DTLS handshake failed: \(error)")
            }
            return
        }
        collectOutgoing()
        switch progress {
        case .inProgress: updateRetransmitTime(now: now)
        case .complete: finishHandshake()
        }
    }

    /// Checks the peer and derives the SRTP keys (RFC 5764 §4.2).
    private func finishHandshake() {
        // The verify callback already refused a mismatch; check again in case it was never asked.
        guard let actual = endpoint.peerCertificateFingerprint(configuration.remoteFingerprint.algorithm),
              actual == configuration.remoteFingerprint
        else {
            let got = endpoint.peerCertificateFingerprint(configuration.remoteFingerprint.algorithm)?.sdpValue ?? "no certificate"
            endpoint.shutdown()
            fail(.fingerprintMismatch, "peer certificate fingerprint \(got) does not match the expected \(configuration.remoteFingerprint.sdpValue)")
            return
        }
        guard let name = endpoint.selectedSRTPProfile else {
            endpoint.shutdown()
            fail(.noSRTPProfile, "no SRTP profile negotiated (use_srtp missing or no common profile)")
            return
        }
        guard let profile = SRTPProfile(dtlsName: name), configuration.srtpProfiles.contains(profile) else {
            endpoint.shutdown()
            fail(.noSRTPProfile, "unsupported SRTP profile \(name)")
            return
        }
        do {
            let exported = try endpoint.exportKeyingMaterial(label: SRTPKeyingMaterial.exporterLabel, length: profile.keyingMaterialLength)
            let parameters = try SRTPKeyingMaterial(exported: exported, profile: profile).parameters(localIsClient: role == .client)
            state = .connected
            retransmitAt = nil
            srtpParameters = parameters
            events.append(.connected(parameters))
        } catch {
            fail(.handshakeFailed, "DTLS-SRTP key export failed: \(error)")
        }
        // Anything the peer sent along with its last flight (e.g. application data) is drained too.
        if state == .connected { readApplicationRecords() }
    }

    /// Reads records after the handshake: answers a retransmitted final flight, notices close_notify.
    private func readApplicationRecords() {
        while state == .connected {
            let result: DTLSEndpoint.ReadResult
            do {
                result = try endpoint.read()
            } catch {
                collectOutgoing()
                fail(.protocolError, "DTLS error: \(error)")
                return
            }
            switch result {
            case .data:
                continue  // WebRTC data channels are not supported; ignore.
            case .wantMore:
                collectOutgoing()
                return
            case .closed:
                collectOutgoing()
                state = .closed
                events.append(.closed)
                return
            }
        }
    }

    private func updateRetransmitTime(now: ContinuousClock.Instant) {
        retransmitAt = endpoint.timeout().map { now + $0 }
    }

    private func collectOutgoing() {
        outgoing.append(contentsOf: endpoint.drainOutgoing())
    }

    private func fail(_ kind: DTLSFailure.Kind, _ message: String) {
        collectOutgoing()  // a fatal alert, if OpenSSL queued one
        state = .failed
        retransmitAt = nil
        events.append(.failed(DTLSFailure(kind: kind, message: message)))
    }
}
