/// An adaptive noise floor per frequency bin: minimum statistics with a speech-presence
/// controlled average (after R. Martin, "Noise power spectral density estimation based on
/// optimal smoothing and minimum statistics", IEEE TSAP 9(5), 2001, and I. Cohen's MCRA,
/// IEEE SPL 9(1), 2002 — simplified, with fixed constants).
///
/// 1. Each bin's power is smoothed over time (`smoothing`).
/// 2. Its **minimum** over a sliding window of `subwindowCount × subwindowFrames` frames is
///    tracked (one minimum per sub-window, so memory is `subwindowCount` values per bin).
/// 3. Where the smoothed power is within `presenceRatio` of that minimum, the bin is taken
///    as noise-only and the **floor** follows the raw power with weight `1 − averaging`;
///    elsewhere (speech, or a sudden louder noise) the floor holds. Whenever the smoothed
///    power is more than 10 dB below the floor (the noise really got quieter, not just one
///    of babble's dips), the floor moves towards it with the faster weight
///    `1 − fallingAveraging`.
/// 4. The floor never drops below `minimumBias` × the windowed minimum (the minimum of a
///    fluctuating estimate sits below its mean), which also guarantees that a floor frozen
///    by the caller (``update(power:averaging:)``) catches up within one window.
///
/// So the floor **falls quickly** (within a few hundred ms) and **rises slowly** (a louder
/// noise is first taken for speech, and is only averaged in once it has lasted a whole
/// window, ≈ 1.6 s by default, so the minimum has caught up). Plain value type; no clock,
/// no I/O.
public struct NoiseFloorTracker: Sendable {
    /// Number of values tracked (e.g. FFT bins).
    public let binCount: Int
    /// Frames per sub-window.
    public let subwindowFrames: Int
    /// Sub-windows in the sliding window.
    public let subwindowCount: Int
    /// Weight of the previous smoothed value (0…1) in the time smoothing.
    public let smoothing: Float
    /// Smoothed power below `presenceRatio` × the windowed minimum counts as noise.
    public let presenceRatio: Float
    /// Weight of the previous floor when averaging in a noise-only frame (0…1).
    public let averaging: Float
    /// Weight of the previous floor when the smoothed power is below it (0…1).
    public let fallingAveraging: Float
    /// The floor is at least this multiple of the windowed minimum.
    public let minimumBias: Float

    private var smoothed: [Float]
    private var currentMinimum: [Float]
    private var windowMinima: [[Float]]
    /// Minimum over the completed sub-windows still inside the window.
    private var completedMinimum: [Float]
    private var floor: [Float]
    private var framesInSubwindow = 0
    private var ringIndex = 0
    private var started = false

    public init(binCount: Int, subwindowFrames: Int = 20, subwindowCount: Int = 8, smoothing: Float = 0.8,
                presenceRatio: Float = 10, averaging: Float = 0.98, fallingAveraging: Float = 0.9, minimumBias: Float = 1.5) {
        precondition(binCount > 0 && subwindowFrames > 0 && subwindowCount > 0)
        self.binCount = binCount
        self.subwindowFrames = subwindowFrames
        self.subwindowCount = subwindowCount
        self.smoothing = smoothing
        self.presenceRatio = presenceRatio
        self.averaging = averaging
        self.fallingAveraging = fallingAveraging
        self.minimumBias = minimumBias
        smoothed = Array(repeating: 0, count: binCount)
        currentMinimum = Array(repeating: .greatestFiniteMagnitude, count: binCount)
        windowMinima = Array(repeating: Array(repeating: .greatestFiniteMagnitude, count: binCount), count: subwindowCount)
        completedMinimum = Array(repeating: .greatestFiniteMagnitude, count: binCount)
        floor = Array(repeating: 0, count: binCount)
    }

    /// The current floor (mean noise power estimate) per bin.
    public var noise: [Float] { floor }

    /// Whether at least one frame has been seen.
    public var isStarted: Bool { started }

    /// Feeds one frame of per-bin power (`binCount` values) and updates the floor.
    ///
    /// - Parameter averaging: false while the caller believes speech is present (e.g. its
    ///   previous frame decision): the minima are still tracked, but nothing is averaged
    ///   into the floor (which still never drops below the minimum).
    public mutating func update(power: [Float], averaging: Bool = true) {
        precondition(power.count == binCount)
        power.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress else { return }
            update(power: base, averaging: averaging)
        }
    }

    /// Same as ``update(power:averaging:)-([Float],_)``, from a buffer of `binCount` values.
    public mutating func update(power p: UnsafePointer<Float>, averaging allowed: Bool = true) {
        let alpha = smoothing
        let beta = averaging
        let fall = fallingAveraging
        let bias = minimumBias
        let ratio = allowed ? presenceRatio : 0
        let first = !started
        started = true
        let bins = binCount
        smoothed.withUnsafeMutableBufferPointer { s in
            currentMinimum.withUnsafeMutableBufferPointer { cur in
                completedMinimum.withUnsafeBufferPointer { done in
                    floor.withUnsafeMutableBufferPointer { out in
                        for k in 0..<bins {
                            if first {
                                s[k] = p[k]
                                cur[k] = p[k]
                                out[k] = p[k]
                                continue
                            }
                            let value = alpha * s[k] + (1 - alpha) * p[k]
                            s[k] = value
                            if value < cur[k] { cur[k] = value }
                            let minimum = cur[k] < done[k] ? cur[k] : done[k]
                            var level = out[k]
                            if value < 0.1 * level {
                                level = fall * level + (1 - fall) * value
                            } else if value < ratio * minimum {
                                level = beta * level + (1 - beta) * p[k]
                            }
                            let lowest = bias * minimum
                            out[k] = level > lowest ? level : lowest
                        }
                    }
                }
            }
        }
        framesInSubwindow += 1
        if framesInSubwindow >= subwindowFrames {
            windowMinima[ringIndex] = currentMinimum
            ringIndex = (ringIndex + 1) % subwindowCount
            // Slot `ringIndex` holds the oldest sub-window, which the next one replaces:
            // the completed minimum covers every other slot.
            for k in 0..<bins {
                var minimum = Float.greatestFiniteMagnitude
                for w in 0..<subwindowCount where w != ringIndex {
                    minimum = min(minimum, windowMinima[w][k])
                }
                completedMinimum[k] = minimum
                currentMinimum[k] = .greatestFiniteMagnitude
            }
            framesInSubwindow = 0
        }
    }

    /// Forgets everything, as if newly created.
    public mutating func reset() {
        self = NoiseFloorTracker(binCount: binCount, subwindowFrames: subwindowFrames, subwindowCount: subwindowCount,
                                 smoothing: smoothing, presenceRatio: presenceRatio, averaging: averaging,
                                 fallingAveraging: fallingAveraging, minimumBias: minimumBias)
    }
}
