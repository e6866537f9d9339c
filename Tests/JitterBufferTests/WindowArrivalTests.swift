import Foundation
@testable import JitterBuffer
import RTP
import XCTest

/// Each played frame says when the packets behind its 10 ms windows arrived (what the turn
/// metrics use to time the candidate's end of speech): the decoded packet's own arrival,
/// the FEC carrier's for recovered audio, nothing for concealment — and which packet that was
/// (its RTP timestamp), so a sender can match the server's end of speech to a packet it sent.
final class WindowArrivalTests: XCTestCase {
    let start = ContinuousClock.now

    func testDecodedFramesCarryTheirPacketsArrivals() throws {
        let payloads = try OpusFixture.tonePayloads(count: 100)
        var generator = SeededGenerator(seed: 11)
        let trace = NetworkTrace.make(payloads: payloads, start: start) { _ in 20 + 40 * generator.unit() }
        let arrivalByTimestamp = Dictionary(uniqueKeysWithValues: trace.arrivals.map { ($0.packet.timestamp, $0.time) })
        let result = runTrace(try JitterBuffer(), trace: trace, start: start)
        let decoded = result.frames.enumerated().filter { $0.element.kind == .decoded }
        XCTAssertGreaterThan(decoded.count, 80)
        for (index, frame) in decoded {
            XCTAssertEqual(frame.windowArrivals.count, 2)
            let arrival = try XCTUnwrap(frame.windowArrivals[0], "decoded audio has an arrival")
            XCTAssertEqual(frame.windowArrivals[1], arrival, "one 20 ms packet carries both windows")
            XCTAssertTrue(arrivalByTimestamp.values.contains(arrival), "the arrival is a packet's arrival")
            let timestamp = try XCTUnwrap(frame.windowRTPTimestamps[0], "decoded audio names its packet")
            XCTAssertEqual(frame.windowRTPTimestamps, [timestamp, timestamp])
            XCTAssertEqual(arrivalByTimestamp[timestamp], arrival, "the window's timestamp is that of the packet that arrived then")
            let pulledAt = start + .microseconds(Int64((result.pullTimesMs[index] * 1000).rounded()))
            XCTAssertLessThanOrEqual(arrival, pulledAt, "audio leaves the buffer after its packet arrived")
            XCTAssertEqual(JitterBuffer.milliseconds(pulledAt - arrival), try XCTUnwrap(frame.bufferDelayMs), accuracy: 0.001)
        }
        // Consecutive decoded frames come from consecutive packets, in send order.
        let order = decoded.compactMap { $0.element.windowArrivals[0] }.compactMap { arrival in
            arrivalByTimestamp.first { $0.value == arrival }?.key
        }
        XCTAssertEqual(order, order.sorted(), "frames play in timestamp order")
    }

    func testRecoveredAudioCountsAsCarriedByTheFECPacket() throws {
        let payloads = try OpusFixture.tonePayloads(count: 150)
        let lostIndex = try XCTUnwrap((60..<140).first { OpusFECProbe.hasInBandFEC(payloads[$0 + 1]) })
        let trace = NetworkTrace.make(payloads: payloads, start: start) { $0 == lostIndex ? nil : 40 }
        let carrier = try XCTUnwrap(trace.arrivals.first { $0.packet.timestamp == 123_456 &+ UInt32((lostIndex + 1) * 960) })
        let result = runTrace(try JitterBuffer(), trace: trace, start: start)
        let recovered = try XCTUnwrap(result.frames.first { $0.kind == .fecRecovered })
        XCTAssertEqual(recovered.windowArrivals, [carrier.time, carrier.time])
        XCTAssertEqual(recovered.windowRTPTimestamps, [carrier.packet.timestamp, carrier.packet.timestamp])
    }

    func testConcealmentAndSilenceHaveNoArrival() throws {
        let payloads = try OpusFixture.tonePayloads(count: 120)
        let trace = NetworkTrace.make(payloads: payloads, start: start) { (60..<72).contains($0) ? nil : 40 }
        let result = runTrace(try JitterBuffer(), trace: trace, start: start)
        // The hole is played as expansion (waiting for the late packet) or concealment.
        let concealed = result.frames.filter { $0.kind == .concealed || $0.kind == .expanded }
        XCTAssertGreaterThanOrEqual(concealed.count, 10)
        XCTAssertTrue(concealed.allSatisfy { $0.windowArrivals.allSatisfy { $0 == nil } })
        XCTAssertTrue(concealed.allSatisfy { $0.windowRTPTimestamps.allSatisfy { $0 == nil } })
        let silent = try XCTUnwrap(result.frames.first { $0.kind == .silence }, "playout starts with silence")
        XCTAssertEqual(silent.windowArrivals, [nil, nil])
    }
}

/// Accelerating cross-fades two frames into one; each 10 ms window of the result is credited to
/// the packet that contributes most of its energy.
final class CrossFadeAttributionTests: XCTestCase {
    let t0 = ContinuousClock.now

    func frame(level: Int16, stamp: UInt32, arrivalMs: Int) -> OutputQueue.Taken {
        let samples = (0..<960).map { $0 % 2 == 0 ? level : -level }
        let arrival = t0 + .milliseconds(arrivalMs)
        return (samples, .decoded, 30, [arrival, arrival], [stamp, stamp])
    }

    func testSpeechEndingInsideThePairStaysWithThePacketThatCarriedIt() {
        // Loud speech, then a near-silent packet: the second window of the mix is a quarter of the
        // speech packet's amplitude but still most of its energy.
        let speech = frame(level: 8_000, stamp: 96_000, arrivalMs: 100)
        let quiet = frame(level: 20, stamp: 96_960, arrivalMs: 120)
        let mixed = JitterBuffer.crossFade(speech, into: quiet)
        XCTAssertEqual(mixed.kind, .accelerated)
        XCTAssertEqual(mixed.windowRTPTimestamps, [96_000, 96_000])
        XCTAssertEqual(mixed.windowArrivals, [t0 + .milliseconds(100), t0 + .milliseconds(100)])
    }

    func testSpeechStartingInsideThePairIsCreditedToTheNextPacket() {
        let mixed = JitterBuffer.crossFade(frame(level: 20, stamp: 0, arrivalMs: 0), into: frame(level: 8_000, stamp: 960, arrivalMs: 20))
        XCTAssertEqual(mixed.windowRTPTimestamps, [960, 960])
    }

    func testEqualFramesSplitHalfAndHalf() {
        let mixed = JitterBuffer.crossFade(frame(level: 3_000, stamp: 0, arrivalMs: 0), into: frame(level: 3_000, stamp: 960, arrivalMs: 20))
        XCTAssertEqual(mixed.windowRTPTimestamps, [0, 960])
        XCTAssertEqual(mixed.windowArrivals, [t0, t0 + .milliseconds(20)])
    }
}
