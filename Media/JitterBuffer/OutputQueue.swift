/// Audio produced for playout but not yet returned by a pull: a FIFO of segments, each
/// remembering its kind and whether it stands for timeline samples (decoded, FEC,
/// concealed, DTX silence) or was inserted without consuming the timeline (expand).
struct OutputQueue: Sendable {
    struct Segment: Sendable {
        var samples: ArraySlice<Int16>
        var kind: PlayoutFrame.Kind
        var advancesTimeline: Bool
        var bufferDelayMs: Double?
    }

    private(set) var segments: [Segment] = []

    var count: Int { segments.reduce(0) { $0 + $1.samples.count } }
    var isEmpty: Bool { segments.isEmpty }
    /// Samples in the queue that belong to the timeline (counted in `nextTimestamp`).
    var timelineSamples: Int { segments.reduce(0) { $0 + ($1.advancesTimeline ? $1.samples.count : 0) } }

    mutating func append(_ samples: [Int16], kind: PlayoutFrame.Kind, advancesTimeline: Bool, bufferDelayMs: Double? = nil) {
        guard !samples.isEmpty else { return }
        segments.append(Segment(samples: samples[...], kind: kind, advancesTimeline: advancesTimeline, bufferDelayMs: bufferDelayMs))
    }

    /// Removes and returns the first `count` samples (zero-padded if the queue is short),
    /// the most severe kind among them and the first buffer delay seen.
    mutating func take(_ count: Int) -> (samples: [Int16], kind: PlayoutFrame.Kind, bufferDelayMs: Double?) {
        var out: [Int16] = []
        out.reserveCapacity(count)
        var kind: PlayoutFrame.Kind?
        var delay: Double?
        while out.count < count, !segments.isEmpty {
            let needed = count - out.count
            var segment = segments[0]
            let part = segment.samples.prefix(needed)
            out.append(contentsOf: part)
            kind = kind.map { Self.worse($0, segment.kind) } ?? segment.kind
            if delay == nil { delay = segment.bufferDelayMs }
            segment.samples = segment.samples.dropFirst(part.count)
            if segment.samples.isEmpty { segments.removeFirst() } else { segment.bufferDelayMs = nil; segments[0] = segment }
        }
        if out.count < count { out.append(contentsOf: repeatElement(0, count: count - out.count)) }
        return (out, kind ?? .silence, delay)
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
