extension JitterBuffer {
    /// Tuning of a ``JitterBuffer``. The defaults suit Opus voice at 20 ms packets.
    ///
    /// Delays are playout delays in milliseconds measured against the fastest packets
    /// seen recently (see ``JitterBufferStats/currentDelayMs``).
    public struct Configuration: Sendable, Equatable {
        /// Lower bound of the target delay, ms. One frame (20 ms) lets a lost packet be
        /// recovered from the next packet's FEC even without jitter.
        public var minDelayMs: Double = 20
        /// Upper bound of the target delay, ms; also how far the buffer may stretch while
        /// waiting for late packets before it treats them as lost.
        public var maxDelayMs: Double = 400
        /// The quantile of the relative arrival delay the target covers (0.5...1).
        public var delayPercentile: Double = 0.95
        /// Added to the quantile, ms.
        public var delayMarginMs: Double = 10
        /// How much arrival history the quantile and the fastest-packet reference span, ms.
        public var delayWindowMs: Double = 2000
        /// How fast the target may fall when the jitter subsides, ms per second
        /// (it rises at once).
        public var targetDecayMsPerSecond: Double = 40
        /// Extra delay above the target (beyond one frame) tolerated before frames are
        /// dropped, ms; avoids grow/shrink oscillation.
        public var accelerateHysteresisMs: Double = 5
        /// Least time between two frame drops in non-silent audio, ms. Silent frames may be
        /// dropped at every pull.
        public var accelerateIntervalMs: Double = 500
        /// Least time between two frames inserted to grow the delay towards the target while
        /// audio is playing, ms, so growth interleaves with real audio instead of fading out.
        /// Silent frames, and waiting for a late packet, are not limited.
        public var expandIntervalMs: Double = 40
        /// A decoded frame quieter than this (RMS, dBFS) counts as silence: it may be dropped
        /// freely, and an empty buffer after it plays comfort silence instead of PLC.
        public var silenceThresholdDBFS: Double = -50
        /// Consecutive concealed/expanded frames played at full PLC level; the next one fades
        /// out and the rest are zeros.
        public var fadeAfterConcealedFrames: Int = 5
        /// Most packets held at once; beyond it the oldest is discarded.
        public var maxBufferedPackets: Int = 250
        /// Two packets in a row arriving this much later than their timestamps allow (relative
        /// to the fastest recent packets) are taken as a stream restart (a backward timestamp
        /// jump), ms. Two packets arriving more than ``maxDelayMs`` *earlier* than possible (a
        /// forward jump) are too. The first such packet is discarded.
        public var resyncThresholdMs: Double = 5000

        public init() {}

        public init(minDelayMs: Double = 20, maxDelayMs: Double = 400, delayPercentile: Double = 0.95, delayMarginMs: Double = 10) {
            self.minDelayMs = minDelayMs
            self.maxDelayMs = maxDelayMs
            self.delayPercentile = delayPercentile
            self.delayMarginMs = delayMarginMs
        }

        /// The configuration with out-of-range values pulled into range.
        var sanitized: Configuration {
            var copy = self
            copy.minDelayMs = max(0, minDelayMs)
            copy.maxDelayMs = max(copy.minDelayMs + 20, maxDelayMs)
            copy.delayPercentile = min(1, max(0.5, delayPercentile))
            copy.delayMarginMs = max(0, delayMarginMs)
            copy.delayWindowMs = max(200, delayWindowMs)
            copy.targetDecayMsPerSecond = max(0, targetDecayMsPerSecond)
            copy.accelerateHysteresisMs = max(0, accelerateHysteresisMs)
            copy.accelerateIntervalMs = max(0, accelerateIntervalMs)
            copy.expandIntervalMs = max(0, expandIntervalMs)
            copy.fadeAfterConcealedFrames = max(0, fadeAfterConcealedFrames)
            copy.maxBufferedPackets = max(4, maxBufferedPackets)
            copy.resyncThresholdMs = max(copy.maxDelayMs * 2, resyncThresholdMs)
            return copy
        }
    }
}
