import DTLS
import ParleyCrypto
import ICELite
import RTP
import SRTP
import STUN

/// One WebRTC audio session, sans-IO: it composes ICE (lite or controlling client), DTLS-SRTP
/// (RFC 5764) and RTP/RTCP (RFC 3550, rtcp-mux per RFC 5761) over datagrams demultiplexed by
/// their first byte (RFC 7983). It never touches a socket or a clock.
///
/// Feed it with `handle(datagram:from:now:)` and `handleTimeout(now:)`, send audio with
/// `sendAudio(payload:rtpTimestamp:marker:now:)`, and drain `pollTransmit()` (datagrams and
/// their destination), `pollEvent()` and `pollTimeout()` after each call.
public final class MediaSession {
    /// Where the session is in its life.
    public enum State: Sendable, Equatable {
        case connecting
        case connected
        case closed(MediaSessionCloseReason)
    }

    /// A datagram to send and where to.
    public struct Transmit: Sendable, Equatable {
        public let bytes: [UInt8]
        public let destination: TransportAddress
    }

    /// Counters of what the session dropped, for metrics and debugging.
    public struct DropCounters: Sendable, Equatable {
        /// Datagrams from an address that never passed an authenticated ICE check.
        public var unvalidatedSource = 0
        /// SRTP/SRTCP packets that failed authentication or replay checks.
        public var srtpRejected = 0
        /// RTP packets with another payload type than the negotiated one.
        public var otherPayloadType = 0
        /// Datagrams that were not STUN, DTLS or RTP, or were malformed.
        public var malformed = 0
        /// RTP arriving before SRTP was keyed.
        public var beforeKeys = 0
    }

    public let configuration: MediaSessionConfiguration
    public private(set) var state: State = .connecting
    public private(set) var drops = DropCounters()
    /// The peer's address media is sent to (ICE-selected).
    public private(set) var remoteAddress: TransportAddress?
    /// The negotiated SRTP profile once connected.
    public private(set) var srtpProfile: SRTPProfile?

    private var iceLite: ICELiteAgent?
    private var iceClient: ICEClientAgent?
    private let dtls: DTLSTransport
    private var srtp: SRTPSession?
    private var reporter: RTCPReporter
    private var validatedAddresses: Set<TransportAddress> = []
    private var transmits: [Transmit] = []
    private var events: [MediaSessionEvent] = []
    private var nextSequenceNumber: UInt16
    private var dtlsStarted = false
    private let connectDeadline: ContinuousClock.Instant

    /// - Parameters:
    ///   - now: the monotonic time of creation.
    ///   - wallClock: seconds since 1970 at `now`, for RTCP sender-report NTP times.
    public init(configuration: MediaSessionConfiguration, now: ContinuousClock.Instant, wallClock: Double) throws {
        self.configuration = configuration
        connectDeadline = now + configuration.connectTimeout
        let dtlsRole: DTLSRole
        switch configuration.role {
        case .server:
            dtlsRole = .server
            var agent = ICELiteAgent(
                localCredentials: configuration.localCredentials, remoteCredentials: configuration.remoteCredentials,
                configuration: .init(consentTimeout: configuration.consentTimeout, connectTimeout: configuration.connectTimeout),
                now: now)
            agent.setRemoteCredentials(configuration.remoteCredentials)
            iceLite = agent
        case .client(let remote):
            dtlsRole = .client
            iceClient = ICEClientAgent(
                localCredentials: configuration.localCredentials, remoteCredentials: configuration.remoteCredentials,
                remoteAddress: remote,
                configuration: .init(connectTimeout: configuration.connectTimeout, consentTimeout: configuration.consentTimeout),
                now: now)
        }
        dtls = try DTLSTransport(configuration: DTLSTransportConfiguration(
            role: dtlsRole, certificate: configuration.certificate, remoteFingerprint: configuration.remoteFingerprint,
            srtpProfiles: configuration.srtpProfiles, handshakeTimeout: configuration.connectTimeout))
        reporter = RTCPReporter(
            configuration: .init(localSSRC: configuration.localSSRC, cname: configuration.cname, clockRate: 48_000,
                                 seed: UInt64(configuration.localSSRC)),
            now: now, wallClock: wallClock)
        nextSequenceNumber = UInt16(truncatingIfNeeded: configuration.localSSRC >> 7)
        if iceClient != nil { handleTimeout(now: now) }
    }

    /// RTP/RTCP statistics: loss, jitter, RTT, packet and byte counts.
    public var stats: RTCPSessionStats { reporter.stats }

    public var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    // MARK: Input

    /// Handles one datagram received from `source`.
    public func handle(datagram: [UInt8], from source: TransportAddress, now: ContinuousClock.Instant) {
        guard !isClosed else { return }
        switch DatagramKind(classifying: datagram) {
        case .stun:
            handleSTUN(datagram, from: source, now: now)
        case .dtls:
            guard validatedAddresses.contains(source) else { drops.unvalidatedSource += 1; return }
            startDTLSIfNeeded(now: now)
            dtls.handle(datagram: datagram, now: now)
            drainDTLS(now: now)
        case .rtp:
            guard validatedAddresses.contains(source) else { drops.unvalidatedSource += 1; return }
            handleSRTP(datagram, now: now)
        case .zrtp, .turnChannel, .unknown:
            drops.malformed += 1
        }
    }

    /// Sends one encoded audio frame as RTP (SRTP-protected) to the peer; dropped when not yet connected.
    /// Sequence numbers are the session's; timestamps (48 kHz) and the marker are the caller's.
    @discardableResult
    public func sendAudio(payload: [UInt8], rtpTimestamp: UInt32, marker: Bool, now: ContinuousClock.Instant) -> Bool {
        guard state == .connected, let srtp, let destination = remoteAddress else { return false }
        let packet = RTPPacket(marker: marker, payloadType: configuration.payloadType, sequenceNumber: nextSequenceNumber,
                               timestamp: rtpTimestamp, ssrc: configuration.localSSRC, payload: payload)
        nextSequenceNumber &+= 1
        do {
            let protected = try srtp.protectRTP(try packet.serialize())
            transmits.append(Transmit(bytes: protected, destination: destination))
            reporter.didSendRTP(packet, now: now)
            return true
        } catch {
            return false
        }
    }

    /// Ends the session: sends RTCP BYE and DTLS close_notify when connected.
    public func close(now: ContinuousClock.Instant) {
        guard !isClosed else { return }
        if state == .connected, let srtp, let destination = remoteAddress,
           let bye = try? srtp.protectRTCP(reporter.makeBye(now: now)) {
            transmits.append(Transmit(bytes: bye, destination: destination))
        }
        dtls.close()
        flushDTLSTransmits()
        finish(.localClose)
    }

    // MARK: Time

    /// The next instant `handleTimeout(now:)` must be called, if any.
    public func pollTimeout() -> ContinuousClock.Instant? {
        guard !isClosed else { return nil }
        var deadlines: [ContinuousClock.Instant] = []
        if let t = iceLite?.pollTimeout() { deadlines.append(t) }
        if let t = iceClient?.pollTimeout() { deadlines.append(t) }
        if let t = dtls.pollTimeout() { deadlines.append(t) }
        if state == .connected { deadlines.append(reporter.pollTimeout()) } else { deadlines.append(connectDeadline) }
        return deadlines.min()
    }

    public func handleTimeout(now: ContinuousClock.Instant) {
        guard !isClosed else { return }
        if iceLite != nil, let outputs = iceLite?.handleTimeout(now: now) { apply(outputs, now: now) }
        if iceClient != nil, let outputs = iceClient?.handleTimeout(now: now) { apply(outputs, now: now) }
        guard !isClosed else { return }
        dtls.handleTimeout(now: now)
        drainDTLS(now: now)
        guard !isClosed else { return }
        if state == .connected {
            if let report = reporter.pollTransmit(now: now), let srtp, let destination = remoteAddress,
               let protected = try? srtp.protectRTCP(report) {
                transmits.append(Transmit(bytes: protected, destination: destination))
            }
        } else if now >= connectDeadline {
            finish(.failed("not connected within \(configuration.connectTimeout)"))
        }
    }

    // MARK: Output

    public func pollTransmit() -> Transmit? {
        transmits.isEmpty ? nil : transmits.removeFirst()
    }

    /// All pending datagrams at once (cheaper than repeated `pollTransmit()`).
    public func drainTransmits() -> [Transmit] {
        defer { transmits.removeAll(keepingCapacity: true) }
        return transmits
    }

    public func pollEvent() -> MediaSessionEvent? {
        events.isEmpty ? nil : events.removeFirst()
    }

    // MARK: Internals

    private func handleSTUN(_ datagram: [UInt8], from source: TransportAddress, now: ContinuousClock.Instant) {
        let outputs: [ICEOutput]
        if iceLite != nil {
            outputs = iceLite?.handle(stunBytes: datagram, from: source, now: now) ?? []
        } else {
            outputs = iceClient?.handle(stunBytes: datagram, from: source, now: now) ?? []
        }
        apply(outputs, now: now)
    }

    private func apply(_ outputs: [ICEOutput], now: ContinuousClock.Instant) {
        for output in outputs {
            switch output {
            case .transmit(let bytes, let destination):
                // A success response we send proves the peer at `destination` knows our password (RFC 8445 §7.3).
                if bytes.count >= 2, bytes[0] == 0x01, bytes[1] == 0x01 { validatedAddresses.insert(destination) }
                transmits.append(Transmit(bytes: bytes, destination: destination))
            case .nominated(let address):
                validatedAddresses.insert(address)
                remoteAddress = address
                events.append(.iceConnected(address))
            case .connected(let address):
                validatedAddresses.insert(address)
                remoteAddress = address
                events.append(.iceConnected(address))
                startDTLSIfNeeded(now: now)
                drainDTLS(now: now)
            case .selectedAddressChanged(let from, let to):
                validatedAddresses.insert(to)
                remoteAddress = to
                events.append(.addressChanged(from: from, to: to))
            case .consentExpired:
                finish(.consentExpired)
            case .failed:
                finish(.failed("ICE connectivity checks failed"))
            }
        }
    }

    private func startDTLSIfNeeded(now: ContinuousClock.Instant) {
        guard !dtlsStarted else { return }
        dtlsStarted = true
        dtls.start(now: now)
    }

    private func drainDTLS(now: ContinuousClock.Instant) {
        flushDTLSTransmits()
        while let event = dtls.pollEvent() {
            switch event {
            case .connected(let parameters):
                do {
                    srtp = try SRTPSession(parameters: parameters)
                    srtpProfile = parameters.profile
                    state = .connected
                    events.append(.connected(parameters.profile))
                } catch {
                    finish(.failed("SRTP setup: \(error)"))
                }
            case .failed(let failure):
                finish(.failed("DTLS: \(failure)"))
            case .closed:
                finish(.remoteClosed)
            }
        }
    }

    private func flushDTLSTransmits() {
        while let bytes = dtls.pollTransmit() {
            // Before ICE picks an address (server side), answer whoever validly spoke last.
            guard let destination = remoteAddress ?? lastValidatedAddress else { continue }
            transmits.append(Transmit(bytes: bytes, destination: destination))
        }
    }

    private var lastValidatedAddress: TransportAddress? { validatedAddresses.first }

    private func handleSRTP(_ datagram: [UInt8], now: ContinuousClock.Instant) {
        guard let srtp else { drops.beforeKeys += 1; return }
        if RTPPacket.isRTCP(datagram: datagram) {
            guard let plain = try? srtp.unprotectRTCP(datagram) else { drops.srtpRejected += 1; return }
            guard let rtcpEvents = try? reporter.handleRTCP(bytes: plain, now: now) else { drops.malformed += 1; return }
            for event in rtcpEvents {
                events.append(.rtcp(event))
            }
            return
        }
        guard let plain = try? srtp.unprotectRTP(datagram) else { drops.srtpRejected += 1; return }
        guard let packet = try? RTPPacket(parsing: plain) else { drops.malformed += 1; return }
        guard packet.payloadType == configuration.payloadType else { drops.otherPayloadType += 1; return }
        reporter.didReceiveRTP(packet, now: now)
        events.append(.audio(packet))
    }

    private func finish(_ reason: MediaSessionCloseReason) {
        guard !isClosed else { return }
        state = .closed(reason)
        events.append(.closed(reason))
    }
}
