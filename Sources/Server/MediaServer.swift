import AudioCodec
import Foundation
import ICELite
import Logging
import MediaSession
import Metrics
import NIOCore
import NIOPosix
import ParleyCrypto
import SDP
import SpeechOutput
import UDPSocket
import STUN

/// The one UDP port of all calls (like mediasoup's WebRtcServer): a SwiftNIO datagram channel
/// whose event loop owns every `MediaSession`. Datagrams are routed to their session by remote
/// address, learnt from the ICE ufrag in the STUN USERNAME of the first check (RFC 8445 §7.3).
/// One timer per event loop drives every session's timeouts; there is no per-call socket,
/// thread or timer.
final class MediaServer: @unchecked Sendable {
    let channel: Channel
    let eventLoop: EventLoop
    let localPort: Int
    let certificate: Certificate
    let configuration: ServerConfiguration
    let logger: Logger
    let metrics: ServerMetrics
    /// Host candidate addresses announced in answers.
    let candidateHosts: [String]

    // Owned by `eventLoop`.
    private var callsByUfrag: [String: MediaCall] = [:]
    private var callsByAddress: [TransportAddress: MediaCall] = [:]
    private var callUfrags: [ObjectIdentifier: String] = [:]
    private var timer: Scheduled<Void>?
    private var stopped = false
    /// The one pacer of this event loop: every call's outgoing speech on a shared 20 ms grid.
    private var pacer: Pacer<ObjectIdentifier>?

    private let datagramsIn = Counter(label: "parley_media_datagrams_received_total")
    private let datagramsOut = Counter(label: "parley_media_datagrams_sent_total")
    private let unroutable = Counter(label: "parley_media_datagrams_unroutable_total")
    private let pacingLateness = Timer(label: "parley_outgoing_frame_lateness_seconds")

    /// How often each call's media statistics are published.
    static let statsInterval: Duration = .seconds(5)

    /// How often the shared timer runs.
    static let tick: TimeAmount = .milliseconds(5)

    /// Datagrams read in one go when the socket is readable: after a stall of the event loop
    /// (a busy machine) the whole backlog — 1 s of 20 calls is 1000 packets — is read, with the
    /// kernel's arrival stamps, before the timer's catch-up pulls their playout slots, so the
    /// audio is played late rather than concealed and then dropped as too late.
    static let maxDatagramsPerRead: UInt = 1024

    private init(channel: Channel, certificate: Certificate, configuration: ServerConfiguration, logger: Logger, candidateHosts: [String],
                 metrics: ServerMetrics) {
        self.metrics = metrics
        self.channel = channel
        self.eventLoop = channel.eventLoop
        self.localPort = channel.localAddress?.port ?? 0
        self.certificate = certificate
        self.configuration = configuration
        self.logger = logger
        self.candidateHosts = candidateHosts
    }

    /// Binds the media port and starts the shared timer.
    static func start(configuration: ServerConfiguration, certificate: Certificate, logger: Logger, metrics: ServerMetrics,
                      group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> MediaServer {
        let channel: Channel
        do {
            let socket = try TimestampedUDPSocket.bind(host: configuration.host, port: configuration.mediaPort, reuseAddress: true)
            let handler = DatagramHandler(socket: socket)
            channel = try await socket.makeChannel(
                DatagramBootstrap(group: group)
                    .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 4 << 20)
                    .channelOption(ChannelOptions.socketOption(.so_sndbuf), value: 4 << 20)
                    .channelOption(ChannelOptions.maxMessagesPerRead, value: Self.maxDatagramsPerRead)
                    .channelInitializer { $0.pipeline.addHandler(handler) })
        } catch {
            throw ConfigurationError(setting: "--media-port", message: "cannot bind UDP \(configuration.host):\(configuration.mediaPort): \(error)")
        }
        let hosts = try candidateHosts(for: configuration.host)
        let server = MediaServer(channel: channel, certificate: certificate, configuration: configuration, logger: logger,
                                 candidateHosts: hosts, metrics: metrics)
        try await channel.pipeline.handler(type: DatagramHandler.self).map { $0.server = server }.get()
        try await channel.eventLoop.submit {
            server.pacer = Pacer(epoch: .now)
            server.armTimer()
        }.get()
        logger.info("media port bound", metadata: ["address": "\(configuration.host):\(server.localPort)", "candidates": "\(hosts)"])
        return server
    }

    /// The addresses to announce: the bound address, or every non-loopback IPv4 address of the
    /// machine when bound to the wildcard (loopback when there is none).
    static func candidateHosts(for host: String) throws -> [String] {
        guard host == "0.0.0.0" || host == "::" else { return [host] }
        var addresses: [String] = []
        for device in try System.enumerateDevices() {
            guard let address = device.address, case .v4 = address, let ip = address.ipAddress, !ip.hasPrefix("127.") else { continue }
            if !addresses.contains(ip) { addresses.append(ip) }
        }
        return addresses.isEmpty ? ["127.0.0.1"] : addresses
    }

    func shutdown() {
        let loop = eventLoop
        loop.execute {
            self.stopped = true
            self.timer?.cancel()
            for call in Array(self.callsByUfrag.values) {
                call.session.close(now: .now)
                self.flush(call)
                call.finish()
            }
            self.callsByUfrag.removeAll()
            self.callsByAddress.removeAll()
            self.channel.close(promise: nil)
        }
    }

    // MARK: Calls

    /// Answers `offerSDP` and registers a session for it; the call's events arrive on `call.events`.
    func open(offerSDP: String, echo: Bool) async throws -> (answer: String, call: MediaCall) {
        let credentials = ICECredentials.random()
        let ssrc = SecureRandom.uint32() | 1
        let cname = SecureRandom.string(length: 16)
        let port = UInt16(localPort)
        let parameters = SDPAnswerParameters(
            iceUfrag: credentials.ufrag, icePwd: credentials.password, fingerprint: certificate.sdpFingerprint,
            hostAddresses: candidateHosts.map { .init(host: $0, port: port) },
            publicAddress: configuration.publicIP.map { .init(host: $0, port: port) },
            ssrc: ssrc, cname: cname)
        let answer = try SDPAnswerBuilder(parameters: parameters).answer(offerSDP: offerSDP)
        let negotiated = answer.audio
        let remoteFingerprint = try CertificateFingerprint(sdpValue: negotiated.remoteFingerprint.value)
        let sessionConfiguration = MediaSessionConfiguration(
            role: .server, localCredentials: credentials,
            remoteCredentials: ICECredentials(ufrag: negotiated.remoteIceUfrag, password: negotiated.remoteIcePwd),
            certificate: certificate, remoteFingerprint: remoteFingerprint, localSSRC: ssrc, cname: cname,
            payloadType: negotiated.payloadType,
            consentTimeout: .milliseconds(Int64(configuration.consentTimeoutSeconds * 1000)))
        let call = try await eventLoop.submit {
            let session = try MediaSession(configuration: sessionConfiguration, now: .now, wallClock: Date().timeIntervalSince1970)
            let call = try MediaCall(session: session, echo: echo, tuning: self.configuration.tuning)
            self.callsByUfrag[credentials.ufrag] = call
            self.callUfrags[ObjectIdentifier(call)] = credentials.ufrag
            call.audio.metrics = self.metrics
            self.pacer?.register(ObjectIdentifier(call), source: call.pacedSource, now: .now)
            self.metrics.activeCalls.set(Double(self.callsByUfrag.count))
            return call
        }.get()
        return (answer.sdp, call)
    }

    /// Attaches an interview to a call (on the event loop) and returns once it is attached.
    func attach(_ call: MediaCall, makeConductor: @escaping (MediaCall, EventLoop) throws -> InterviewConductor) async throws {
        try await eventLoop.submit {
            call.conductor = try makeConductor(call, self.eventLoop)
        }.get()
    }

    /// Runs `body` on the media event loop with the call's conductor, if any.
    func withConductor(of call: MediaCall, _ body: @escaping (InterviewConductor, ContinuousClock.Instant) -> Void) {
        eventLoop.execute {
            if let conductor = call.conductor { body(conductor, .now) }
        }
    }

    /// Ends a call from outside (signalling closed, interview ended).
    func close(_ call: MediaCall) {
        eventLoop.execute {
            call.session.close(now: .now)
            self.flush(call)
            self.forget(call)
        }
    }

    // MARK: Event loop

    /// One datagram from the socket; `arrival` is when the kernel received it (``TimestampedUDPSocket``).
    fileprivate func receive(_ envelope: AddressedEnvelope<ByteBuffer>, arrival: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        datagramsIn.increment()
        guard let source = TransportAddress(envelope.remoteAddress) else { return }
        var buffer = envelope.data
        guard let bytes = buffer.readBytes(length: buffer.readableBytes), !bytes.isEmpty else { return }
        var call = callsByAddress[source]
        if call == nil, DatagramKind(classifying: bytes) == .stun,
           let username = ICELiteAgent.parseUsername(stunBytes: bytes), let found = callsByUfrag[username.localUfrag] {
            call = found
        }
        guard let call else {
            unroutable.increment()
            return
        }
        call.session.handle(datagram: bytes, from: source, now: now)
        afterInput(call, now: now, arrival: arrival)
    }

    /// Arms the shared timer for the next multiple of ``tick`` after the pacer's epoch. Each
    /// deadline is computed from the grid rather than from when the last tick ended, so the
    /// ticks do not drift: every 20 ms output slot starts a tick on time.
    private func armTimer() {
        guard !stopped, let pacer else { return }
        let now = ContinuousClock.now
        let tickNanoseconds = Self.tick.nanoseconds
        let elapsed = max(0, Int64(((now - pacer.epoch) / .nanoseconds(1)).rounded(.down)))
        let deadline = pacer.epoch + .nanoseconds((elapsed / tickNanoseconds + 1) * tickNanoseconds)
        let delay = Int64(((deadline - now) / .nanoseconds(1)).rounded(.up))
        timer = eventLoop.scheduleTask(in: .nanoseconds(max(0, delay))) { [weak self] in
            guard let self else { return }
            self.onTick()
            self.armTimer()
        }
    }

    private func onTick() {
        let now = ContinuousClock.now
        // Outgoing frames first: they are due on the 20 ms grid; the rest can wait a moment.
        sendPacedFrames(now: now)
        for call in callsByUfrag.values {
            if let due = call.session.pollTimeout(), due <= now {
                call.session.handleTimeout(now: now)
                afterInput(call, now: now)
            }
            if let due = call.nextStatsAt, due <= now {
                call.publishStats()
                call.nextStatsAt = now + Self.statsInterval
            }
            call.audio.playout(now: now)
            call.conductor?.tick(now: now)
        }
    }

    /// Sends every outgoing frame whose 20 ms slot is due, for all calls: each frame is written
    /// as soon as it is encoded and protected (before the next call's encode), and timed
    /// (encode + protect + write, and its send time against the 20 ms grid).
    private func sendPacedFrames(now: ContinuousClock.Instant) {
        guard let pacer, let due = pacer.nextDeadline, due <= now else { return }
        pacer.tick(now: now) { paced in
            guard let call = callsByUfrag[callUfrags[paced.streamId] ?? ""] else { return }
            let encode = call.pacedSource.takeEncodeTime()
            let started = ContinuousClock.now
            call.session.sendAudio(payload: paced.frame.payload, rtpTimestamp: paced.frame.rtpTimestamp,
                                   marker: paced.frame.marker, now: now)
            // The send time a turn's first audio is measured to: just before the write, as a
            // caller stamps what it sends (a thread preempted after the write would add to it).
            let handedToSocket = ContinuousClock.now
            flush(call)
            let sentAt = ContinuousClock.now
            pacingLateness.recordNanoseconds(Int64((paced.lateness / .nanoseconds(1)).rounded()))
            metrics.encodeSend.record(encode + (sentAt - started))
            let jitter = sentAt > paced.slotTime ? sentAt - paced.slotTime : paced.slotTime - sentAt
            metrics.pacingJitter.record(jitter)
            call.pacingJitterMaxMs = max(call.pacingJitterMaxMs ?? 0, TurnTiming.ms(jitter))
            call.audio.onFrameSent(paced.frame, handedToSocket)
        }
    }

    /// Handles the session's events after an input at `now`; audio packets it gave up are
    /// stamped with `arrival` (when their datagram reached the machine; `now` for timer input).
    private func afterInput(_ call: MediaCall, now: ContinuousClock.Instant, arrival: ContinuousClock.Instant? = nil) {
        while let event = call.session.pollEvent() {
            switch event {
            case .iceConnected(let address), .addressChanged(_, let address):
                logger.debug("ICE selected the peer's address", metadata: ["peer": "\(address)"])
                learn(address, for: call)
            case .connected:
                call.nextStatsAt = now + Self.statsInterval
                call.conductor?.start(now: now)
            case .audio(let packet):
                call.audio.received(packet, now: arrival ?? now)
            case .rtcp(.reportBlock(let block, _)):
                // The caller's view of our stream steers the encoder's in-band FEC.
                call.audio.speech.updateExpectedPacketLoss(percent: Int((block.fractionLostRatio * 100).rounded()))
            default:
                break
            }
            call.publish(event)
        }
        flush(call)
        if call.session.isClosed { forget(call) }
    }

    private func learn(_ address: TransportAddress, for call: MediaCall) {
        if let previous = call.remoteAddress, previous != address { callsByAddress[previous] = nil }
        call.remoteAddress = address
        callsByAddress[address] = call
    }

    private func flush(_ call: MediaCall) {
        let transmits = call.session.drainTransmits()
        guard !transmits.isEmpty else { return }
        for transmit in transmits {
            // Learn the address as soon as a check is answered, so DTLS that beats nomination is routed.
            if callsByAddress[transmit.destination] == nil { callsByAddress[transmit.destination] = call }
            guard let address = try? call.socketAddress(for: transmit.destination) else { continue }
            let envelope = AddressedEnvelope(remoteAddress: address, data: channel.allocator.buffer(bytes: transmit.bytes))
            channel.write(envelope, promise: nil)
            datagramsOut.increment()
        }
        channel.flush()
    }

    private func forget(_ call: MediaCall) {
        if let conductor = call.conductor, !conductor.isCompleted { conductor.disconnected(now: .now) }
        callsByUfrag[call.session.configuration.localCredentials.ufrag] = nil
        callUfrags[ObjectIdentifier(call)] = nil
        pacer?.unregister(ObjectIdentifier(call))
        callsByAddress = callsByAddress.filter { $0.value !== call }
        metrics.activeCalls.set(Double(callsByUfrag.count))
        call.finish()
    }
}

/// Passes datagrams from the channel to the media server on its event loop.
private final class DatagramHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    weak var server: MediaServer?
    let socket: TimestampedUDPSocket

    init(socket: TimestampedUDPSocket) {
        self.socket = socket
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = ContinuousClock.now
        server?.receive(unwrapInboundIn(data), arrival: socket.arrivalOfLastDatagram(now: now), now: now)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ICMP port-unreachable and similar per-datagram errors must not close the shared socket.
        server?.logger.debug("media socket error", metadata: ["error": "\(error)"])
    }
}
