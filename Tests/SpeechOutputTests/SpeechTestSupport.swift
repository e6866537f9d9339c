import AudioCodec
import Foundation
import SpeechOutput

/// Fabricated audio and analysis helpers for the SpeechOutput tests.
enum SpeechTestAudio {
    /// A sine tone at `amplitude` (of full scale).
    static func tone(frequency: Double, sampleRate: Int, milliseconds: Int, amplitude: Double = 0.5) -> [Int16] {
        let count = sampleRate * milliseconds / 1000
        return (0..<count).map { Int16((sin(2 * .pi * frequency * Double($0) / Double(sampleRate)) * amplitude * 32767).rounded()) }
    }

    static func rms<C: Collection>(_ samples: C) -> Double where C.Element == Int16 {
        guard !samples.isEmpty else { return 0 }
        let sum = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
        return (sum / Double(samples.count)).squareRoot()
    }

    /// Goertzel power of `frequency` in `samples`.
    static func goertzelPower(_ samples: [Int16], frequency: Double, sampleRate: Int) -> Double {
        let coefficient = 2 * cos(2 * .pi * frequency / Double(sampleRate))
        var previous = 0.0, beforePrevious = 0.0
        for sample in samples {
            let current = Double(sample) + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }

    /// The frequency with the most Goertzel power, scanning `range` in 1 Hz steps.
    static func peakFrequency(_ samples: [Int16], sampleRate: Int, range: ClosedRange<Int>) -> Int {
        range.max { goertzelPower(samples, frequency: Double($0), sampleRate: sampleRate)
            < goertzelPower(samples, frequency: Double($1), sampleRate: sampleRate) } ?? range.lowerBound
    }

    /// Decodes frames in order (48 kHz mono).
    static func decode(_ frames: [OutgoingFrame]) throws -> [Int16] {
        let decoder = try OpusDecoder(sampleRate: 48000, channels: 1)
        var pcm: [Int16] = []
        for frame in frames { pcm += try decoder.decode(frame.payload) }
        return pcm
    }
}

/// Calls `nextFrame` `count` times at 20 ms slots from `start`, returning (slot index, frame) pairs.
func drive(_ stream: SpeechOutputStream, from start: ContinuousClock.Instant, slots: Range<Int>) -> [(slot: Int, frame: OutgoingFrame)] {
    var frames: [(Int, OutgoingFrame)] = []
    for slot in slots {
        if let frame = stream.nextFrame(now: start + .milliseconds(20 * slot)) { frames.append((slot, frame)) }
    }
    return frames
}
