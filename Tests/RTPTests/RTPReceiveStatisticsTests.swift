import XCTest
@testable import RTP

final class RTPReceiveStatisticsTests: XCTestCase {
    let t0 = ContinuousClock.now

    /// Feeds sequence numbers with 20 ms spacing and matching 960-tick timestamps.
    @discardableResult
    func feed(_ statistics: inout RTPReceiveStatistics, _ sequences: [UInt16]) -> [RTPSequenceOutcome] {
        sequences.enumerated().map { index, sequence in
            statistics.update(sequenceNumber: sequence, rtpTimestamp: UInt32(sequence) &* 960, payloadBytes: 100,
                              arrival: t0 + .milliseconds(20 * index))
        }
    }

    func testProbationThenAccept() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        XCTAssertEqual(feed(&statistics, [500, 501, 502]), [.probation, .inOrder, .inOrder])
        XCTAssertEqual(statistics.baseSequenceNumber, 501)
        XCTAssertEqual(statistics.packetsReceived, 2)
        XCTAssertEqual(statistics.packetsExpected, 2)
        XCTAssertEqual(statistics.bytesReceived, 200)
    }

    func testProbationRestartsOnGap() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        XCTAssertEqual(feed(&statistics, [10, 20, 21, 22]), [.probation, .probation, .inOrder, .inOrder])
        XCTAssertEqual(statistics.baseSequenceNumber, 21)
        XCTAssertFalse(RTPReceiveStatistics(ssrc: 1, clockRate: 48_000).isValid)
    }

    func testNoProbationCountsFirstPacket() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000, minSequential: 0)
        XCTAssertEqual(feed(&statistics, [7, 8]), [.inOrder, .inOrder])
        XCTAssertEqual(statistics.baseSequenceNumber, 7)
        XCTAssertEqual(statistics.packetsReceived, 2)
    }

    func testSequenceWrapExtendsHighest() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        let sequences: [UInt16] = [65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3, 4, 5]
        XCTAssertTrue(feed(&statistics, sequences).dropFirst().allSatisfy { $0 == .inOrder })
        XCTAssertEqual(statistics.extendedHighestSequenceNumber, 65536 + 5)
        XCTAssertEqual(statistics.packetsExpected, 11)
        XCTAssertEqual(statistics.packetsReceived, 11)
        XCTAssertEqual(statistics.cumulativeLost, 0)
        let block = statistics.makeReportBlock(now: t0 + .seconds(1))
        XCTAssertEqual(block.extendedHighestSequenceNumber, 0x0001_0005)
        XCTAssertEqual(block.cumulativeLost, 0)
    }

    func testReorderedBeforeWrapIsNotACycle() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        XCTAssertEqual(feed(&statistics, [65533, 65534, 0, 65535, 1]), [.probation, .inOrder, .inOrder, .reordered, .inOrder])
        XCTAssertEqual(statistics.extendedHighestSequenceNumber, 65536 + 1)
        XCTAssertEqual(statistics.cumulativeLost, 0)
    }

    func testDuplicatesAndReordering() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        let outcomes = feed(&statistics, [1, 2, 3, 5, 4, 4, 6, 6, 2])
        XCTAssertEqual(outcomes, [.probation, .inOrder, .inOrder, .inOrder, .reordered, .duplicate, .inOrder, .duplicate, .duplicate])
        XCTAssertEqual(statistics.reordered, 1)
        XCTAssertEqual(statistics.duplicates, 3)
        // RFC 3550 counts duplicates as received, so "lost" goes negative.
        XCTAssertEqual(statistics.packetsExpected, 5)
        XCTAssertEqual(statistics.packetsReceived, 8)
        XCTAssertEqual(statistics.cumulativeLost, -3)
        XCTAssertEqual(statistics.makeReportBlock(now: t0).cumulativeLost, -3)
    }

    func testDuplicateWindowAfterGap() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        feed(&statistics, Array(1...70))
        XCTAssertEqual(feed(&statistics, [300, 250, 250, 299, 299, 70, 205]),
                       [.inOrder, .reordered, .duplicate, .reordered, .duplicate, .badSequence, .reordered])
        // Base 2 (1 was on probation): expected 2...300 = 299; received 2...70 (69) + 6 valid = 75.
        XCTAssertEqual(statistics.packetsExpected, 299)
        XCTAssertEqual(statistics.packetsReceived, 75)
        XCTAssertEqual(statistics.cumulativeLost, 224)
    }

    func testLargeJumpNeedsConfirmation() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        feed(&statistics, Array(10...20))
        XCTAssertEqual(feed(&statistics, [30_000]), [.badSequence])
        XCTAssertEqual(statistics.extendedHighestSequenceNumber, 20)
        XCTAssertEqual(feed(&statistics, [21]), [.inOrder])
        XCTAssertEqual(feed(&statistics, [40_000, 40_001]), [.badSequence, .restarted])
        XCTAssertEqual(statistics.baseSequenceNumber, 40_001)
        XCTAssertEqual(statistics.packetsReceived, 1)
        XCTAssertEqual(statistics.invalidPackets, 3)   // probation + two bad jumps
    }

    func testGapWithinDropoutCountsAsLoss() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        feed(&statistics, [1, 2, 3])
        XCTAssertEqual(feed(&statistics, [2_000]), [.inOrder])   // < MAX_DROPOUT ahead
        XCTAssertEqual(statistics.cumulativeLost, 1_996)
    }

    func testFivePercentLossAndFractionPerInterval() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        // 2000 packets from 1000, every 20th (i % 20 == 10) dropped: 100 drops.
        let sent = (0..<2000).map { UInt16(1000 + $0) }
        let delivered = sent.enumerated().filter { $0.offset % 20 != 10 }.map(\.element)
        feed(&statistics, delivered)
        // Probation consumes seq 1000, so the base is 1001: expected 1999, received 1899.
        XCTAssertEqual(statistics.packetsExpected, 1999)
        XCTAssertEqual(statistics.cumulativeLost, 100)
        let first = statistics.makeReportBlock(now: t0 + .seconds(40))
        XCTAssertEqual(first.cumulativeLost, 100)
        XCTAssertEqual(first.fractionLost, UInt8(100 * 256 / 1999))    // 12 ≈ 5 %
        XCTAssertEqual(first.fractionLostRatio, 0.05, accuracy: 0.005)
        XCTAssertEqual(first.extendedHighestSequenceNumber, 2999)

        // Next interval: 100 packets, none lost → 0; then 100 with 10 lost → 10 %.
        feed(&statistics, (3000..<3100).map { UInt16($0) })
        XCTAssertEqual(statistics.makeReportBlock(now: t0 + .seconds(45)).fractionLost, 0)
        feed(&statistics, (3100..<3200).filter { $0 % 10 != 0 }.map { UInt16($0) })
        let third = statistics.makeReportBlock(now: t0 + .seconds(50))
        XCTAssertEqual(third.fractionLost, UInt8(10 * 256 / 100))
        XCTAssertEqual(third.cumulativeLost, 110)
        // An empty interval reports 0.
        XCTAssertEqual(statistics.makeReportBlock(now: t0 + .seconds(55)).fractionLost, 0)
    }

    func testJitterIsZeroForConstantTransit() {
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        for index in 0..<200 {
            // Constant 37 ms network delay, random starting timestamp.
            statistics.update(sequenceNumber: UInt16(index), rtpTimestamp: 0xFFFF_0000 &+ UInt32(index * 960),
                              arrival: t0 + .milliseconds(37 + 20 * index))
        }
        XCTAssertEqual(statistics.jitter, 0, accuracy: 1e-9)
        XCTAssertEqual(statistics.makeReportBlock(now: t0 + .seconds(5)).jitter, 0)
    }

    func testJitterConvergesForAlternatingTransit() {
        // Transit alternates 0 / +10 ms: |D| = 10 ms = 480 ticks every packet, so J → 480 (A.8).
        var statistics = RTPReceiveStatistics(ssrc: 1, clockRate: 48_000)
        for index in 0..<300 {
            statistics.update(sequenceNumber: UInt16(index), rtpTimestamp: UInt32(index * 960),
                              arrival: t0 + .milliseconds(20 * index + (index % 2 == 1 ? 10 : 0)))
        }
        XCTAssertEqual(statistics.jitter, 480, accuracy: 1)
        XCTAssertEqual(statistics.jitterMs, 10, accuracy: 0.05)
        XCTAssertEqual(statistics.makeReportBlock(now: t0 + .seconds(10)).jitter, 479)   // 480·(1 − (15/16)^298), floored

        // Transit alternating ±10 ms around a mean: |D| = 20 ms → J → 960 ticks.
        var symmetric = RTPReceiveStatistics(ssrc: 2, clockRate: 48_000)
        for index in 0..<300 {
            symmetric.update(sequenceNumber: UInt16(index), rtpTimestamp: UInt32(index * 960),
                             arrival: t0 + .milliseconds(50 + 20 * index + (index % 2 == 1 ? 10 : -10)))
        }
        XCTAssertEqual(symmetric.jitterMs, 20, accuracy: 0.1)
    }

    func testReportBlockCarriesLSRAndDLSR() {
        var statistics = RTPReceiveStatistics(ssrc: 9, clockRate: 48_000)
        feed(&statistics, [1, 2, 3])
        let ntp = NTPTimestamp(seconds: 0xE1A2_B3C4, fraction: 0x8000_0000)
        statistics.senderReportReceived(ntpTimestamp: ntp, at: t0 + .seconds(1))
        let block = statistics.makeReportBlock(now: t0 + .milliseconds(2500))
        XCTAssertEqual(block.ssrc, 9)
        XCTAssertEqual(block.lastSenderReport, 0xB3C4_8000)
        XCTAssertEqual(block.delaySinceLastSenderReport, 98_304)   // 1.5 s × 65536
    }

    func testReportBlockWithoutSenderReportHasZeroLSR() {
        var statistics = RTPReceiveStatistics(ssrc: 9, clockRate: 48_000)
        feed(&statistics, [1, 2, 3])
        let block = statistics.makeReportBlock(now: t0 + .seconds(3))
        XCTAssertEqual(block.lastSenderReport, 0)
        XCTAssertEqual(block.delaySinceLastSenderReport, 0)
    }

    func testSendStatisticsExtrapolatesTimestamp() {
        var send = RTPSendStatistics(ssrc: 5, clockRate: 48_000)
        XCTAssertNil(send.makeSenderReport(now: t0, ntpTimestamp: NTPTimestamp(unixTime: 0)))
        send.record(rtpTimestamp: 0xFFFF_FF00, payloadBytes: 80, at: t0)
        send.record(rtpTimestamp: 0xFFFF_FF00 &+ 960, payloadBytes: 70, at: t0 + .milliseconds(20))
        let report = send.makeSenderReport(now: t0 + .milliseconds(70), ntpTimestamp: NTPTimestamp(unixTime: 100))
        XCTAssertEqual(report?.packetCount, 2)
        XCTAssertEqual(report?.octetCount, 150)
        XCTAssertEqual(report?.rtpTimestamp, 0xFFFF_FF00 &+ 960 &+ 2400)   // 50 ms later, wrapped
        XCTAssertEqual(report?.ntpTimestamp, NTPTimestamp(unixTime: 100))
    }
}
