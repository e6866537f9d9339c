import XCTest
@testable import RTP

final class RTCPCompoundTests: XCTestCase {
    static let senderReportAndSDES: [UInt8] = [
        // SR, RC=1, length 12
        0x81, 0xC8, 0x00, 0x0C,
        0x11, 0x22, 0x33, 0x44,             // sender SSRC
        0xE1, 0xA2, 0xB3, 0xC4,             // NTP msw
        0x80, 0x00, 0x00, 0x00,             // NTP lsw (0.5 s)
        0x00, 0x01, 0x00, 0x00,             // RTP timestamp
        0x00, 0x00, 0x00, 0x64,             // packet count 100
        0x00, 0x00, 0x3E, 0x80,             // octet count 16000
        0x55, 0x66, 0x77, 0x88,             // block SSRC
        0x40, 0xFF, 0xFF, 0xFE,             // fraction 64/256, cumulative −2
        0x00, 0x01, 0xFF, 0xFF,             // extended highest seq
        0x00, 0x00, 0x00, 0x20,             // jitter 32
        0xB3, 0xC4, 0x80, 0x00,             // LSR
        0x00, 0x01, 0x00, 0x00,             // DLSR 1 s
        // SDES, SC=1, length 3
        0x81, 0xCA, 0x00, 0x03,
        0x11, 0x22, 0x33, 0x44,
        0x01, 0x04, 0x61, 0x62,             // CNAME "abcd"
        0x63, 0x64, 0x00, 0x00,             // ... null + pad
    ]

    static let receiverReportAndBye: [UInt8] = [
        0x80, 0xC9, 0x00, 0x01, 0xAA, 0xBB, 0xCC, 0xDD,             // RR, RC=0
        0x81, 0xCB, 0x00, 0x02, 0xAA, 0xBB, 0xCC, 0xDD,             // BYE, SC=1
        0x03, 0x62, 0x79, 0x65,                                     // reason "bye"
    ]

    var senderReportAndSDES: [UInt8] { Self.senderReportAndSDES }
    var receiverReportAndBye: [UInt8] { Self.receiverReportAndBye }

    func testSenderReportAndSDESRoundTrip() throws {
        let packets = try RTCPCompound.parse(senderReportAndSDES)
        let expectedBlock = ReportBlock(ssrc: 0x5566_7788, fractionLost: 0x40, cumulativeLost: -2,
                                        extendedHighestSequenceNumber: 0x0001_FFFF, jitter: 32,
                                        lastSenderReport: 0xB3C4_8000, delaySinceLastSenderReport: 0x0001_0000)
        XCTAssertEqual(packets, [
            .senderReport(RTCPSenderReport(ssrc: 0x1122_3344,
                                           ntpTimestamp: NTPTimestamp(seconds: 0xE1A2_B3C4, fraction: 0x8000_0000),
                                           rtpTimestamp: 0x0001_0000, packetCount: 100, octetCount: 16000,
                                           reportBlocks: [expectedBlock])),
            .sourceDescription(RTCPSourceDescription(ssrc: 0x1122_3344, cname: "abcd")),
        ])
        guard case let .sourceDescription(sdes) = packets[1] else { return XCTFail() }
        XCTAssertEqual(sdes.chunks.first?.cname, "abcd")
        XCTAssertEqual(expectedBlock.fractionLostRatio, 0.25)
        XCTAssertEqual(RTCPCompound.serialize(packets), senderReportAndSDES)
    }

    func testReceiverReportAndByeRoundTrip() throws {
        let packets = try RTCPCompound.parse(receiverReportAndBye)
        XCTAssertEqual(packets, [
            .receiverReport(RTCPReceiverReport(ssrc: 0xAABB_CCDD)),
            .bye(RTCPBye(sources: [0xAABB_CCDD], reason: "bye")),
        ])
        XCTAssertEqual(RTCPCompound.serialize(packets), receiverReportAndBye)
    }

    func testSDESKeepsOtherItemsAndAlignsChunks() throws {
        let description = RTCPSourceDescription(chunks: [
            SDESChunk(source: 1, items: [.cname("ab"), SDESItem(type: 2, value: Array("Name".utf8)), SDESItem(type: 8, value: [1, 2])]),
            SDESChunk(source: 2, items: [.cname("12")]),   // 4 + 2 + 2 = 8 → needs 4 nulls
        ])
        let bytes = RTCPCompound.serialize([.sourceDescription(description)])
        XCTAssertEqual(bytes.count % 4, 0)
        XCTAssertEqual(Array(bytes[(bytes.count - 8)...]), [0x01, 0x02, 0x31, 0x32, 0, 0, 0, 0])
        XCTAssertEqual(try RTCPCompound.parse(bytes), [.sourceDescription(description)])
    }

    func testByeWithoutReasonAndManySources() throws {
        let bye = RTCPBye(sources: [1, 2, 3])
        let bytes = RTCPCompound.serialize([.bye(bye)])
        XCTAssertEqual(bytes, [0x83, 0xCB, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3])
        XCTAssertEqual(try RTCPCompound.parse(bytes), [.bye(bye)])
    }

    func testPictureLossIndicationRoundTrip() throws {
        let bytes: [UInt8] = [0x81, 0xCE, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78]
        let packets = try RTCPCompound.parse(bytes)
        XCTAssertEqual(packets, [.pictureLossIndication(RTCPPictureLossIndication(senderSSRC: 1, mediaSSRC: 0x1234_5678))])
        XCTAssertEqual(RTCPCompound.serialize(packets), bytes)
    }

    func testFullIntraRequestRoundTrip() throws {
        let bytes: [UInt8] = [0x84, 0xCE, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 0, 0x0A, 0x0B, 0x0C, 0x0D, 0x07, 0, 0, 0]
        let packets = try RTCPCompound.parse(bytes)
        XCTAssertEqual(packets, [.fullIntraRequest(RTCPFullIntraRequest(senderSSRC: 1, entries: [.init(ssrc: 0x0A0B_0C0D, sequenceNumber: 7)]))])
        XCTAssertEqual(RTCPCompound.serialize(packets), bytes)
    }

    func testUnknownPacketsKeptVerbatim() throws {
        // APP (204) and a transport-wide CC feedback (RTPFB FMT=15) after an RR.
        let app: [UInt8] = [0x80, 0xCC, 0x00, 0x02, 0, 0, 0, 9, 0x54, 0x45, 0x53, 0x54]
        let twcc: [UInt8] = [0x8F, 0xCD, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2]
        let bytes = receiverReportAndBye.prefix(8) + app + twcc
        let packets = try RTCPCompound.parse(Array(bytes))
        XCTAssertEqual(packets.count, 3)
        XCTAssertEqual(packets[1], .unknown(payloadType: 204, bytes: app))
        XCTAssertEqual(packets[2], .unknown(payloadType: 205, bytes: twcc))
        XCTAssertEqual(RTCPCompound.serialize(packets), Array(bytes))
    }

    func testPaddingOnLastPacketIsRemoved() throws {
        // RR with 4 bytes of padding (P bit, length 2, last byte 4).
        let bytes: [UInt8] = [0xA0, 0xC9, 0x00, 0x02, 0, 0, 0, 5, 0, 0, 0, 4]
        XCTAssertEqual(try RTCPCompound.parse(bytes), [.receiverReport(RTCPReceiverReport(ssrc: 5))])
    }

    func testCumulativeLostClampsTo24Bits() throws {
        let block = ReportBlock(ssrc: 1, fractionLost: 0, cumulativeLost: 10_000_000, extendedHighestSequenceNumber: 0,
                                jitter: 0, lastSenderReport: 0, delaySinceLastSenderReport: 0)
        let bytes = RTCPCompound.serialize([.receiverReport(RTCPReceiverReport(ssrc: 2, reportBlocks: [block]))])
        guard case let .receiverReport(report) = try RTCPCompound.parse(bytes).first else { return XCTFail() }
        XCTAssertEqual(report.reportBlocks.first?.cumulativeLost, 0x7F_FFFF)
    }

    func testMalformedCompoundsThrow() {
        let rr: [UInt8] = [0x80, 0xC9, 0x00, 0x01, 0, 0, 0, 5]
        let cases: [(String, [UInt8])] = [
            ("empty", []),
            ("truncated header", [0x80, 0xC9, 0x00]),
            ("version 1", [0x40, 0xC9, 0x00, 0x01, 0, 0, 0, 5]),
            ("version 0 in second packet", rr + [0x00, 0xC9, 0x00, 0x01, 0, 0, 0, 5]),
            ("length beyond datagram", [0x80, 0xC9, 0x00, 0x05, 0, 0, 0, 5]),
            ("trailing bytes after last packet", rr + [0x80, 0xC9]),
            ("RR length too short for RC=1", [0x81, 0xC9, 0x00, 0x01, 0, 0, 0, 5]),
            ("SR length too short for sender info", [0x80, 0xC8, 0x00, 0x01, 0, 0, 0, 5]),
            ("RR with zero-length body", [0x80, 0xC9, 0x00, 0x00]),
            ("padding on a non-final packet", [0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 4] + rr),
            ("padding count 0", [0xA0, 0xC9, 0x00, 0x02, 0, 0, 0, 5, 0, 0, 0, 0]),
            ("padding count > body", [0xA0, 0xC9, 0x00, 0x01, 0, 0, 0, 9]),
            ("SDES chunk not terminated", [0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x02, 0x61, 0x62]),
            ("SDES item overruns", [0x81, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x09, 0x61, 0x62]),
            ("SDES SC=2 but one chunk", [0x82, 0xCA, 0x00, 0x02, 0, 0, 0, 1, 0x01, 0x01, 0x61, 0x00]),
            ("BYE SC=2 but one SSRC", [0x82, 0xCB, 0x00, 0x01, 0, 0, 0, 1]),
            ("BYE reason overruns", [0x81, 0xCB, 0x00, 0x02, 0, 0, 0, 1, 0x09, 0x61, 0x62, 0x63]),
            ("NACK without media SSRC", [0x81, 0xCD, 0x00, 0x01, 0, 0, 0, 1]),
            ("PLI without media SSRC", [0x81, 0xCE, 0x00, 0x01, 0, 0, 0, 1]),
            ("FIR with half an entry", [0x84, 0xCE, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2]),
        ]
        for (name, bytes) in cases {
            XCTAssertThrowsError(try RTCPCompound.parse(bytes), name) { error in
                XCTAssertTrue(error is RTPError, name)
            }
        }
    }
}
