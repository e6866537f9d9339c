import XCTest
@testable import RTP

final class RTCPGenericNACKTests: XCTestCase {
    typealias Entry = RTCPGenericNACK.Entry

    func testLossesWithin16OfPIDShareOneEntry() {
        // BLP bit i covers PID + i + 1, so one entry spans PID...PID+16.
        XCTAssertEqual(RTCPGenericNACK.entries(for: [100, 101, 116]), [Entry(packetID: 100, lostBitmask: 0x8001)])
    }

    func testLossesSpanningMoreThan16NeedTwoEntries() {
        // 117 is PID + 17: beyond BLP, so it starts a second entry.
        XCTAssertEqual(RTCPGenericNACK.entries(for: [100, 101, 117]), [
            Entry(packetID: 100, lostBitmask: 0x0001),
            Entry(packetID: 117, lostBitmask: 0x0000),
        ])
        XCTAssertEqual(RTCPGenericNACK.entries(for: Array(200...240)).count, 3)  // 41 packets: 17 + 17 + 7
    }

    func testUnorderedDuplicatedInputIsNormalized() {
        XCTAssertEqual(RTCPGenericNACK.entries(for: [103, 100, 103, 101]), [Entry(packetID: 100, lostBitmask: 0b101)])
        XCTAssertEqual(RTCPGenericNACK.entries(for: []), [])
    }

    func testEntriesAcrossSequenceWrap() {
        let entries = RTCPGenericNACK.entries(for: [0, 3, 65534, 65535])
        XCTAssertEqual(entries, [Entry(packetID: 65534, lostBitmask: 0b10011)])
        XCTAssertEqual(entries[0].lostSequenceNumbers, [65534, 65535, 0, 3])
    }

    func testDecodingExpandsBitmask() {
        let nack = RTCPGenericNACK(senderSSRC: 1, mediaSSRC: 2, entries: [
            Entry(packetID: 10, lostBitmask: 0x8002), Entry(packetID: 40, lostBitmask: 0),
        ])
        XCTAssertEqual(nack.lostSequenceNumbers, [10, 12, 26, 40])
    }

    func testWireFormatRoundTrip() throws {
        let nack = RTCPGenericNACK(senderSSRC: 0x0102_0304, mediaSSRC: 0x0A0B_0C0D, lostSequenceNumbers: [100, 101, 117])
        let bytes = RTCPCompound.serialize([.genericNACK(nack)])
        XCTAssertEqual(bytes, [
            0x81, 0xCD, 0x00, 0x04,
            0x01, 0x02, 0x03, 0x04,
            0x0A, 0x0B, 0x0C, 0x0D,
            0x00, 0x64, 0x00, 0x01,
            0x00, 0x75, 0x00, 0x00,
        ])
        let parsed = try RTCPCompound.parse(bytes)
        XCTAssertEqual(parsed, [.genericNACK(nack)])
        guard case let .genericNACK(decoded) = parsed.first else { return XCTFail() }
        XCTAssertEqual(decoded.lostSequenceNumbers, [100, 101, 117])
    }

    func testRandomLossSetsRoundTrip() {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<200 {
            let start = UInt16.random(in: 0...UInt16.max, using: &generator)
            let lost = Set((0..<Int.random(in: 1...60, using: &generator)).map { _ in
                start &+ UInt16.random(in: 0...200, using: &generator)
            })
            let nack = RTCPGenericNACK(senderSSRC: 1, mediaSSRC: 2, lostSequenceNumbers: Array(lost))
            XCTAssertEqual(Set(nack.lostSequenceNumbers), lost)
            XCTAssertEqual(nack.lostSequenceNumbers.count, lost.count)
        }
    }
}
