/// One frame a ``Pacer`` tick produced for one stream.
public struct PacedFrame<StreamID: Hashable> {
    public var streamId: StreamID
    public var frame: OutgoingFrame
    /// The slot's ideal send time on the pacer's grid.
    public var slotTime: ContinuousClock.Instant
    /// `now − slotTime` at the tick that produced it.
    public var lateness: Duration
}

extension PacedFrame: Sendable where StreamID: Sendable {}
extension PacedFrame: Equatable where StreamID: Equatable {}

/// Real-time pacing of many outgoing audio streams with one timer, sans-IO.
///
/// One pacer serves every call on an event loop: all streams share one 20 ms grid
/// (`epoch + k × frameDuration`), so the loop needs a single timer: arm it for
/// ``nextDeadline``, call ``tick(now:)`` when it fires, send the frames returned. Each
/// stream gets exactly one ``PacedFrameSource/nextFrame(now:)`` call per slot from the
/// slot it was registered in, so its RTP clock follows wall time (RFC 3550 §5.1).
///
/// **Stalls.** If the loop was late by several slots, each stream emits at most
/// ``PacerSettings/maxCatchUpFrames`` frames in that tick (the newest slots); the older
/// overdue slots are dropped with ``PacedFrameSource/skipFrame(now:)`` (their audio is
/// lost to the receiver like a lost packet, the timestamps stay on wall time), so a stall
/// never turns into a burst the receiver's jitter buffer would have to absorb.
///
/// Not thread-safe: use from its event loop only.
public final class Pacer<StreamID: Hashable> {
    public let settings: PacerSettings
    /// Time of slot 0 of the shared grid.
    public let epoch: ContinuousClock.Instant

    private struct Entry {
        let id: StreamID
        let source: any PacedFrameSource
        var nextSlot: Int64
        var stats: PacingStats
    }

    private var entries: [Entry] = []
    private var indexById: [StreamID: Int] = [:]
    private let slotNanoseconds: Int64

    public init(settings: PacerSettings = PacerSettings(), epoch: ContinuousClock.Instant) {
        self.settings = settings
        self.epoch = epoch
        self.slotNanoseconds = max(1, nanoseconds(settings.frameDuration))
    }

    public var streamCount: Int { entries.count }

    /// Adds a stream; its first slot is the first grid slot at or after `now`. Registering
    /// an id again replaces the source and keeps its schedule and stats.
    public func register(_ id: StreamID, source: any PacedFrameSource, now: ContinuousClock.Instant) {
        if let index = indexById[id] {
            entries[index] = Entry(id: id, source: source, nextSlot: entries[index].nextSlot, stats: entries[index].stats)
            return
        }
        let sinceEpoch = max(0, nanoseconds(now - epoch))
        let firstSlot = (sinceEpoch + slotNanoseconds - 1) / slotNanoseconds
        indexById[id] = entries.count
        entries.append(Entry(id: id, source: source, nextSlot: firstSlot, stats: PacingStats()))
    }

    /// Removes a stream, returning its final stats.
    @discardableResult
    public func unregister(_ id: StreamID) -> PacingStats? {
        guard let index = indexById.removeValue(forKey: id) else { return nil }
        let removed = entries.remove(at: index)
        for later in index..<entries.count { indexById[entries[later].id] = later }
        return removed.stats
    }

    public func stats(for id: StreamID) -> PacingStats? {
        indexById[id].map { entries[$0].stats }
    }

    /// The ideal time of grid slot `slot`.
    public func slotTime(_ slot: Int64) -> ContinuousClock.Instant {
        epoch + .nanoseconds(slot * slotNanoseconds)
    }

    /// When the next slot of any stream is due; nil with no streams. Arm the loop's one
    /// timer for this instant.
    public var nextDeadline: ContinuousClock.Instant? {
        entries.map(\.nextSlot).min().map(slotTime)
    }

    /// Serves every slot due at `now`, for every stream, in registration order.
    /// - Returns: the frames to send now, oldest slot first within a stream.
    public func tick(now: ContinuousClock.Instant) -> [PacedFrame<StreamID>] {
        var output: [PacedFrame<StreamID>] = []
        tick(now: now) { output.append($0) }
        return output
    }

    /// Serves every slot due at `now` like ``tick(now:)``, handing each frame to `emit` as soon
    /// as its source produced it (before the next stream encodes), so a caller that sends from
    /// `emit` puts the first streams' packets on the wire without waiting for every encode.
    /// `emit` must not register or unregister streams.
    public func tick(now: ContinuousClock.Instant, _ emit: (PacedFrame<StreamID>) -> Void) {
        let sinceEpoch = nanoseconds(now - epoch)
        guard sinceEpoch >= 0 else { return }
        let currentSlot = sinceEpoch / slotNanoseconds
        for index in entries.indices {
            var entry = entries[index]
            guard entry.nextSlot <= currentSlot else { continue }
            let due = currentSlot - entry.nextSlot + 1
            let maxFrames = Int64(settings.maxCatchUpFrames)
            if due > maxFrames {
                for _ in 0..<(due - maxFrames) { entry.source.skipFrame(now: now) }
                entry.stats.slotsDropped += Int(due - maxFrames)
                entry.stats.slots += Int(due - maxFrames)
                entry.nextSlot += due - maxFrames
            }
            var burst = 0
            while entry.nextSlot <= currentSlot {
                let ideal = slotTime(entry.nextSlot)
                entry.stats.slots += 1
                if let frame = entry.source.nextFrame(now: now) {
                    let lateness = now - ideal
                    entry.stats.recordSent(jitterMs: milliseconds(lateness))
                    emit(PacedFrame(streamId: entry.id, frame: frame, slotTime: ideal, lateness: lateness))
                    burst += 1
                }
                entry.nextSlot += 1
            }
            entry.stats.maxBurst = max(entry.stats.maxBurst, burst)
            entries[index] = entry
        }
    }
}
