/// An adaptive noise floor per frequency bin, by minimum statistics (after R. Martin,
/// "Noise power spectral density estimation based on optimal smoothing and minimum
/// statistics", IEEE Trans. Speech Audio Proc. 9(5), 2001 — simplified: fixed smoothing,
/// fixed bias).
///
/// Each bin's power is first smoothed over time; the floor is the minimum of that smoothed
/// power over a sliding window of `subwindowCount × subwindowFrames` frames (kept as one
/// minimum per sub-window, so memory is `subwindowCount` values per bin), times a bias
/// factor that turns "minimum of a fluctuating estimate" back into "mean noise power".
///
/// So the floor **falls at once** when the input gets quieter (a new minimum is taken
/// immediately) and **rises slowly**: only after the louder level has persisted for a
/// whole window (≈ 1.6 s by default), and speech, which keeps dipping between syllables
/// and between harmonics, does not lift it. Plain value type; no clock, no I/O.
public struct NoiseFloorTracker: Sendable {
    /// Number of values tracked (e.g. FFT bins).
    public let binCount: Int
    /// Frames per sub-window.
    public let subwindowFrames: Int
    /// Sub-windows in the sliding window.
    public let subwindowCount: Int
    /// Weight of the previous smoothed value (0…1) in the time smoothing.
    public let smoothing: Float
    /// Multiplier from the windowed minimum to the mean noise power.
    public let bias: Float

    private var smoothed: [Float]
    private var currentMinimum: [Float]
    private var windowMinima: [[Float]]
    /// Minimum over the completed sub-windows still inside the window.
    private var completedMinimum: [Float]
    private var floor: [Float]
    private var framesInSubwindow = 0
    private var ringIndex = 0
    private var started = false

    public init(binCount: Int, subwindowFrames: Int = 20, subwindowCount: Int = 8, smoothing: Float = 0.8, bias: Float = 2.0) {
        precondition(binCount > 0 && subwindowFrames > 0 && subwindowCount > 0)
        self.binCount = binCount
        self.subwindowFrames = subwindowFrames
        self.subwindowCount = subwindowCount
        self.smoothing = smoothing
        self.bias = bias
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
    public mutating func update(power: [Float]) {
        precondition(power.count == binCount)
        let alpha = smoothing
        let biasFactor = bias
        let first = !started
        started = true
        smoothed.withUnsafeMutableBufferPointer { s in
            currentMinimum.withUnsafeMutableBufferPointer { cur in
                completedMinimum.withUnsafeBufferPointer { done in
                    floor.withUnsafeMutableBufferPointer { out in
                        power.withUnsafeBufferPointer { p in
                            for k in 0..<binCount {
                                let value = first ? p[k] : alpha * s[k] + (1 - alpha) * p[k]
                                s[k] = value
                                if value < cur[k] { cur[k] = value }
                                out[k] = min(cur[k], done[k]) * biasFactor
                            }
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
            for k in 0..<binCount {
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
                                 smoothing: smoothing, bias: bias)
    }
}
