import XCTest
@testable import RTP

final class RTCPReporterTests: XCTestCase {
    let t0 = ContinuousClock.now
    let wall0 = 1_763_900_000.0

    func configuration(ssrc: UInt32, randomization: Double = 0) -> RTCPReporter.Configuration {
        RTCPReporter.Configuration(localSSRC: ssrc, cname: "cname-\(ssrc)", interval: .seconds(5), randomization: randomization)
    }

    func testFixedIntervalSchedule() throws {
        var reporter = RTCPReporter(configuration: configuration(ssrc: 1), now: t0, wallClock: wall0)
        XCTAssertEqual(reporter.pollTimeout(), t0 + .milliseconds(2500))   // first: half an interval
        XCTAssertNil(reporter.pollTransmit(now: t0 + .milliseconds(2499)))
        let first = try XCTUnwrap(reporter.pollTransmit(now: t0 + .milliseconds(2500)))
        XCTAssertEqual(try RTCPCompound.parse(first), [
            .receiverReport(RTCPReceiverReport(ssrc: 1)),
            .sourceDescription(RTCPSourceDescription(ssrc: 1, cname: "cname-1")),
        ])
        XCTAssertEqual(reporter.pollTimeout(), t0 + .milliseconds(7500))
        XCTAssertNil(reporter.pollTransmit(now: t0 + .seconds(7)))
        // A late poll reschedules from when it actually ran.
        XCTAssertNotNil(reporter.pollTransmit(now: t0 + .seconds(8)))
        XCTAssertEqual(reporter.pollTimeout(), t0 + .seconds(13))
        XCTAssertEqual(reporter.stats.reportsSent, 2)
    }

    func testInitialDelayOverride() {
        var config = configuration(ssrc: 1)
        config.initialDelay = .milliseconds(100)
        let reporter = RTCPReporter(configuration: config, now: t0, wallClock: wall0)
        XCTAssertEqual(reporter.pollTimeout(), t0 + .milliseconds(100))
    }

    func testRandomizedIntervalsStayInRangeAndAreReproducible() {
        var a = RTCPReporter(configuration: configuration(ssrc: 1, randomization: 0.5), now: t0, wallClock: wall0)
        var b = RTCPReporter(configuration: configuration(ssrc: 1, randomization: 0.5), now: t0, wallClock: wall0)
        var now = a.pollTimeout()
        XCTAssertEqual(now, b.pollTimeout())
        var intervals: Set<Duration> = []
        for _ in 0..<50 {
            XCTAssertNotNil(a.pollTransmit(now: now))
            XCTAssertNotNil(b.pollTransmit(now: now))
            let next = a.pollTimeout()
            XCTAssertEqual(next, b.pollTimeout())
            XCTAssertGreaterThanOrEqual(next - now, .milliseconds(2500))
            XCTAssertLessThanOrEqual(next - now, .milliseconds(7500))
            intervals.insert(next - now)
            now = next
        }
        XCTAssertGreaterThan(intervals.count, 10)
    }

    func testSenderReportOnlyAfterSending() throws {
        var reporter = RTCPReporter(configuration: configuration(ssrc: 1), now: t0, wallClock: wall0)
        for index in 0..<100 {
            reporter.didSendRTP(rtpTimestamp: 1000 + UInt32(index * 960), payloadBytes: 60, now: t0 + .milliseconds(20 * index))
        }
        let bytes = try XCTUnwrap(reporter.pollTransmit(now: t0 + .milliseconds(2500)))
        let packets = try RTCPCompound.parse(bytes)
        guard case let .senderReport(report) = packets.first else { return XCTFail("\(packets)") }
        XCTAssertEqual(report.ssrc, 1)
        XCTAssertEqual(report.packetCount, 100)
        XCTAssertEqual(report.octetCount, 6000)
        // Last packet at 1980 ms with ts 1000 + 99·960; 520 ms later → +24 960 ticks.
        XCTAssertEqual(report.rtpTimestamp, 1000 + 99 * 960 + 24_960)
        XCTAssertEqual(report.ntpTimestamp.unixTime, wall0 + 2.5, accuracy: 1e-6)
        XCTAssertEqual(packets.last, .sourceDescription(RTCPSourceDescription(ssrc: 1, cname: "cname-1")))

        // Nothing sent since: the next report is an RR.
        let next = try RTCPCompound.parse(try XCTUnwrap(reporter.pollTransmit(now: reporter.pollTimeout())))
        guard case .receiverReport = next.first else { return XCTFail("\(next)") }
    }

    /// Two reporters in lock-step with 50 ms one-way delay and 5 % loss from B to A.
    func testTwoPartySessionRTTLossAndJitter() throws {
        var a = RTCPReporter(configuration: configuration(ssrc: 0xA), now: t0, wallClock: wall0)
        // B's wall clock is off by an hour: RTT must not depend on it.
        var b = RTCPReporter(configuration: configuration(ssrc: 0xB), now: t0, wallClock: wall0 + 3600)
        let delay = Duration.milliseconds(50)
        for index in 0..<200 {
            let sentAt = t0 + .milliseconds(20 * index)
            let timestamp = UInt32(index * 960)
            a.didSendRTP(rtpTimestamp: timestamp, payloadBytes: 80, now: sentAt)
            b.didReceiveRTP(ssrc: 0xA, sequenceNumber: UInt16(index), rtpTimestamp: timestamp, payloadBytes: 80, now: sentAt + delay)
            b.didSendRTP(rtpTimestamp: timestamp, payloadBytes: 90, now: sentAt)
            if index % 20 != 7 {
                a.didReceiveRTP(ssrc: 0xB, sequenceNumber: UInt16(index), rtpTimestamp: timestamp, payloadBytes: 90, now: sentAt + delay)
            }
        }
        // A's SR at 4 s reaches B at 4.05 s.
        let srAt = t0 + .seconds(4)
        let aReport = a.makeReport(now: srAt)
        // A's SR carries a block about B's stream, without LSR (B sent no SR yet): no RTT for B.
        let bEvents = b.handleRTCP(aReport, now: srAt + delay)
        guard case let .reportBlock(blockAboutB, rttB)? = bEvents.first, bEvents.count == 1 else { return XCTFail("\(bEvents)") }
        XCTAssertEqual(blockAboutB.ssrc, 0xB)
        XCTAssertEqual(blockAboutB.cumulativeLost, 10)
        XCTAssertNil(rttB)
        // B reports 0.7 s later; it reaches A 50 ms after that.
        let rrAt = srAt + delay + .milliseconds(700)
        let bReport = RTCPCompound.serialize(b.makeReport(now: rrAt))
        let events = try a.handleRTCP(bytes: bReport, now: rrAt + delay)
        guard case let .reportBlock(block, rtt)? = events.first else { return XCTFail("\(events)") }
        XCTAssertEqual(block.ssrc, 0xA)
        XCTAssertEqual(block.cumulativeLost, 0)
        XCTAssertEqual(rtt ?? -1, 0.100, accuracy: 0.001)

        let statsA = a.stats
        XCTAssertEqual(statsA.rttMs ?? -1, 100, accuracy: 1)
        XCTAssertEqual(statsA.packetsSent, 200)
        XCTAssertEqual(statsA.bytesSent, 16_000)
        XCTAssertEqual(statsA.packetsReceived, 189)          // 190 delivered, first one on probation
        XCTAssertEqual(statsA.bytesReceived, 189 * 90)
        XCTAssertEqual(statsA.packetsLost, 10)
        XCTAssertEqual(statsA.fractionLost, Double(10 * 256 / 199) / 256, accuracy: 1e-9)   // from aReport's block
        XCTAssertEqual(statsA.jitterMs, 0, accuracy: 1e-9)
        XCTAssertEqual(statsA.remotePacketsLost, 0)
        XCTAssertEqual(statsA.remoteFractionLost, 0)
        XCTAssertEqual(statsA.reportsReceived, 1)

        XCTAssertNil(b.stats.rttMs)
        XCTAssertEqual(b.stats.remotePacketsLost, 10)
        XCTAssertEqual(b.stats.packetsLost, 0)
    }

    func testBlockAboutOurStreamYieldsEventWithoutLSR() {
        var a = RTCPReporter(configuration: configuration(ssrc: 0xA), now: t0, wallClock: wall0)
        let block = ReportBlock(ssrc: 0xA, fractionLost: 128, cumulativeLost: 42, extendedHighestSequenceNumber: 500,
                                jitter: 960, lastSenderReport: 0, delaySinceLastSenderReport: 0)
        let other = ReportBlock(ssrc: 0xC, fractionLost: 0, cumulativeLost: 0, extendedHighestSequenceNumber: 0,
                                jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
        let events = a.handleRTCP([.receiverReport(RTCPReceiverReport(ssrc: 0xB, reportBlocks: [other, block]))], now: t0)
        XCTAssertEqual(events, [.reportBlock(block, roundTripTime: nil)])
        XCTAssertNil(a.stats.rttMs)
        XCTAssertEqual(a.stats.remotePacketsLost, 42)
        XCTAssertEqual(a.stats.remoteFractionLost, 0.5)
        XCTAssertEqual(a.stats.remoteJitterMs, 20)
    }

    func testFeedbackIsCountedAndReported() throws {
        var a = RTCPReporter(configuration: configuration(ssrc: 0xA), now: t0, wallClock: wall0)
        let b = RTCPReporter(configuration: configuration(ssrc: 0xB), now: t0, wallClock: wall0)
        let nack = b.makeNACK(mediaSSRC: 0xA, lostSequenceNumbers: [100, 101, 117])
        let pli = b.makePLI(mediaSSRC: 0xA)
        var events = try a.handleRTCP(bytes: nack, now: t0)
        events += try a.handleRTCP(bytes: pli, now: t0)
        events += a.handleRTCP([.bye(RTCPBye(sources: [0xB], reason: "done"))], now: t0)
        XCTAssertEqual(events, [
            .nack(mediaSSRC: 0xA, lostSequenceNumbers: [100, 101, 117]),
            .pictureLossIndication(mediaSSRC: 0xA),
            .bye(sources: [0xB], reason: "done"),
        ])
        XCTAssertEqual(a.stats.nacksReceived, 1)
        XCTAssertEqual(a.stats.nackedPacketsReceived, 3)
        XCTAssertEqual(a.stats.plisReceived, 1)
    }

    func testByeCompoundStartsWithReport() throws {
        var a = RTCPReporter(configuration: configuration(ssrc: 0xA), now: t0, wallClock: wall0)
        let packets = try RTCPCompound.parse(a.makeBye(now: t0 + .seconds(1), reason: "bye"))
        XCTAssertEqual(packets.count, 3)
        guard case .receiverReport = packets[0] else { return XCTFail() }
        XCTAssertEqual(packets[2], .bye(RTCPBye(sources: [0xA], reason: "bye")))
    }

    func testMalformedRTCPBytesThrow() {
        var a = RTCPReporter(configuration: configuration(ssrc: 0xA), now: t0, wallClock: wall0)
        XCTAssertThrowsError(try a.handleRTCP(bytes: [0x80, 0xC9, 0x00, 0x09], now: t0))
    }
}
