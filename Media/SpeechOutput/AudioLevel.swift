import Foundation

/// Levels of 16-bit PCM in 10 ms windows, as the latency metrics define "audible".
///
/// Both ends of a turn's end-of-speech → first-audio measurement use this one definition, so
/// the server's stages and a caller's own measurement pick the same packets: a 10 ms window
/// is *audible* when its RMS level is at least ``audibleThresholdDBFS`` (full scale = 32768,
/// so −41 dBFS is an RMS of about 292). Both are judged on *decoded* audio: the candidate's
/// speech ends with the packet carrying its last audible decoded window; the interviewer's reply
/// starts with the first packet whose decoded audio has an audible window (leading synthesized
/// silence counts as latency). Opus delays decoded audio by 6.5 ms, so levels of the PCM before
/// encoding can point at the packet before.
///
/// Runs on every frame of every call in both directions, so the sums are integer loops over
/// contiguous storage (cheap even in debug builds).
public enum AudioLevel {
    /// The level at or above which a 10 ms window counts as sound, in dBFS.
    public static let audibleThresholdDBFS = -41.0
    /// Samples in one 10 ms window at 48 kHz.
    public static let windowSamples48k = 480
    /// The level reported for digital silence (instead of −∞), in dBFS.
    public static let silenceDBFS = -120.0

    /// RMS level of `samples` in dBFS (full scale 32768); ``silenceDBFS`` for silence or no samples.
    public static func dBFS(_ samples: [Int16]) -> Double {
        samples.withUnsafeBufferPointer { level(of: $0) }
    }

    /// The level of each whole `windowSamples` window of `samples`, in order (a shorter tail
    /// is measured as a window of its own).
    public static func windowLevelsDBFS(_ samples: [Int16], windowSamples: Int = windowSamples48k) -> [Double] {
        let size = max(1, windowSamples)
        var levels: [Double] = []
        levels.reserveCapacity((samples.count + size - 1) / size)
        samples.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(buffer.count, start + size)
                levels.append(level(of: UnsafeBufferPointer(rebasing: buffer[start..<end])))
                start = end
            }
        }
        return levels
    }

    /// The level of the loudest window of `samples`, in dBFS.
    public static func loudestWindowDBFS(_ samples: [Int16], windowSamples: Int = windowSamples48k) -> Double {
        windowLevelsDBFS(samples, windowSamples: windowSamples).max() ?? silenceDBFS
    }

    /// Whether a window at `levelDBFS` counts as sound.
    public static func isAudible(_ levelDBFS: Double) -> Bool { levelDBFS >= audibleThresholdDBFS }

    private static func level(of samples: UnsafeBufferPointer<Int16>) -> Double {
        guard !samples.isEmpty else { return silenceDBFS }
        // Exact: 32768² × 2³² samples stays far below Int64.max for any window used here.
        var sum: Int64 = 0
        for sample in samples {
            let value = Int64(sample)
            sum &+= value &* value
        }
        guard sum > 0 else { return silenceDBFS }
        let meanSquare = Double(sum) / Double(samples.count)
        return max(silenceDBFS, 10 * log10(meanSquare / (32768.0 * 32768.0)))
    }
}
