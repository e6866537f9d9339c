import AudioCodec
import JitterBuffer
import RTP
import XCTest
@testable import Server

/// A stalled media loop (CPU starvation on a busy machine) must not leave a call behind: the
/// missed playout slots are caught up, so the jitter buffer's delay is what it was before.
final class CallAudioStallTests: XCTestCase {
    func testAStalledLoopCatchesUpEverySlotAndKeepsTheDelay() throws {
        let audio = try CallAudio()
        let encoder = try OpusEncoder(sampleRate: 48_000, channels: 1, application: .voip)
        let t0 = ContinuousClock.now
        func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }
        var played: [(due: ContinuousClock.Instant, pulledAt: ContinuousClock.Instant, frame: PlayoutFrame)] = []
        audio.onPlayout = { frame, due, pulledAt in played.append((due, pulledAt, frame)) }

        // A 440 Hz tone, one packet every 20 ms arriving 1 ms after it was sent; the loop ticks
        // every 5 ms but runs nothing from 2000 ms to 2300 ms.
        let packets = 250
        for ms in 0..<(packets * 20 + 200) {
            if ms % 20 == 1, ms / 20 < packets {
                let index = ms / 20
                let pcm = (0..<960).map { Int16(8000 * sin(2 * Double.pi * 440 * Double(index * 960 + $0) / 48_000)) }
                audio.received(RTPPacket(payloadType: 111, sequenceNumber: UInt16(index), timestamp: UInt32(index * 960),
                                         ssrc: 7, payload: try encoder.encode(pcm: pcm)), now: at(ms))
            }
            if ms % 5 == 0, !(2000..<2300).contains(ms) { audio.playout(now: at(ms)) }
        }

        let dues = played.map(\.due)
        XCTAssertTrue(zip(dues, dues.dropFirst()).allSatisfy { $1 - $0 == .milliseconds(20) }, "every 20 ms slot is played once, in order")
        let caughtUp = played.filter { $0.pulledAt == at(2300) }.count
        XCTAssertGreaterThanOrEqual(caughtUp, 14, "the stalled slots are pulled when the loop runs again")

        func bufferDelays(_ range: Range<Int>) -> [Double] {
            played.filter { range.contains(Int(($0.pulledAt - t0) / .milliseconds(1))) }.compactMap(\.frame.bufferDelayMs)
        }
        let before = try XCTUnwrap(bufferDelays(1000..<2000).max())
        let after = try XCTUnwrap(bufferDelays(2500..<4500).max())
        print("jitter-buffer delay before the stall ≤ \(before) ms, after it ≤ \(after) ms")
        XCTAssertLessThanOrEqual(after, before + 10, "no stall delay is kept after catching up")
    }
}
