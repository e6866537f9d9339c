import Foundation

/// Levels of 10 ms windows of 48 kHz audio, in dBFS (RMS relative to full scale, 32768: a
/// full-scale square wave is 0 dBFS). Parley's load tool and server share one definition of
/// "speech" for latency: a 10 ms window at or above ``speechThresholdDBFS``.
public enum AudioLevel {
    /// Samples in one 10 ms window at 48 kHz.
    public static let windowSamples = 480
    /// A window at least this loud counts as speech (end of speech, first audio).
    public static let speechThresholdDBFS: Float = -41

    /// The level of each whole 10 ms window of `samples` (a trailing partial window is ignored).
    public static func windowLevelsDBFS(_ samples: [Int16]) -> [Float] {
        let windows = samples.count / windowSamples
        var levels: [Float] = []
        levels.reserveCapacity(windows)
        for w in 0..<windows {
            var sum: Double = 0
            for i in (w * windowSamples)..<((w + 1) * windowSamples) {
                let x = Double(samples[i])
                sum += x * x
            }
            levels.append(dBFS(meanSquare: sum / Double(windowSamples)))
        }
        return levels
    }

    /// The loudest 10 ms window of `samples` (e.g. one 20 ms frame); −120 when there is none.
    public static func loudestWindowDBFS(_ samples: [Int16]) -> Float {
        windowLevelsDBFS(samples).max() ?? -120
    }

    static func dBFS(meanSquare: Double) -> Float {
        guard meanSquare > 0 else { return -120 }
        return Float(max(-120, 10 * log10(meanSquare / (32768.0 * 32768.0))))
    }
}
