import XCTest
import SDP

/// Typed attribute values: parse, serialize, reject.
final class SDPAttributeTests: XCTestCase {
    func testFingerprintRoundTrip() throws {
        let fp = try SDPFingerprint(parsing: "SHA-256 e6:b2:06:4d:32:77:84:07:ee:71:fb:c3:87:5a:c8:b6:eb:bf:1f:49:97:85:4c:36:f5:5a:af:57:c9:3f:8e:b8")
        XCTAssertEqual(fp.algorithm, "sha-256")
        XCTAssertEqual(fp.value, "sha-256 E6:B2:06:4D:32:77:84:07:EE:71:FB:C3:87:5A:C8:B6:EB:BF:1F:49:97:85:4C:36:F5:5A:AF:57:C9:3F:8E:B8")
        XCTAssertEqual(try SDPFingerprint(parsing: fp.value), fp)
        XCTAssertEqual(try SDPFingerprint(algorithm: "sha-1", bytes: [0x0A] + Array(repeating: 0, count: 19)).hexString.prefix(6), "0A:00:")
        // Unknown hash functions keep any length.
        XCTAssertEqual(try SDPFingerprint(parsing: "sha3-256 01:02").bytes, [1, 2])
    }

    func testFingerprintRejects() {
        for bad in ["", "sha-256", "sha-256 ", "sha-256 0G:00", "sha-256 000", "sha-256 00::00", "sha-1 00:11",
                    "sha-256 +1:00", "sha-256 00 11", "sh@ 00"] {
            XCTAssertThrowsError(try SDPFingerprint(parsing: bad), bad)
        }
        XCTAssertThrowsError(try SDPFingerprint(algorithm: "sha-256", bytes: []))
        XCTAssertThrowsError(try SDPFingerprint(algorithm: "sha-512", bytes: Array(repeating: 0, count: 32)))
    }

    func testSetupAndDirection() throws {
        XCTAssertEqual(try SDPSetupRole(parsing: "actpass"), .actpass)
        XCTAssertEqual(try SDPSetupRole(parsing: "PASSIVE"), .passive)
        XCTAssertThrowsError(try SDPSetupRole(parsing: "server"))
        XCTAssertEqual(SDPDirection.sendrecv.answer, .sendrecv)
        XCTAssertEqual(SDPDirection.sendonly.answer, .recvonly)
        XCTAssertEqual(SDPDirection.recvonly.answer, .sendonly)
        XCTAssertEqual(SDPDirection.inactive.answer, .inactive)
    }

    func testRTPMap() throws {
        let opus = try SDPRTPMap(parsing: "111 opus/48000/2")
        XCTAssertTrue(opus.isOpus)
        XCTAssertEqual(opus.value, "111 opus/48000/2")
        XCTAssertTrue(try SDPRTPMap(parsing: "96 OPUS/48000/2").isOpus)
        XCTAssertFalse(try SDPRTPMap(parsing: "96 opus/48000/1").isOpus)
        XCTAssertFalse(try SDPRTPMap(parsing: "96 opus/16000/2").isOpus)
        XCTAssertEqual(try SDPRTPMap(parsing: "0 PCMU/8000").value, "0 PCMU/8000")
        for bad in ["111", "111 opus", "x opus/48000", "111 opus/48k", "111 opus/48000/2/1", "128 opus/48000/2", "+1 opus/48000"] {
            XCTAssertThrowsError(try SDPRTPMap(parsing: bad), bad)
        }
    }

    func testFormatParameters() throws {
        let fmtp = try SDPFormatParameters(parsing: "111 minptime=10; useinbandfec=1;stereo")
        XCTAssertEqual(fmtp.payloadType, 111)
        XCTAssertEqual(fmtp.parameters, ["minptime": "10", "useinbandfec": "1", "stereo": ""])
        XCTAssertEqual(SDPFormatParameters(format: "96", parameters: [("a", "1"), ("b", "2")]).value, "96 a=1;b=2")
    }

    func testExtMapSSRCMsidGroupFeedback() throws {
        let ext = try SDPExtMap(parsing: "3/sendonly urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on")
        XCTAssertEqual(ext.id, 3)
        XCTAssertEqual(ext.direction, .sendonly)
        XCTAssertEqual(ext.extensionAttributes, "vad=on")
        XCTAssertEqual(ext.value, "3/sendonly urn:ietf:params:rtp-hdrext:ssrc-audio-level vad=on")

        let ssrc = try SDPSSRCAttribute(parsing: "3040136897 msid:stream track")
        XCTAssertEqual(ssrc.ssrc, 3040136897)
        XCTAssertEqual(ssrc.attribute, "msid")
        XCTAssertEqual(ssrc.attributeValue, "stream track")
        XCTAssertEqual(ssrc.value, "3040136897 msid:stream track")

        XCTAssertEqual(try SDPMediaStreamID(parsing: "- track"), SDPMediaStreamID(streamId: "-", trackId: "track"))
        XCTAssertThrowsError(try SDPMediaStreamID(parsing: "a b c"))

        let group = try SDPGroup(parsing: "BUNDLE 0 1 2")
        XCTAssertTrue(group.isBundle)
        XCTAssertEqual(group.mids, ["0", "1", "2"])
        XCTAssertEqual(try SDPRTCPFeedback(parsing: "* nack pli").format, "*")
    }

    func testAttributeSplitsAtFirstColon() throws {
        let a = try SDPAttribute(parsing: "fingerprint:sha-256 AB:CD")
        XCTAssertEqual(a.name, "fingerprint")
        XCTAssertEqual(a.value, "sha-256 AB:CD")
        XCTAssertEqual(try SDPAttribute(parsing: "rtcp-mux"), SDPAttribute(name: "rtcp-mux"))
        XCTAssertEqual(try SDPAttribute(parsing: "x:"), SDPAttribute(name: "x", value: ""))
        XCTAssertThrowsError(try SDPAttribute(parsing: "bad name:1"))
    }
}
