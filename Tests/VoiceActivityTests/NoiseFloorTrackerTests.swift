import Foundation
import XCTest
import VoiceActivity

final class NoiseFloorTrackerTests: XCTestCase {
    private func run(_ tracker: inout NoiseFloorTracker, power: Float, frames: Int) {
        for _ in 0..<frames { tracker.update(power: [power]) }
    }

    func testSteadyNoiseGivesItsMeanPower() {
        // Periodogram-like power: exponentially distributed around a mean of 2.
        var rng = SeededGenerator(seed: 9)
        var tracker = NoiseFloorTracker(binCount: 1)
        var sum: Float = 0
        for frame in 0..<1000 {
            tracker.update(power: [Float(-2 * log(max(rng.unit(), 1e-9)))])
            if frame >= 500 { sum += tracker.noise[0] }
        }
        let meanFloorDB = 10 * log10(Double(sum) / 500 / 2)
        XCTAssertEqual(meanFloorDB, 0, accuracy: 1.5, "floor vs true mean, dB")
    }

    func testFallsQuicklyRisesSlowly() {
        var tracker = NoiseFloorTracker(binCount: 1)  // 8 × 20 frames = 1.6 s window
        run(&tracker, power: 1, frames: 200)
        // 20 dB quieter: within 10 dB of it after 0.5 s, within 2 dB after 2.5 s.
        run(&tracker, power: 0.01, frames: 50)
        XCTAssertLessThan(tracker.noise[0], 0.1)
        run(&tracker, power: 0.01, frames: 200)
        XCTAssertLessThan(tracker.noise[0], 0.016)
        // 20 dB louder again: held for most of a window (taken as speech)…
        run(&tracker, power: 1, frames: 100)
        XCTAssertLessThan(tracker.noise[0], 0.016, "must not rise within 1 s")
        // …then taken in once the louder level has lasted a whole window.
        run(&tracker, power: 1, frames: 150)
        XCTAssertGreaterThan(tracker.noise[0], 0.5)
    }

    func testBurstsAboveTheFloorDoNotLiftIt() {
        var tracker = NoiseFloorTracker(binCount: 2)
        for frame in 0..<1000 {
            // Bin 0: 30 dB "syllables" 200 ms of every 400 ms; bin 1: steady.
            let burst: Float = frame % 40 < 20 ? 1000 : 1
            tracker.update(power: [burst, 1])
        }
        XCTAssertLessThan(tracker.noise[0], 30, "the floor must stay ≥ 15 dB below the bursts")
        XCTAssertEqual(tracker.noise[1], 1.5, accuracy: 1e-3, "a constant input sits at minimumBias × itself")
    }

    func testFreezingStopsAveragingButKeepsTheMinimum() {
        var tracker = NoiseFloorTracker(binCount: 1)
        run(&tracker, power: 1, frames: 100)
        for _ in 0..<20 { tracker.update(power: [0.001], averaging: false) }
        // Not averaged down, but the floor never exceeds the (smoothed) minimum's level for long.
        XCTAssertLessThanOrEqual(tracker.noise[0], 1)
        tracker.reset()
        XCTAssertFalse(tracker.isStarted)
    }
}
