import XCTest
@testable import RTP

final class RTPPacketTests: XCTestCase {
    /// V=2 P=1 X=1 CC=2, M=1 PT=111, one-byte extension with two elements, 3 bytes of padding.
    static let oneByteExtensionPacket: [UInt8] = [
        0xB2, 0xEF, 0x12, 0x34,             // V P X CC | M PT | seq
        0xDE, 0xAD, 0xBE, 0xEF,             // timestamp
        0x01, 0x02, 0x03, 0x04,             // SSRC
        0x11, 0x11, 0x11, 0x11,             // CSRC 1
        0x22, 0x22, 0x22, 0x22,             // CSRC 2
        0xBE, 0xDE, 0x00, 0x02,             // one-byte profile, 2 words
        0x10, 0x7F, 0x31, 0xAA,             // id 1 L=0 [7F], id 3 L=1 [AA BB]
        0xBB, 0x00, 0x00, 0x00,             //   ... + zero padding
        0x01, 0x02, 0x03, 0x04, 0x05,       // payload
        0x00, 0x00, 0x03,                   // padding, count 3
    ]

    var oneByteExtensionPacket: [UInt8] { Self.oneByteExtensionPacket }

    func testParsesOneByteExtensionCSRCsAndPadding() throws {
        let packet = try RTPPacket(parsing: oneByteExtensionPacket)
        XCTAssertTrue(packet.marker)
        XCTAssertEqual(packet.payloadType, 111)
        XCTAssertEqual(packet.sequenceNumber, 0x1234)
        XCTAssertEqual(packet.timestamp, 0xDEAD_BEEF)
        XCTAssertEqual(packet.ssrc, 0x0102_0304)
        XCTAssertEqual(packet.csrcs, [0x1111_1111, 0x2222_2222])
        XCTAssertEqual(packet.headerExtension, .oneByte([
            RTPExtensionElement(id: 1, data: [0x7F]),
            RTPExtensionElement(id: 3, data: [0xAA, 0xBB]),
        ]))
        XCTAssertEqual(packet.headerExtension?.element(id: 3), [0xAA, 0xBB])
        XCTAssertEqual(packet.payload, [1, 2, 3, 4, 5])
        XCTAssertEqual(packet.paddingLength, 3)
        XCTAssertEqual(packet.serializedSize, oneByteExtensionPacket.count)
        XCTAssertEqual(try packet.serialize(), oneByteExtensionPacket)
    }

    func testBuildsOneByteExtensionPacketBitExact() throws {
        let packet = RTPPacket(
            marker: true, payloadType: 111, sequenceNumber: 0x1234, timestamp: 0xDEAD_BEEF, ssrc: 0x0102_0304,
            csrcs: [0x1111_1111, 0x2222_2222],
            headerExtension: .oneByte([RTPExtensionElement(id: 1, data: [0x7F]), RTPExtensionElement(id: 3, data: [0xAA, 0xBB])]),
            payload: [1, 2, 3, 4, 5], paddingLength: 3)
        XCTAssertEqual(try packet.serialize(), oneByteExtensionPacket)
    }

    func testTwoByteExtensionRoundTrip() throws {
        let bytes: [UInt8] = [
            0x90, 0x60, 0x00, 0x01,             // V=2 X=1 CC=0 | PT=96 | seq 1
            0x00, 0x00, 0x03, 0xC0,             // timestamp 960
            0xCA, 0xFE, 0xBA, 0xBE,             // SSRC
            0x10, 0x03, 0x00, 0x02,             // two-byte profile, appbits 3, 2 words
            0x05, 0x00, 0xC8, 0x03,             // id 5 len 0 | id 200 len 3
            0x09, 0x08, 0x07, 0x00,             // [9 8 7] + pad
            0xF8, 0xFF, 0xFE,                   // payload
        ]
        let packet = try RTPPacket(parsing: bytes)
        XCTAssertEqual(packet.headerExtension, .twoByte([
            RTPExtensionElement(id: 5, data: []),
            RTPExtensionElement(id: 200, data: [9, 8, 7]),
        ], appBits: 3))
        XCTAssertEqual(packet.payload, [0xF8, 0xFF, 0xFE])
        XCTAssertEqual(packet.paddingLength, 0)
        XCTAssertFalse(packet.marker)
        XCTAssertEqual(try packet.serialize(), bytes)
    }

    func testUnknownExtensionProfileKeptRaw() throws {
        let bytes: [UInt8] = [
            0x90, 0x00, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 1,
            0xAB, 0xCD, 0x00, 0x01, 1, 2, 3, 4,
            0x42,
        ]
        let packet = try RTPPacket(parsing: bytes)
        XCTAssertEqual(packet.headerExtension, .raw(profile: 0xABCD, data: [1, 2, 3, 4]))
        XCTAssertEqual(packet.payload, [0x42])
        XCTAssertEqual(try packet.serialize(), bytes)
    }

    func testOneByteExtensionStopsAtID15() throws {
        let bytes: [UInt8] = [
            0x90, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1,
            0xBE, 0xDE, 0x00, 0x01, 0x20, 0x55, 0xF3, 0x99,   // id 2 [55], then id 15: stop
        ]
        let packet = try RTPPacket(parsing: bytes)
        XCTAssertEqual(packet.headerExtension?.elements, [RTPExtensionElement(id: 2, data: [0x55])])
        XCTAssertEqual(packet.payload, [])

        // ID 0 with a nonzero length is not padding: processing stops there as well.
        var zeroID = bytes
        zeroID[18] = 0x03
        XCTAssertEqual(try RTPPacket(parsing: zeroID).headerExtension?.elements, [RTPExtensionElement(id: 2, data: [0x55])])
    }

    func testParsingFromSliceAndRawBufferMatches() throws {
        let framed = [0xEE, 0xEE] + oneByteExtensionPacket + [0xEE]
        let fromSlice = try RTPPacket(parsing: framed[2..<(framed.count - 1)])
        let fromBuffer = try oneByteExtensionPacket.withUnsafeBytes { try RTPPacket(parsing: $0) }
        let reference = try RTPPacket(parsing: oneByteExtensionPacket)
        XCTAssertEqual(fromSlice, reference)
        XCTAssertEqual(fromBuffer, reference)
    }

    func testMinimalPacketRoundTrip() throws {
        let packet = RTPPacket(payloadType: 111, sequenceNumber: 65535, timestamp: 0, ssrc: 7, payload: [])
        let bytes = try packet.serialize()
        XCTAssertEqual(bytes, [0x80, 0x6F, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 7])
        XCTAssertEqual(try RTPPacket(parsing: bytes), packet)
    }

    func testMalformedPacketsThrow() {
        let header: [UInt8] = [0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]
        let cases: [(String, [UInt8])] = [
            ("empty", []),
            ("truncated header", Array(header.prefix(11))),
            ("version 0", [0x00] + header.dropFirst()),
            ("version 1", [0x40] + header.dropFirst()),
            ("version 3", [0xC0] + header.dropFirst()),
            ("CC=3 overruns", [0x83] + header.dropFirst() + [0, 0, 0, 1, 0, 0, 0, 2]),
            ("CC=15 with nothing", [0x8F] + header.dropFirst()),
            ("extension header truncated", [0x90] + header.dropFirst() + [0xBE, 0xDE]),
            ("extension length overruns", [0x90] + header.dropFirst() + [0xBE, 0xDE, 0x00, 0x05, 0x10, 0x01, 0, 0]),
            ("one-byte element overruns", [0x90] + header.dropFirst() + [0xBE, 0xDE, 0x00, 0x01, 0x1F, 0x01, 0x02, 0x03]),
            ("two-byte element without length", [0x90] + header.dropFirst() + [0x10, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07]),
            ("two-byte element overruns", [0x90] + header.dropFirst() + [0x10, 0x00, 0x00, 0x01, 0x07, 0x09, 0x01, 0x02]),
            ("padding count 0", [0xA0] + header.dropFirst() + [1, 2, 0]),
            ("padding count > payload", [0xA0] + header.dropFirst() + [1, 2, 200]),
            ("padding alone but too large", [0xA0] + header.dropFirst() + [2]),
            ("padding eats the extension", [0xB0] + header.dropFirst() + [0xBE, 0xDE, 0x00, 0x01, 0x10, 0x01, 0x00, 0x04]),
        ]
        for (name, bytes) in cases {
            XCTAssertThrowsError(try RTPPacket(parsing: bytes), name) { error in
                XCTAssertTrue(error is RTPError, name)
            }
        }
    }

    func testMalformedErrorsAreSpecific() {
        let header: [UInt8] = [0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]
        XCTAssertThrowsError(try RTPPacket(parsing: [0x40] + header.dropFirst())) {
            XCTAssertEqual($0 as? RTPError, .unsupportedVersion(1))
        }
        XCTAssertThrowsError(try RTPPacket(parsing: [0xA0] + header.dropFirst() + [0])) {
            guard case .invalidPadding = $0 as? RTPError else { return XCTFail("\($0)") }
        }
    }

    func testUnencodableFieldsThrowOnSerialize() {
        var packet = RTPPacket(payloadType: 128, sequenceNumber: 0, timestamp: 0, ssrc: 0, payload: [])
        XCTAssertThrowsError(try packet.serialize())
        packet.payloadType = 0
        packet.csrcs = Array(repeating: 1, count: 16)
        XCTAssertThrowsError(try packet.serialize())
        packet.csrcs = []
        packet.headerExtension = .oneByte([RTPExtensionElement(id: 15, data: [1])])
        XCTAssertThrowsError(try packet.serialize())
        packet.headerExtension = .oneByte([RTPExtensionElement(id: 1, data: Array(repeating: 0, count: 17))])
        XCTAssertThrowsError(try packet.serialize())
        packet.headerExtension = .twoByte([RTPExtensionElement(id: 0, data: [])])
        XCTAssertThrowsError(try packet.serialize())
        packet.headerExtension = .raw(profile: 1, data: [1, 2, 3])
        XCTAssertThrowsError(try packet.serialize())
        packet.headerExtension = .twoByte([RTPExtensionElement(id: 20, data: Array(repeating: 1, count: 255))])
        XCTAssertNoThrow(try packet.serialize())
    }

    func testRTCPMuxDemultiplexing() {
        // RFC 5761 §4: PT 64...95 after masking the marker bit is RTCP.
        XCTAssertTrue(RTPPacket.isRTCP(payloadTypeByte: 200))   // SR
        XCTAssertTrue(RTPPacket.isRTCP(payloadTypeByte: 201))   // RR
        XCTAssertTrue(RTPPacket.isRTCP(payloadTypeByte: 206))   // PSFB
        XCTAssertTrue(RTPPacket.isRTCP(payloadTypeByte: 192))   // 64 | marker
        XCTAssertTrue(RTPPacket.isRTCP(payloadTypeByte: 223))   // 95 | marker
        XCTAssertFalse(RTPPacket.isRTCP(payloadTypeByte: 191))  // 63 | marker
        XCTAssertFalse(RTPPacket.isRTCP(payloadTypeByte: 224))  // 96 | marker
        XCTAssertFalse(RTPPacket.isRTCP(payloadTypeByte: 111))  // Opus
        XCTAssertFalse(RTPPacket.isRTCP(payloadTypeByte: 0xEF)) // Opus with marker
        XCTAssertTrue(RTPPacket.isRTCP(datagram: [0x80, 0xC8]))
        XCTAssertFalse(RTPPacket.isRTCP(datagram: [0x80]))
    }
}
