import XCTest
import VoiceActivity

final class NoiseFloorTrackerTests: XCTestCase {
    private func run(_ tracker: inout NoiseFloorTracker, power: Float, frames: Int) {
        for _ in 0..<frames { tracker.update(power: [power]) }
    }

    func testSteadyInputGivesItsLevel() {
        var tracker = NoiseFloorTracker(binCount: 1)
        run(&tracker, power: 2, frames: 50)
        XCTAssertEqual(tracker.noise[0], 2, accuracy: 1e-4)
    }

    func testFallsQuicklyRisesSlowly() {
        var tracker = NoiseFloorTracker(binCount: 1)  // 8 × 20 frames = 1.6 s window
        run(&tracker, power: 1, frames: 200)
        // 20 dB quieter: the floor follows within ~0.5 s.
        run(&tracker, power: 0.01, frames: 50)
        XCTAssertLessThan(tracker.noise[0], 0.02)
        // 20 dB louder again: held for most of a window (taken as speech)…
        run(&tracker, power: 1, frames: 100)
        XCTAssertLessThan(tracker.noise[0], 0.02, "must not rise within 1 s")
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
        XCTAssertEqual(tracker.noise[1], 1, accuracy: 1e-3)
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
