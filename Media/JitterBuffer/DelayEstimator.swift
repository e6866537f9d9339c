/// Estimates how much delay the playout needs from packet arrival times, in the spirit
/// of WebRTC NetEQ's relative-delay statistics.
///
/// For each packet the *relative delay* is its arrival time minus the send time its RTP
/// timestamp implies (both relative to the stream's first packet), in ms. Over a sliding
/// window (``JitterBuffer/Configuration/delayWindowMs``) the smallest relative delay is the
/// reference — the packets that crossed the network fastest — and a packet's *jitter* is
/// its relative delay above the reference as it stood when the packet arrived (as NetEQ's
/// histogram records it), so a path that suddenly gets faster does not turn the older
/// packets into jitter. The target delay is a high quantile of the jitter in the window
/// plus a margin, clamped to the configured bounds. It rises at once when jitter grows (or
/// when a packet turns out to be late) and falls at a bounded rate.
///
/// Clock drift moves all relative delays together; the sliding reference follows it.
struct DelayEstimator: Sendable {
    private struct Sample: Sendable {
        var arrivalMs: Double
        var relativeDelayMs: Double
        /// Relative delay above the reference at arrival, ms.
        var jitterMs: Double
    }

    private let configuration: JitterBuffer.Configuration
    /// Samples in arrival order.
    private var samples: [Sample] = []
    private var sampleStart = 0
    /// The current target, ms (already clamped): rises at once, decays gently. The playout
    /// shrinks only while it is above this.
    private(set) var targetMs: Double
    /// The quantile-based target from the current window alone, ms (clamped).
    private(set) var quantileTargetMs: Double
    /// The last raise for a late packet, decaying like the target, ms.
    private var peakMs: Double = 0
    /// Arrival clock of the last update, ms, for decay.
    private var lastUpdateMs: Double?

    init(configuration: JitterBuffer.Configuration, initialTargetMs: Double? = nil) {
        self.configuration = configuration
        self.targetMs = Self.clamp(initialTargetMs ?? configuration.minDelayMs, configuration)
        self.quantileTargetMs = configuration.minDelayMs
        self.peakMs = targetMs
    }

    /// The delay the playout must grow to now, ms: the window's quantile target or a recent
    /// late-packet raise. Lower than ``targetMs`` while the target decays, so a fall in the
    /// reference (e.g. a delay step leaving the window) does not cause growth.
    var growthTargetMs: Double { max(quantileTargetMs, peakMs) }

    private static func clamp(_ value: Double, _ configuration: JitterBuffer.Configuration) -> Double {
        min(configuration.maxDelayMs, max(configuration.minDelayMs, value))
    }

    private var window: ArraySlice<Sample> { samples[sampleStart...] }

    var isEmpty: Bool { sampleStart >= samples.count }

    /// Smallest relative delay in the window (the fastest recent packet), ms.
    private(set) var referenceMs: Double?

    /// The jitter of a packet with this relative delay, ms (≥ 0 unless it is the new fastest).
    func jitter(ofRelativeDelay delay: Double) -> Double {
        delay - (referenceMs ?? delay)
    }

    /// Adds one packet's relative delay observed at `arrivalMs` and updates the target.
    mutating func add(relativeDelayMs: Double, arrivalMs: Double) {
        let horizon = arrivalMs - configuration.delayWindowMs
        while sampleStart < samples.count, samples[sampleStart].arrivalMs < horizon { sampleStart += 1 }
        if sampleStart > 512 {
            samples.removeFirst(sampleStart)
            sampleStart = 0
        }
        let reference = min(relativeDelayMs, window.lazy.map(\.relativeDelayMs).min() ?? relativeDelayMs)
        referenceMs = reference
        samples.append(Sample(arrivalMs: arrivalMs, relativeDelayMs: relativeDelayMs, jitterMs: relativeDelayMs - reference))
        var sorted = window.map(\.jitterMs)
        sorted.sort()
        let rank = min(sorted.count - 1, max(0, Int((configuration.delayPercentile * Double(sorted.count)).rounded(.up)) - 1))
        let quantile = sorted[rank]
        let wanted = Self.clamp(quantile + configuration.delayMarginMs, configuration)
        quantileTargetMs = wanted
        let elapsed = max(0, arrivalMs - (lastUpdateMs ?? arrivalMs))
        peakMs = max(0, peakMs - configuration.targetDecayMsPerSecond * elapsed / 1000)
        decay(toward: wanted, nowMs: arrivalMs)
    }

    /// Raises the target at once so that a packet with `jitterMs` would have been in time.
    /// A packet later than the maximum delay cannot be accommodated and is ignored.
    mutating func raise(forJitterMs jitterMs: Double) {
        guard jitterMs <= configuration.maxDelayMs else { return }
        let raised = Self.clamp(jitterMs + configuration.delayMarginMs, configuration)
        peakMs = max(peakMs, raised)
        targetMs = max(targetMs, raised)
    }

    /// Lets the target follow `wanted`: up at once, down at the configured rate.
    private mutating func decay(toward wanted: Double, nowMs: Double) {
        defer { lastUpdateMs = nowMs }
        if wanted >= targetMs {
            targetMs = wanted
            return
        }
        let elapsed = max(0, nowMs - (lastUpdateMs ?? nowMs))
        targetMs = max(wanted, targetMs - configuration.targetDecayMsPerSecond * elapsed / 1000)
    }
}
