import XCTest
import SDP

/// Parsing real offers (RFC 8866 §5) and reading their typed attributes.
final class SDPParserTests: XCTestCase {
    func testEveryFixtureParses() throws {
        for fixture in Fixture.allCases {
            let sdp = try SessionDescription(parsing: fixture.text())
            XCTAssertEqual(sdp.version, 0, fixture.rawValue)
            XCTAssertEqual(sdp.sessionName, "-", fixture.rawValue)
            XCTAssertFalse(sdp.media.isEmpty, fixture.rawValue)
            XCTAssertEqual(sdp.media[0].kind, "audio", fixture.rawValue)
            XCTAssertEqual(sdp.bundleMids?.first, "0", fixture.rawValue)
        }
    }

    func testChromiumFullOffer() throws {
        let sdp = try SessionDescription(parsing: Fixture.chromiumFull.text())
        XCTAssertEqual(sdp.origin.sessionId, "1384506503277378648")
        XCTAssertEqual(sdp.origin.sessionVersion, "2")
        XCTAssertEqual(sdp.origin.address, "127.0.0.1")
        XCTAssertEqual(sdp.lines, [SDPLine(type: "t", value: "0 0")])
        XCTAssertEqual(sdp.bundleMids, ["0"])
        XCTAssertTrue(sdp.hasAttribute("extmap-allow-mixed"))
        XCTAssertEqual(sdp.attributeValue("msid-semantic"), " WMS b85defcb-56b0-4dd8-b548-de856818d52a")
        XCTAssertFalse(sdp.isICELite)

        XCTAssertEqual(sdp.media.count, 1)
        let audio = sdp.media[0]
        XCTAssertEqual(audio.port, 50822)
        XCTAssertEqual(audio.proto, "UDP/TLS/RTP/SAVPF")
        XCTAssertEqual(audio.formats, ["111", "63", "9", "0", "8", "13", "110", "126"])
        XCTAssertEqual(audio.payloadTypes, [111, 63, 9, 0, 8, 13, 110, 126])
        XCTAssertEqual(audio.connection, SDPConnection(networkType: "IN", addressType: "IP4", address: "192.0.2.2"))
        XCTAssertEqual(audio.mid, "0")
        XCTAssertEqual(audio.iceUfrag, "dp0w")
        XCTAssertEqual(audio.icePwd, "vq8OCmAYgbNoeIySuIiLvAr/")
        XCTAssertEqual(audio.iceOptions, ["trickle"])
        XCTAssertEqual(audio.setup, .actpass)
        XCTAssertEqual(audio.direction, .sendrecv)
        XCTAssertTrue(audio.rtcpMux)
        XCTAssertTrue(audio.rtcpReducedSize)
        XCTAssertFalse(audio.hasEndOfCandidates)

        let fp = try XCTUnwrap(audio.fingerprints.first)
        XCTAssertEqual(fp.algorithm, "sha-256")
        XCTAssertEqual(fp.bytes.count, 32)
        XCTAssertEqual(fp.bytes.prefix(3), [0xE6, 0xB2, 0x06])
        XCTAssertEqual(fp.hexString, "E6:B2:06:4D:32:77:84:07:EE:71:FB:C3:87:5A:C8:B6:EB:BF:1F:49:97:85:4C:36:F5:5A:AF:57:C9:3F:8E:B8")

        XCTAssertEqual(audio.rtpMap(for: 111), SDPRTPMap(payloadType: 111, encodingName: "opus", clockRate: 48000, channels: 2))
        XCTAssertTrue(audio.rtpMap(for: 111)?.isOpus ?? false)
        XCTAssertEqual(audio.rtpMap(for: 0)?.encodingName, "PCMU")
        XCTAssertNil(audio.rtpMap(for: 0)?.channels)
        XCTAssertEqual(audio.rtpMap(for: 63)?.channels, 2)
        XCTAssertEqual(audio.formatParameters(for: 111)?.parameters, ["minptime": "10", "useinbandfec": "1"])
        XCTAssertEqual(audio.formatParameters(for: 63)?.parameterText, "111/111")
        XCTAssertEqual(audio.rtcpFeedback(for: 111), [SDPRTCPFeedback(format: "111", type: "transport-cc")])
        XCTAssertEqual(audio.extMaps.map(\.id), [1, 2, 3, 4])
        XCTAssertEqual(audio.extMaps.last?.uri, "urn:ietf:params:rtp-hdrext:sdes:mid")
        XCTAssertEqual(audio.ssrcs, [3040136897])
        XCTAssertEqual(audio.cname(for: 3040136897), "4Aop9bfyW9Q1Vj8m")
        XCTAssertEqual(audio.msid, SDPMediaStreamID(streamId: "b85defcb-56b0-4dd8-b548-de856818d52a", trackId: "4f2e238c-95f5-4028-9ba1-ff9d5238ecfc"))

        let candidates = audio.candidates
        XCTAssertEqual(candidates.count, 4)
        XCTAssertEqual(candidates[0].foundation, "1708624883")
        XCTAssertEqual(candidates[0].priority, 2122194687)
        XCTAssertEqual(candidates[0].address, "192.0.2.2")
        XCTAssertEqual(candidates[0].port, 50822)
        XCTAssertEqual(candidates[0].type, .host)
        XCTAssertEqual(candidates[1].address, "fd00::2")
        XCTAssertEqual(candidates[2].transport, "tcp")
        XCTAssertEqual(candidates[2].tcpType, "active")
        XCTAssertFalse(candidates[2].isUDP)
    }

    func testChromiumTrickleOfferHasNoCandidates() throws {
        let sdp = try SessionDescription(parsing: Fixture.chromiumTrickle.text())
        XCTAssertEqual(sdp.media[0].port, 9)
        XCTAssertTrue(sdp.media[0].candidates.isEmpty)
        XCTAssertEqual(sdp.connection(for: sdp.media[0])?.address, "0.0.0.0")
    }

    func testChromiumVideoAndDataOffer() throws {
        let sdp = try SessionDescription(parsing: Fixture.chromiumVideoAndData.text())
        XCTAssertEqual(sdp.media.map(\.kind), ["audio", "video", "application"])
        XCTAssertEqual(sdp.media.map(\.mid), ["0", "1", "2"])
        XCTAssertEqual(sdp.bundleMids, ["0", "1", "2"])
        let video = sdp.media[1]
        XCTAssertEqual(video.formats.count, 23)
        XCTAssertEqual(video.rtpMap(for: 96)?.encodingName, "VP8")
        XCTAssertEqual(video.rtcpFeedback(for: 96).count, 5)
        XCTAssertEqual(video.rtcpFeedback(for: 96).last, SDPRTCPFeedback(format: "96", type: "nack", parameter: "pli"))
        XCTAssertEqual(video.formatParameters(for: 97)?.parameters["apt"], "96")
        XCTAssertEqual(video.ssrcs, [2868915217, 571297769])
        XCTAssertEqual(video.ssrcGroups.first?.semantics, "FID")
        XCTAssertEqual(video.ssrcGroups.first?.ssrcs, [2868915217, 571297769])
        XCTAssertEqual(video.msid?.streamId, "-")
        let data = sdp.media[2]
        XCTAssertEqual(data.proto, "UDP/DTLS/SCTP")
        XCTAssertEqual(data.formats, ["webrtc-datachannel"])
        XCTAssertEqual(data.attributeValue("sctp-port"), "5000")
        XCTAssertEqual(data.attributeValue("max-message-size"), "262144")
    }

    func testAiortcOffer() throws {
        let sdp = try SessionDescription(parsing: Fixture.aiortc.text())
        XCTAssertEqual(sdp.origin.sessionId, "4004439219")
        XCTAssertEqual(sdp.origin.address, "0.0.0.0")
        let audio = sdp.media[0]
        XCTAssertEqual(audio.port, 55299)
        XCTAssertEqual(audio.payloadTypes, [96, 9, 0, 8])
        XCTAssertTrue(audio.rtpMap(for: 96)?.isOpus ?? false)
        XCTAssertNil(audio.formatParameters(for: 96))
        XCTAssertEqual(audio.fingerprints.map(\.algorithm), ["sha-256", "sha-384", "sha-512"])
        XCTAssertEqual(audio.fingerprints.map(\.bytes.count), [32, 48, 64])
        XCTAssertTrue(audio.hasEndOfCandidates)
        XCTAssertEqual(audio.candidates.map(\.priority), [2130706431, 2130706431])
        XCTAssertEqual(audio.candidates[0].foundation, "f957a2332b1715da3b0ef8ba684454eb")
        XCTAssertEqual(audio.ssrcs, [3138891919])
        XCTAssertEqual(audio.attributeValue("rtcp"), "9 IN IP4 0.0.0.0")
    }

    /// parse → serialize → parse gives the same description, and serialization is
    /// byte-identical to the CRLF input for these well-ordered offers.
    func testRoundTrip() throws {
        for fixture in Fixture.allCases {
            let text = try fixture.text()
            let first = try SessionDescription(parsing: text)
            let serialized = first.serialized()
            XCTAssertEqual(serialized, text, fixture.rawValue)
            XCTAssertEqual(try SessionDescription(parsing: serialized), first, fixture.rawValue)
        }
    }

    func testUnknownAttributesKeptInOrder() throws {
        let text = SampleOffer.replacing("a=sendrecv", with: "a=x-custom:1 2 3\r\na=sendrecv\r\na=x-flag")
        let sdp = try SessionDescription(parsing: text)
        let names = sdp.media[0].attributes.map(\.name)
        let custom = try XCTUnwrap(names.firstIndex(of: "x-custom"))
        XCTAssertEqual(names[custom + 1], "sendrecv")
        XCTAssertEqual(names[custom + 2], "x-flag")
        XCTAssertEqual(sdp.media[0].attributeValue("x-custom"), "1 2 3")
        XCTAssertTrue(sdp.serialized().contains("a=x-custom:1 2 3\r\na=sendrecv\r\na=x-flag\r\n"))
    }

    func testBareLineFeedsAndTrailingBlankLinesAccepted() throws {
        let text = SampleOffer.lines.joined(separator: "\n") + "\n\n"
        let sdp = try SessionDescription(parsing: text)
        XCTAssertEqual(sdp.media.count, 1)
        XCTAssertEqual(sdp.serialized(), SampleOffer.text)
    }

    func testSessionLevelFallbacks() throws {
        // ICE credentials, fingerprint and setup at session level apply to every section (RFC 8839 §5.4).
        var lines = SampleOffer.lines.filter {
            !$0.hasPrefix("a=ice-") && !$0.hasPrefix("a=fingerprint") && !$0.hasPrefix("a=setup") && !$0.hasPrefix("a=sendrecv")
        }
        lines.insert(contentsOf: ["a=ice-ufrag:sess", "a=ice-pwd:sessionpasswordsession12", "a=setup:active", "a=recvonly",
                                  "a=fingerprint:sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33"], at: 4)
        let sdp = try SessionDescription(parsing: lines.joined(separator: "\r\n"))
        let audio = sdp.media[0]
        XCTAssertNil(audio.iceUfrag)
        XCTAssertEqual(sdp.iceUfrag(for: audio), "sess")
        XCTAssertEqual(sdp.icePwd(for: audio), "sessionpasswordsession12")
        XCTAssertEqual(sdp.setup(for: audio), .active)
        XCTAssertEqual(sdp.direction(for: audio), .recvonly)
        XCTAssertEqual(sdp.fingerprints(for: audio).first?.algorithm, "sha-1")
    }
}
