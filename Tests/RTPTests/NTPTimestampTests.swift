import Foundation
import XCTest
@testable import RTP

final class NTPTimestampTests: XCTestCase {
    func testUnixEpochAndFraction() {
        XCTAssertEqual(NTPTimestamp(unixTime: 0), NTPTimestamp(seconds: 2_208_988_800, fraction: 0))
        XCTAssertEqual(NTPTimestamp(unixTime: 1.5), NTPTimestamp(seconds: 2_208_988_801, fraction: 0x8000_0000))
        XCTAssertEqual(NTPTimestamp(unixTime: 1.25).rawValue, UInt64(2_208_988_801) << 32 | 0x4000_0000)
    }

    func testRoundTripsWallClock() {
        let unix = 1_763_900_000.123456
        XCTAssertEqual(NTPTimestamp(unixTime: unix).unixTime, unix, accuracy: 1e-6)
        let date = Date(timeIntervalSince1970: unix)
        XCTAssertEqual(NTPTimestamp(date: date).date.timeIntervalSince1970, unix, accuracy: 1e-6)
    }

    func testEra1AfterFebruary2036() {
        // 2040-01-01T00:00:00Z = 2208988800 s since 1970; NTP seconds wrap past 2^32.
        let unix = 2_208_988_800.0
        let ntp = NTPTimestamp(unixTime: unix)
        XCTAssertEqual(ntp.seconds, UInt32(truncatingIfNeeded: UInt64(2 * 2_208_988_800)))
        XCTAssertEqual(ntp.unixTime, unix, accuracy: 1e-6)
    }

    func testMiddle32() {
        let ntp = NTPTimestamp(seconds: 0xE1A2_B3C4, fraction: 0x8000_1234)
        XCTAssertEqual(ntp.middle32, 0xB3C4_8000)
    }

    func testRoundTripTimeFromCraftedReport() {
        // SR sent at 1.0 s (LSR), held 0.5 s by the peer (DLSR), report back at 1.75 s → 0.25 s.
        let block = ReportBlock(ssrc: 1, fractionLost: 0, cumulativeLost: 0, extendedHighestSequenceNumber: 0, jitter: 0,
                                lastSenderReport: 0x0001_0000, delaySinceLastSenderReport: 0x0000_8000)
        XCTAssertEqual(block.roundTripTime(arrival: NTPTimestamp(seconds: 1, fraction: 0xC000_0000)), 0.25)
    }

    func testRoundTripTimeAcrossShortFormatWrap() {
        // LSR just below the 16-bit seconds wrap; A 1.5 s later; DLSR 0.25 s → 1.25 s.
        XCTAssertEqual(ReportBlock.roundTripTime(arrivalMiddle32: 0x0000_8000, lastSenderReport: 0xFFFF_0000,
                                                 delaySinceLastSenderReport: 0x4000), 1.25)
    }

    func testRoundTripTimeWithoutSenderReportIsNil() {
        XCTAssertNil(ReportBlock.roundTripTime(arrivalMiddle32: 5, lastSenderReport: 0, delaySinceLastSenderReport: 0))
        // A DLSR larger than the elapsed time clamps to 0 instead of going negative.
        XCTAssertEqual(ReportBlock.roundTripTime(arrivalMiddle32: 0x0001_0000, lastSenderReport: 0x0000_8000,
                                                 delaySinceLastSenderReport: 0x0001_0000), 0)
    }

    func testRoundTripTimeFromRealWallClock() {
        let sentAt = 1_763_900_000.0
        let lsr = NTPTimestamp(unixTime: sentAt).middle32
        let block = ReportBlock(ssrc: 1, fractionLost: 0, cumulativeLost: 0, extendedHighestSequenceNumber: 0, jitter: 0,
                                lastSenderReport: lsr, delaySinceLastSenderReport: 65536 * 2)   // 2 s hold
        let rtt = block.roundTripTime(arrival: NTPTimestamp(unixTime: sentAt + 2.080))
        XCTAssertEqual(rtt ?? -1, 0.080, accuracy: 1.0 / 65536 * 2)
    }
}
