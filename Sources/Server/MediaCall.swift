import MediaSession
import NIOCore
import RTP
import SpeechOutput
import STUN

/// One call on the media server: its session, where its events go, and (in echo mode) the
/// decoder/encoder pair that sends the caller's audio back. Used only on the media event loop.
final class MediaCall: @unchecked Sendable {
    let session: MediaSession
    /// What the signalling side hears about a call.
    enum Event: Sendable {
        case session(MediaSessionEvent)
        /// Periodic media statistics while connected, with the largest outgoing pacing jitter
        /// since the previous ones (nil: nothing sent).
        case stats(RTCPSessionStats, pacingJitterMaxMs: Double?)
    }

    let events: AsyncStream<Event>
    var remoteAddress: TransportAddress?
    /// When the next statistics event is due (set once connected).
    var nextStatsAt: ContinuousClock.Instant?

    private let continuation: AsyncStream<Event>.Continuation
    private var socketAddresses: [TransportAddress: SocketAddress] = [:]
    /// Jitter buffer, decoder and outgoing speech of the call.
    let audio: CallAudio
    /// The interview this call carries (nil in echo mode).
    var conductor: InterviewConductor?

    init(session: MediaSession, echo: Bool, tuning: VoiceTuning = VoiceTuning()) throws {
        self.session = session
        (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(256))
        audio = try CallAudio(tuning: tuning)
        if echo { startEcho() }
    }

    /// Forwards events the signalling side cares about (not every audio packet).
    func publish(_ event: MediaSessionEvent) {
        switch event {
        case .audio, .rtcp: break
        default: continuation.yield(.session(event))
        }
    }

    func publishStats() {
        continuation.yield(.stats(session.stats, pacingJitterMaxMs: pacingJitterMaxMs))
        pacingJitterMaxMs = nil
    }

    /// Largest |send time − 20 ms grid slot| of an outgoing frame since the last statistics.
    var pacingJitterMaxMs: Double?
    /// What the pacer drains: the call's speech, with each frame's encode time noted.
    private(set) lazy var pacedSource = EncodeTimedSource(audio.speech)

    func finish() { continuation.finish() }

    func socketAddress(for address: TransportAddress) throws -> SocketAddress {
        if let cached = socketAddresses[address] { return cached }
        let resolved = try address.socketAddress()
        socketAddresses[address] = resolved
        return resolved
    }

    /// Echo mode: every 20 ms of jitter-buffered, decoded audio goes straight back out through
    /// the call's speech stream (re-encoded, paced), proving both directions of the pipeline.
    /// The echo stays current after a stall of the event loop: slots caught up more than
    /// ``echoStaleness`` late are not echoed (the pacer has dropped those output slots), and at
    /// most ``echoQueueFrames`` frames wait to be sent, so a burst never turns into a standing
    /// queue that delays the echo for the rest of the call.
    func startEcho() {
        let speech = audio.speech
        audio.onPlayout = { frame, due, pulledAt in
            guard pulledAt - due <= Self.echoStaleness,
                  speech.bufferedSamples < Self.echoQueueFrames * SpeechOutputStream.frameSamples else { return }
            _ = try? speech.enqueue(utteranceId: "echo", pcm: frame.samples, sampleRate: 48_000)
        }
    }

    /// How late a played-out frame may be and still be echoed.
    static let echoStaleness: Duration = .milliseconds(40)
    /// Most echo frames queued for sending.
    static let echoQueueFrames = 2
}
