import Foundation
import MediaSession
import NIOCore
import NIOPosix
import RTP
import STUN
import UDPSocket

/// A caller's UDP socket and the client-role `MediaSession` behind it: the edge that feeds the
/// sans-IO session with datagrams and a 5 ms timer, and sends what it asks to send; outgoing RTP
/// passes through an optional `OutgoingImpairment` first. Events caused by a datagram carry the
/// kernel's arrival time of that datagram (``TimestampedUDPSocket``), so a busy event loop does not
/// add to what the caller measures. Everything runs on the socket's event loop.
final class CallerMediaTransport: @unchecked Sendable {
    let channel: Channel
    let session: MediaSession
    private var timer: RepeatedTask?
    private var socketAddresses: [TransportAddress: SocketAddress] = [:]
    /// Called with each session event and when its cause arrived (the datagram's arrival; now for timers).
    private let onEvent: (MediaSessionEvent, ContinuousClock.Instant) -> Void
    private let impairment: OutgoingImpairment?
    /// Delayed packets not yet written (cancelled on close).
    private var delayed: [UInt64: Scheduled<Void>] = [:]
    private var nextDelayedId: UInt64 = 0

    private init(channel: Channel, session: MediaSession, impairment: OutgoingImpairment?,
                 onEvent: @escaping (MediaSessionEvent, ContinuousClock.Instant) -> Void) {
        self.channel = channel
        self.session = session
        self.impairment = impairment
        self.onEvent = onEvent
    }

    /// Binds a UDP socket on `localHost` and starts driving `makeSession()`'s session on it.
    /// `onEvent` is called on the event loop for every session event.
    static func start(localHost: String, group: EventLoopGroup, impairment: OutgoingImpairment? = nil,
                      makeSession: @escaping () throws -> MediaSession,
                      onEvent: @escaping (MediaSessionEvent, ContinuousClock.Instant) -> Void) async throws -> CallerMediaTransport {
        let socket = try TimestampedUDPSocket.bind(host: localHost, port: 0)
        let handler = Handler(socket: socket)
        let channel = try await socket.makeChannel(
            DatagramBootstrap(group: group)
                .channelOption(ChannelOptions.maxMessagesPerRead, value: 64)
                .channelInitializer { $0.pipeline.addHandler(handler) })
        return try await channel.eventLoop.submit {
            let transport = CallerMediaTransport(channel: channel, session: try makeSession(), impairment: impairment, onEvent: onEvent)
            handler.transport = transport
            transport.timer = channel.eventLoop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(5)) { _ in
                transport.tick()
            }
            return transport
        }.get()
    }

    var localAddress: TransportAddress? { channel.localAddress.flatMap { TransportAddress(host: $0.ipAddress ?? "", port: UInt16($0.port ?? 0)) } }

    /// Sends one Opus frame (from any thread).
    func send(payload: [UInt8], rtpTimestamp: UInt32, marker: Bool) {
        channel.eventLoop.execute {
            self.sendOnLoop(payload: payload, rtpTimestamp: rtpTimestamp, marker: marker, now: .now)
        }
    }

    /// Sends one Opus frame as RTP through the impairment (on the event loop); false when the
    /// session is not connected.
    @discardableResult
    func sendOnLoop(payload: [UInt8], rtpTimestamp: UInt32, marker: Bool, now: ContinuousClock.Instant) -> Bool {
        flush()
        guard session.sendAudio(payload: payload, rtpTimestamp: rtpTimestamp, marker: marker, now: now) else { return false }
        let transmits = session.drainTransmits()
        guard let impairment else {
            write(transmits)
            return true
        }
        switch impairment.fate(ofPacketSentAt: now) {
        case .drop:
            break
        case .deliver(let after) where after <= .zero:
            write(transmits)
        case .deliver(let after):
            nextDelayedId += 1
            let id = nextDelayedId
            delayed[id] = channel.eventLoop.scheduleTask(in: .nanoseconds(after.nanoseconds)) {
                self.delayed.removeValue(forKey: id)
                self.write(transmits)
            }
        }
        return true
    }

    func close() async {
        try? await channel.eventLoop.submit {
            for task in self.delayed.values { task.cancel() }
            self.delayed.removeAll()
            self.session.close(now: .now)
            self.drainEvents(at: .now)
            self.flush()
            self.timer?.cancel()
        }.get()
        try? await channel.close()
    }

    fileprivate func receive(_ envelope: AddressedEnvelope<ByteBuffer>, arrival: ContinuousClock.Instant, now: ContinuousClock.Instant) {
        guard let host = envelope.remoteAddress.ipAddress, let port = envelope.remoteAddress.port,
              let source = TransportAddress(host: host, port: UInt16(port)) else { return }
        var data = envelope.data
        guard let bytes = data.readBytes(length: data.readableBytes) else { return }
        session.handle(datagram: bytes, from: source, now: now)
        drainEvents(at: arrival)
        flush()
    }

    private func tick() {
        let now = ContinuousClock.now
        if let due = session.pollTimeout(), due <= now {
            session.handleTimeout(now: now)
            drainEvents(at: now)
            flush()
        }
    }

    private func drainEvents(at cause: ContinuousClock.Instant) {
        while let event = session.pollEvent() { onEvent(event, cause) }
    }

    private func flush() {
        write(session.drainTransmits())
    }

    private func write(_ transmits: [MediaSession.Transmit]) {
        guard !transmits.isEmpty, channel.isActive else { return }
        for transmit in transmits {
            let address: SocketAddress
            if let cached = socketAddresses[transmit.destination] {
                address = cached
            } else if let resolved = try? SocketAddress(ipAddress: transmit.destination.host, port: Int(transmit.destination.port)) {
                socketAddresses[transmit.destination] = resolved
                address = resolved
            } else {
                continue
            }
            channel.write(AddressedEnvelope(remoteAddress: address, data: channel.allocator.buffer(bytes: transmit.bytes)), promise: nil)
        }
        channel.flush()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        var transport: CallerMediaTransport?
        let socket: TimestampedUDPSocket

        init(socket: TimestampedUDPSocket) {
            self.socket = socket
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let now = ContinuousClock.now
            transport?.receive(unwrapInboundIn(data), arrival: socket.arrivalOfLastDatagram(now: now), now: now)
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {}
    }
}

extension Duration {
    /// Whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? (seconds < 0 ? .min : .max) : product + attoseconds / 1_000_000_000
    }
}
