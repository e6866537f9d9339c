import JitterBuffer
import MediaSession
import RTP
import SpeechOutput

/// The audio pipeline of one call, on the media event loop: received RTP → adaptive jitter
/// buffer (Opus decode, FEC, PLC) pulled every 20 ms → the call's consumer; and the call's
/// outgoing speech stream (20 ms Opus frames, continuous RTP timestamps, talkspurt markers)
/// that the event loop's shared pacer drains.
final class CallAudio {
    let jitterBuffer: JitterBuffer
    let speech: SpeechOutputStream
    /// The next 20 ms playout slot; nil until the first packet arrives.
    private(set) var nextPull: ContinuousClock.Instant?
    private var heardAudio = false

    /// What to do with each 20 ms of received audio (48 kHz mono), given its playout slot and
    /// when it actually left the jitter buffer (the pull, on the same clock as packet arrivals).
    var onPlayout: (_ frame: PlayoutFrame, _ due: ContinuousClock.Instant, _ pulledAt: ContinuousClock.Instant) -> Void = { _, _, _ in }
    /// Called for each outgoing frame as it is written to the socket, with the instant just before the write.
    var onFrameSent: (_ frame: OutgoingFrame, _ sentAt: ContinuousClock.Instant) -> Void = { _, _ in }
    /// Where jitter-buffer delays are recorded (nil: not recorded).
    var metrics: ServerMetrics?
    /// Levels of the received packets as sent (set by an interview, for its turn metrics).
    var receivedLevels: ReceivedLevelProbe?

    static let frameDuration: Duration = .milliseconds(20)
    /// Most playout slots caught up in one go after a stall of the event loop (1 s). Every
    /// missed slot is pulled, so the jitter buffer's timeline keeps pace with the clock: a slot
    /// skipped would leave its audio buffered as extra delay, which the buffer only sheds by
    /// accelerating 20 ms per 500 ms (a 300 ms stall kept a call ~280 ms behind for 7 s).
    /// After a longer stall playout realigns on the clock and the buffer's own catch-up drops
    /// what is beyond its maximum delay.
    static let maxCatchUp = 50

    init(tuning: VoiceTuning = VoiceTuning()) throws {
        jitterBuffer = try JitterBuffer(configuration: .init(
            minDelayMs: Double(tuning.jitterMinDelayMs), maxDelayMs: Double(tuning.jitterMaxDelayMs)))
        var settings = SpeechOutputSettings()
        settings.initialTimestamp = UInt32.random(in: 0...UInt32.max)
        settings.bitrate = tuning.opusBitrate
        settings.complexity = tuning.opusComplexity
        settings.startBufferMs = tuning.ttsStartBufferMs
        speech = try SpeechOutputStream(settings: settings)
    }

    func received(_ packet: RTPPacket, now: ContinuousClock.Instant) {
        receivedLevels?.received(payload: packet.payload, timestamp: packet.timestamp)
        jitterBuffer.insert(packet: packet, arrival: now)
        if nextPull == nil { nextPull = now + Self.frameDuration }
    }

    /// Pulls every playout slot due by `now`.
    func playout(now: ContinuousClock.Instant) {
        guard var due = nextPull, due <= now else { return }
        var pulled = 0
        while due <= now {
            if pulled == Self.maxCatchUp {
                // Fell far behind: realign on the clock rather than burst through old slots.
                due = now + Self.frameDuration
                break
            }
            let frame = jitterBuffer.pull(now: due)
            if frame.kind != .silence { heardAudio = true }
            if let metrics, let arrival = frame.windowArrivals.lazy.compactMap({ $0 }).first {
                metrics.jitterBufferDelay.record(max(.zero, now - arrival))
            }
            if heardAudio { onPlayout(frame, due, now) }
            due = due + Self.frameDuration
            pulled += 1
        }
        nextPull = due
    }
}
