import SpeechOutput

/// Finds where the candidate's speech really ended, for the turn metrics: remembers the
/// recent 10 ms windows of decoded candidate audio (level, arrival of the packet that carried
/// it, when it left the jitter buffer) and, when the endpointer fires, picks the last
/// *audible* one (``AudioLevel/audibleThresholdDBFS``) — the same packet a caller that knows
/// what it sent finds as its end of speech. Sans-IO: times are inputs.
struct SpeechEndLocator {
    /// One 10 ms window of played-out candidate audio.
    struct Window: Equatable {
        /// Arrival of the packet that carried it (when it left the buffer if none did: concealment).
        var arrival: ContinuousClock.Instant
        /// When it left the jitter buffer (the pull that returned it).
        var leftBuffer: ContinuousClock.Instant
        /// End of the window on the playout timeline (the slot time the VAD and endpointer use).
        var end: ContinuousClock.Instant
        var levelDBFS: Double
        /// RTP timestamp of the packet that carried it, as the candidate sent it (nil for concealment).
        var rtpTimestamp: UInt32? = nil
    }

    /// How far back the windows reach.
    let memory: Duration
    private var windows: [Window] = []
    private var head = 0

    /// - Parameter memory: keep at least this much audio (the endpointer hangover plus the
    ///   detector's own delays).
    init(memory: Duration) {
        self.memory = memory
    }

    mutating func record(_ window: Window) {
        windows.append(window)
        // Drop what is older than `memory`, compacting now and then rather than per window.
        while head < windows.count, windows[head].end < window.end - memory { head += 1 }
        if head > 256 {
            windows.removeFirst(head)
            head = 0
        }
    }

    /// The last audible window ending in `from...through` (the endpointer's speech end minus
    /// the hangover, to the instant it fired) that a packet carried — concealment the jitter
    /// buffer made up after the last packet (it ran dry) is not the candidate's speech — else
    /// the last audible one; if none is audible, the window at the speech end; nil when nothing
    /// was recorded.
    func speechEnd(from: ContinuousClock.Instant, through: ContinuousClock.Instant, speechEndedAt: ContinuousClock.Instant) -> Window? {
        let recent = windows[head...]
        let audible = recent.filter { $0.end >= from && $0.end <= through && AudioLevel.isAudible($0.levelDBFS) }
        if let carried = audible.last(where: { $0.rtpTimestamp != nil }) ?? audible.last {
            return carried
        }
        return recent.last(where: { $0.end <= speechEndedAt }) ?? recent.first
    }
}
