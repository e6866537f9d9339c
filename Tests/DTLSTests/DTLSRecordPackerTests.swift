import ParleyCrypto
import XCTest

/// `DTLSRecordPacker`: cutting a memory-BIO byte stream into datagrams (RFC 6347 §4.1).
final class DTLSRecordPackerTests: XCTestCase {
    func record(type: UInt8 = 22, bodyLength: Int, fill: UInt8) -> [UInt8] {
        [type, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 1, UInt8(bodyLength >> 8), UInt8(bodyLength & 0xff)]
            + [UInt8](repeating: fill, count: bodyLength)
    }

    func testPacksWholeRecordsUpToTheMTU() {
        let a = record(bodyLength: 500, fill: 1)   // 513 bytes
        let b = record(bodyLength: 600, fill: 2)   // 613: a + b = 1126 fits, + c would not
        let c = record(bodyLength: 100, fill: 3)   // 113
        let datagrams = DTLSRecordPacker.datagrams(from: a + b + c, mtu: 1200)
        XCTAssertEqual(datagrams, [a + b, c])
    }

    func testOversizedRecordGetsItsOwnDatagram() {
        let big = record(bodyLength: 1500, fill: 9)
        let small = record(bodyLength: 10, fill: 8)
        XCTAssertEqual(DTLSRecordPacker.datagrams(from: small + big + small, mtu: 1200), [small, big, small])
    }

    func testEmptyAndTruncatedInput() {
        XCTAssertEqual(DTLSRecordPacker.datagrams(from: [], mtu: 1200), [])
        let good = record(bodyLength: 20, fill: 5)
        let truncated = Array(record(bodyLength: 50, fill: 6).prefix(30))
        // The broken tail is kept, not dropped or trapped on.
        XCTAssertEqual(DTLSRecordPacker.datagrams(from: good + truncated, mtu: 1200), [good + truncated])
        XCTAssertEqual(DTLSRecordPacker.datagrams(from: [22, 0xfe], mtu: 1200), [[22, 0xfe]])
    }
}
