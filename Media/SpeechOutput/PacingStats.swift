/// Pacing figures of one stream in a ``Pacer``: how late frames left versus their ideal
/// slot time (send time − slot time, i.e. timer lateness plus catch-up delay).
public struct PacingStats: Sendable, Equatable {
    /// Upper bounds (ms, inclusive) of the jitter histogram buckets; the last bucket is open.
    public static let bucketBoundsMs: [Double] = [1, 2, 5, 10, 20, 40, 80]

    /// Slots handled (sent, silent or dropped).
    public var slots = 0
    /// Frames handed out to be sent.
    public var framesSent = 0
    /// Overdue slots dropped after a stall instead of being sent in a burst.
    public var slotsDropped = 0
    /// Most frames this stream emitted in one tick.
    public var maxBurst = 0
    /// Sum and maximum of send-time lateness over sent frames, ms.
    public var jitterSumMs = 0.0
    public var maxJitterMs = 0.0
    /// Counts per bucket of ``bucketBoundsMs`` plus one overflow bucket.
    public var jitterHistogram = [Int](repeating: 0, count: PacingStats.bucketBoundsMs.count + 1)

    public var meanJitterMs: Double { framesSent > 0 ? jitterSumMs / Double(framesSent) : 0 }

    /// The smallest bucket bound below which at least `fraction` of frames fell (an upper
    /// estimate of that quantile); `.infinity` if it is in the overflow bucket.
    public func jitterQuantileUpperBoundMs(_ fraction: Double) -> Double {
        let target = Double(framesSent) * fraction
        var seen = 0
        for (index, count) in jitterHistogram.enumerated() {
            seen += count
            if Double(seen) >= target {
                return index < Self.bucketBoundsMs.count ? Self.bucketBoundsMs[index] : .infinity
            }
        }
        return .infinity
    }

    mutating func recordSent(jitterMs: Double) {
        framesSent += 1
        jitterSumMs += jitterMs
        maxJitterMs = max(maxJitterMs, jitterMs)
        let bucket = Self.bucketBoundsMs.firstIndex { jitterMs <= $0 } ?? Self.bucketBoundsMs.count
        jitterHistogram[bucket] += 1
    }

    public init() {}
}
