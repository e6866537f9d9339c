import AudioCodec
import MediaSession
import NIOCore
import RTP
import STUN

/// One call on the media server: its session, where its events go, and (in echo mode) the
/// decoder/encoder pair that sends the caller's audio back. Used only on the media event loop.
final class MediaCall: @unchecked Sendable {
    let session: MediaSession
    /// What the signalling side hears about a call.
    enum Event: Sendable {
        case session(MediaSessionEvent)
        /// Periodic media statistics while connected.
        case stats(RTCPSessionStats)
    }

    let events: AsyncStream<Event>
    var remoteAddress: TransportAddress?
    /// When the next statistics event is due (set once connected).
    var nextStatsAt: ContinuousClock.Instant?

    private let continuation: AsyncStream<Event>.Continuation
    private var socketAddresses: [TransportAddress: SocketAddress] = [:]
    private let echo: EchoPipeline?

    init(session: MediaSession, echo: Bool) throws {
        self.session = session
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(256))
        self.echo = echo ? try EchoPipeline() : nil
    }

    /// Forwards events the signalling side cares about (not every audio packet).
    func publish(_ event: MediaSessionEvent) {
        switch event {
        case .audio, .rtcp: break
        default: continuation.yield(.session(event))
        }
    }

    func publishStats() {
        continuation.yield(.stats(session.stats))
    }

    func finish() { continuation.finish() }

    func socketAddress(for address: TransportAddress) throws -> SocketAddress {
        if let cached = socketAddresses[address] { return cached }
        let resolved = try address.socketAddress()
        socketAddresses[address] = resolved
        return resolved
    }

    func echoBack(_ packet: RTPPacket, now: ContinuousClock.Instant) {
        guard let echo, let (payload, timestamp, marker) = echo.process(packet) else { return }
        session.sendAudio(payload: payload, rtpTimestamp: timestamp, marker: marker, now: now)
    }
}

/// Echo mode: decode the caller's Opus, re-encode it and send it back on our own RTP timeline.
/// Decoding and re-encoding (rather than reflecting packets) proves both codec directions.
final class EchoPipeline {
    private let decoder: OpusDecoder
    private let encoder: OpusEncoder
    private var timestamp: UInt32
    private var first = true

    init() throws {
        decoder = try OpusDecoder(sampleRate: 48_000, channels: 1)
        encoder = try OpusEncoder(sampleRate: 48_000, channels: 1, application: .voip)
        try encoder.setInbandFEC(true)
        try encoder.setBitrate(32_000)
        timestamp = UInt32.random(in: 0...UInt32.max)
    }

    func process(_ packet: RTPPacket) -> (payload: [UInt8], timestamp: UInt32, marker: Bool)? {
        guard let pcm = try? decoder.decode(packet.payload), !pcm.isEmpty,
              let encoded = try? encoder.encode(pcm: pcm) else { return nil }
        defer {
            timestamp &+= UInt32(pcm.count)
            first = false
        }
        return (encoded, timestamp, first)
    }
}
