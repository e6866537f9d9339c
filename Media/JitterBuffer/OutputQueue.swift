/// Audio produced for playout but not yet returned by a pull: a FIFO of segments, each
/// remembering its kind and whether it stands for timeline samples (decoded, FEC,
/// concealed, DTX silence) or was inserted without consuming the timeline (expand).
struct OutputQueue: Sendable {
    struct Segment: Sendable {
        var samples: ArraySlice<Int16>
        var kind: PlayoutFrame.Kind
        var advancesTimeline: Bool
        var bufferDelayMs: Double?
        /// When the packet these samples were decoded from arrived (nil for concealment,
        /// expansion and silence).
        var arrival: ContinuousClock.Instant?
        /// That packet's RTP timestamp, as in its header.
        var rtpTimestamp: UInt32?
    }

    private(set) var segments: [Segment] = []

    /// Samples taken from the front of the queue and what they came from (see ``take(_:)``).
    typealias Taken = (samples: [Int16], kind: PlayoutFrame.Kind, bufferDelayMs: Double?,
                       windowArrivals: [ContinuousClock.Instant?], windowRTPTimestamps: [UInt32?])

    var count: Int { segments.reduce(0) { $0 + $1.samples.count } }
    var isEmpty: Bool { segments.isEmpty }
    /// Samples in the queue that belong to the timeline (counted in `nextTimestamp`).
    var timelineSamples: Int { segments.reduce(0) { $0 + ($1.advancesTimeline ? $1.samples.count : 0) } }

    mutating func append(_ samples: [Int16], kind: PlayoutFrame.Kind, advancesTimeline: Bool, bufferDelayMs: Double? = nil,
                         arrival: ContinuousClock.Instant? = nil, rtpTimestamp: UInt32? = nil) {
        guard !samples.isEmpty else { return }
        segments.append(Segment(samples: samples[...], kind: kind, advancesTimeline: advancesTimeline, bufferDelayMs: bufferDelayMs,
                                arrival: arrival, rtpTimestamp: rtpTimestamp))
    }

    /// Removes and returns the first `count` samples (zero-padded if the queue is short),
    /// the most severe kind among them, the first buffer delay seen, and for each
    /// ``PlayoutFrame/windowSamples`` window the latest arrival of a packet that carried
    /// samples of it, and that packet's RTP timestamp.
    mutating func take(_ count: Int) -> Taken {
        var out: [Int16] = []
        out.reserveCapacity(count)
        var kind: PlayoutFrame.Kind?
        var delay: Double?
        let window = PlayoutFrame.windowSamples
        var arrivals = [ContinuousClock.Instant?](repeating: nil, count: (count + window - 1) / window)
        var timestamps = [UInt32?](repeating: nil, count: arrivals.count)
        while out.count < count, !segments.isEmpty {
            let needed = count - out.count
            var segment = segments[0]
            let part = segment.samples.prefix(needed)
            if let arrival = segment.arrival, !part.isEmpty {
                for index in (out.count / window)...((out.count + part.count - 1) / window) {
                    if arrivals[index].map({ arrival >= $0 }) ?? true {
                        arrivals[index] = arrival
                        timestamps[index] = segment.rtpTimestamp
                    }
                }
            }
            out.append(contentsOf: part)
            kind = kind.map { Self.worse($0, segment.kind) } ?? segment.kind
            if delay == nil { delay = segment.bufferDelayMs }
            segment.samples = segment.samples.dropFirst(part.count)
            if segment.samples.isEmpty { segments.removeFirst() } else { segment.bufferDelayMs = nil; segments[0] = segment }
        }
        if out.count < count { out.append(contentsOf: repeatElement(0, count: count - out.count)) }
        return (out, kind ?? .silence, delay, arrivals, timestamps)
    }

    mutating func removeAll() { segments.removeAll() }

    /// The more severe of two kinds (what a listener would notice more).
    static func worse(_ a: PlayoutFrame.Kind, _ b: PlayoutFrame.Kind) -> PlayoutFrame.Kind {
        rank(a) >= rank(b) ? a : b
    }

    private static func rank(_ kind: PlayoutFrame.Kind) -> Int {
        switch kind {
        case .silence: return 0
        case .decoded: return 1
        case .accelerated: return 2
        case .fecRecovered: return 3
        case .expanded: return 4
        case .concealed: return 5
        }
    }
}
