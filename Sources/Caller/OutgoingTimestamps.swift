/// RTP timestamps (48 kHz) of a caller's outgoing audio: contiguous inside a talkspurt (+960 per
/// 20 ms frame); a new talkspurt after a pause starts at the clock's reading since the first
/// frame, so the receiver's jitter buffer sees the pause. Confined to the caller's event loop.
final class OutgoingTimestamps: @unchecked Sendable {
    private var origin: (at: ContinuousClock.Instant, timestamp: UInt32)?
    private var nextOffset: Int64 = 0
    private let first = UInt32.random(in: 0...UInt32.max)

    /// No frame was sent yet.
    var isFirst: Bool { origin == nil }

    func next(startingTalkspurt: Bool, now: ContinuousClock.Instant) -> UInt32 {
        let anchor = origin ?? (now, first)
        origin = anchor
        var offset = nextOffset
        if startingTalkspurt {
            offset = max(offset, Int64(((now - anchor.at) / .milliseconds(1)).rounded()) * 48)
        }
        nextOffset = offset + 960
        return anchor.timestamp &+ UInt32(truncatingIfNeeded: offset)
    }
}
