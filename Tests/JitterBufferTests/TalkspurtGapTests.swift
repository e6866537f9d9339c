import Foundation
@testable import JitterBuffer
import RTP
import XCTest

/// A sender that stops sending between talkspurts (Opus DTX without its 400 ms keep-alive
/// frames, as a caller that sends nothing between answers): sequence numbers continue, the RTP
/// timestamp jumps by the pause and the first packet of each talkspurt has the marker bit
/// (RFC 3550 §5.1, RFC 7587 §3.1.3). Each talkspurt must start playing as soon as the first one
/// did: the pause is not delay to keep.
final class TalkspurtGapTests: XCTestCase {
    let start = ContinuousClock.now

    func testPausesBetweenTalkspurtsDoNotAddDelay() throws {
        try check(silentEdges: false)
    }

    /// As a caller's recorded answers: each talkspurt starts and ends with 300 ms of silence.
    func testPausesBetweenTalkspurtsWithSilentEdgesDoNotAddDelay() throws {
        try check(silentEdges: true)
    }

    func check(silentEdges: Bool) throws {
        var tone = try OpusFixture.longTone()
        if silentEdges {
            let encoder = try OpusFixture.makeEncoder()
            let silence = try encoder.encode(pcm: [Int16](repeating: 0, count: 960))
            for talkspurt in 0..<5 {
                for frame in Array(0..<15) + Array(135..<150) { tone[talkspurt * 150 + frame] = silence }
            }
        }
        var arrivals: [Arrival] = []
        var sequence: UInt16 = 500
        var firstOfTalkspurt: [UInt32] = []
        for talkspurt in 0..<5 {
            // 3 s of speech, then 2.5 s of nothing; talkspurts start at any millisecond (the
            // sender's clock), not on the receiver's 20 ms grid.
            let startMs = Double(talkspurt) * 5_500 + Double(talkspurt * 7 % 20)
            for frame in 0..<150 {
                let sendMs = startMs + Double(frame) * 20
                let timestamp = UInt32(10_000) &+ UInt32(sendMs * 48)
                if frame == 0 { firstOfTalkspurt.append(timestamp) }
                let packet = RTPPacket(marker: frame == 0, payloadType: 111, sequenceNumber: sequence, timestamp: timestamp,
                                       ssrc: 0x1234, payload: tone[talkspurt * 150 + frame])
                sequence &+= 1
                arrivals.append(Arrival(packet: packet, time: start + .microseconds(Int64((sendMs + 5) * 1000))))
            }
        }
        let result = runTrace(try JitterBuffer(), trace: NetworkTrace(arrivals: arrivals, sent: arrivals.count), start: start)
        var delays: [Double] = []
        for (talkspurt, stamp) in firstOfTalkspurt.enumerated() {
            // The first frame that plays any of this talkspurt's audio, against its first packet's arrival.
            let range = (stamp &+ (silentEdges ? 15 * 960 : 0))..<(stamp &+ 150 * 960)
            guard let index = result.frames.firstIndex(where: { $0.windowRTPTimestamps.contains { $0.map(range.contains) ?? false } }) else {
                XCTFail("talkspurt \(talkspurt + 1) was not played (stats: \(result.stats))")
                continue
            }
            delays.append(result.pullTimesMs[index] - (Double(talkspurt) * 5_500 + Double(talkspurt * 7 % 20) + (silentEdges ? 300 : 0) + 5))
        }
        print("first-packet buffer delay per talkspurt (ms):", delays.map { String(format: "%.1f", $0) })
        for (index, delay) in delays.enumerated() {
            XCTAssertLessThanOrEqual(delay, delays[0] + 25, "talkspurt \(index + 1) waited \(delay) ms, the first \(delays[0]) ms")
        }
    }
}
