import SpeechOutput
import XCTest

final class PacerTests: XCTestCase {
    private let t0 = ContinuousClock.now

    /// 100 streams, a 60 ms stall of the event loop: each stream catches up with at most
    /// `maxCatchUpFrames` frames in one tick, drops the older slot, keeps wall-clock
    /// timestamps, and the lateness is recorded as jitter.
    func testHundredStreamsCatchUpAfterStallWithoutBursts() throws {
        let pacer = Pacer<Int>(settings: PacerSettings(maxCatchUpFrames: 2), epoch: t0)
        var streams: [SpeechOutputStream] = []
        let pcm = SpeechTestAudio.tone(frequency: 200, sampleRate: 48000, milliseconds: 3000, amplitude: 0.3)
        for id in 0..<100 {
            let stream = try SpeechOutputStream(settings: SpeechOutputSettings(initialTimestamp: UInt32(id * 1000)))
            try stream.enqueue(utteranceId: "u\(id)", pcm: pcm, sampleRate: 48000)
            stream.finishUtterance("u\(id)")
            streams.append(stream)
            pacer.register(id, source: stream, now: t0)
        }
        XCTAssertEqual(pacer.nextDeadline, t0)

        // Tick times: slot k at k·20 ms plus a deterministic 0–1 ms timer lateness; the
        // ticks for slots 50 and 51 never happen (the loop stalled 60 ms after slot 49).
        var sent: [PacedFrame<Int>] = []
        var maxPerTick: [Int: Int] = [:]
        for slot in 0..<100 where !(50...51).contains(slot) {
            let now = pacer.slotTime(Int64(slot)) + .microseconds((slot % 3) * 500)
            let frames = pacer.tick(now: now)
            for (id, count) in Dictionary(grouping: frames, by: \.streamId).mapValues(\.count) {
                maxPerTick[id] = max(maxPerTick[id] ?? 0, count)
            }
            sent += frames
            XCTAssertEqual(pacer.nextDeadline, pacer.slotTime(Int64(slot + 1)))
        }

        XCTAssertEqual(maxPerTick.values.max(), 2, "no burst larger than maxCatchUpFrames")
        for id in 0..<100 {
            let stats = try XCTUnwrap(pacer.stats(for: id))
            XCTAssertEqual(stats.slotsDropped, 1)
            XCTAssertEqual(stats.framesSent, 99)
            XCTAssertEqual(stats.maxBurst, 2)
            XCTAssertEqual(stats.maxJitterMs, 20.5, accuracy: 0.001, "slot 51 sent at slot 52 + 0.5 ms")
            let frames = sent.filter { $0.streamId == id }
            XCTAssertEqual(frames.count, 99)
            for paced in frames {
                let slot = Int(((paced.slotTime - t0) / .milliseconds(20)).rounded())
                XCTAssertNotEqual(slot, 50, "the oldest overdue slot is dropped")
                XCTAssertEqual(paced.frame.rtpTimestamp, UInt32(id * 1000 + slot * 960), "timestamps stay on wall time")
                XCTAssertEqual(paced.frame.playedSamples, (slot + 1) * 960, "the dropped slot's audio is consumed")
            }
        }
        let stats = try XCTUnwrap(pacer.stats(for: 0))
        XCTAssertEqual(stats.jitterQuantileUpperBoundMs(0.5), 1)
        XCTAssertEqual(stats.jitterHistogram.reduce(0, +), 99)
        print(String(format: "pacer: 100 streams, 60 ms stall → max burst %d, dropped %d slot/stream, jitter mean %.2f ms max %.2f ms p50 ≤ %.0f ms",
                     stats.maxBurst, stats.slotsDropped, stats.meanJitterMs, stats.maxJitterMs, stats.jitterQuantileUpperBoundMs(0.5)))
        XCTAssertNotNil(pacer.unregister(7))
        XCTAssertNil(pacer.stats(for: 7))
        XCTAssertEqual(pacer.streamCount, 99)
        XCTAssertNotNil(pacer.stats(for: 99), "indices stay valid after removal")
    }

    /// A long stall (500 ms) with catch-up 3: 3 frames, the other 23 overdue slots skipped.
    func testLongStallSkipsOldSlots() {
        let pacer = Pacer<String>(settings: PacerSettings(maxCatchUpFrames: 3), epoch: t0)
        let source = CountingSource()
        pacer.register("a", source: source, now: t0)
        _ = pacer.tick(now: t0)
        let frames = pacer.tick(now: t0 + .milliseconds(500))  // slots 1...25 due
        XCTAssertEqual(frames.count, 3)
        XCTAssertEqual(source.skipped, 22)
        XCTAssertEqual(source.served, 4)
        XCTAssertEqual(frames.map(\.slotTime), [23, 24, 25].map { pacer.slotTime($0) })
        XCTAssertEqual(pacer.stats(for: "a")?.slotsDropped, 22)
    }

    /// Streams share the grid: one registered between slots starts at the next slot.
    func testRegistrationAlignsToSharedGrid() {
        let pacer = Pacer<Int>(epoch: t0)
        XCTAssertNil(pacer.nextDeadline)
        let late = CountingSource()
        pacer.register(1, source: late, now: t0 + .milliseconds(33))
        XCTAssertEqual(pacer.nextDeadline, t0 + .milliseconds(40))
        XCTAssertTrue(pacer.tick(now: t0 + .milliseconds(39)).isEmpty)
        XCTAssertEqual(pacer.tick(now: t0 + .milliseconds(40)).count, 1)
        XCTAssertTrue(pacer.tick(now: t0 + .milliseconds(41)).isEmpty, "one frame per slot")
        XCTAssertTrue(pacer.tick(now: t0 - .milliseconds(5)).isEmpty, "before the epoch nothing is due")
    }
}

/// A source that counts the pacer's calls and always has a frame.
private final class CountingSource: PacedFrameSource {
    var served = 0
    var skipped = 0

    func nextFrame(now: ContinuousClock.Instant) -> OutgoingFrame? {
        served += 1
        return OutgoingFrame(payload: [0xF8], rtpTimestamp: 0, marker: false, kind: .speech, utteranceId: nil, playedSamples: 0)
    }

    func skipFrame(now: ContinuousClock.Instant) { skipped += 1 }
}
