import XCTest
import SDP

/// Parley's answers (JSEP RFC 8829 §5.3.1): ICE-lite, DTLS passive, Opus on the offer's
/// payload type, everything else rejected.
final class SDPAnswerBuilderTests: XCTestCase {
    static let localFingerprint = "sha-256 " + (0..<32).map { String(format: "%02X", $0 * 7 % 256) }.joined(separator: ":")

    func parameters(hosts: [SDPAnswerParameters.CandidateAddress] = [.init(host: "192.0.2.10", port: 40000)],
                    publicAddress: SDPAnswerParameters.CandidateAddress? = nil) -> SDPAnswerParameters {
        SDPAnswerParameters(iceUfrag: "prly", icePwd: "parleyparleyparleyparley", fingerprint: Self.localFingerprint,
                            hostAddresses: hosts, publicAddress: publicAddress, ssrc: 0xCAFE_F00D, cname: "parley-cname",
                            streamId: "stream1", trackId: "track1", sessionId: 4242)
    }

    func answer(_ text: String, parameters p: SDPAnswerParameters? = nil) throws -> SDPAnswer {
        try SDPAnswerBuilder(parameters: p ?? parameters()).answer(offerSDP: text)
    }

    /// The answer's lines without line endings, checking every line ends with CRLF.
    func lines(of answer: SDPAnswer) -> [String] {
        let sdp = answer.sdp
        XCTAssertTrue(sdp.hasSuffix("\r\n"))
        XCTAssertFalse(sdp.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        return sdp.components(separatedBy: "\r\n").dropLast().map { $0 }
    }

    func testChromiumFullAnswerLineByLine() throws {
        let answer = try answer(Fixture.chromiumFull.text())
        let fp = try SDPFingerprint(parsing: Self.localFingerprint)
        XCTAssertEqual(lines(of: answer), [
            "v=0",
            "o=- 4242 1 IN IP4 0.0.0.0",
            "s=-",
            "t=0 0",
            "a=ice-lite",
            "a=group:BUNDLE 0",
            "m=audio 40000 UDP/TLS/RTP/SAVPF 111",
            "c=IN IP4 192.0.2.10",
            "a=mid:0",
            "a=sendrecv",
            "a=ice-ufrag:prly",
            "a=ice-pwd:parleyparleyparleyparley",
            "a=fingerprint:\(fp.value)",
            "a=setup:passive",
            "a=rtcp-mux",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=msid:stream1 track1",
            "a=ssrc:3405705229 cname:parley-cname",
            "a=ssrc:3405705229 msid:stream1 track1",
            "a=candidate:\(SDPCandidate.foundation(type: .host, baseAddress: "192.0.2.10")) 1 udp 2130706431 192.0.2.10 40000 typ host",
            "a=end-of-candidates",
        ])
        XCTAssertTrue(fp.value.hasPrefix("sha-256 00:07:0E:"))

        let audio = answer.audio
        XCTAssertEqual(audio.remoteIceUfrag, "dp0w")
        XCTAssertEqual(audio.remoteIcePwd, "vq8OCmAYgbNoeIySuIiLvAr/")
        XCTAssertEqual(audio.remoteFingerprint.algorithm, "sha-256")
        XCTAssertEqual(audio.remoteFingerprint.bytes.first, 0xE6)
        XCTAssertEqual(audio.payloadType, 111)
        XCTAssertEqual(audio.remoteOpusParameters["useinbandfec"], "1")
        XCTAssertEqual(audio.remoteSSRC, 3040136897)
        XCTAssertEqual(audio.mid, "0")
        XCTAssertEqual(audio.mediaIndex, 0)
        XCTAssertTrue(audio.rtcpMux)
        XCTAssertEqual(audio.remoteSetupRole, .actpass)
        XCTAssertEqual(audio.localSetupRole, .passive)
        XCTAssertEqual(audio.direction, .sendrecv)
        XCTAssertEqual(audio.remoteCandidates.count, 4)
        XCTAssertEqual(audio.remoteIceOptions, ["trickle"])
        XCTAssertFalse(audio.remoteIsICELite)
    }

    func testEveryFixtureAnswersAndTheAnswerParses() throws {
        for fixture in Fixture.allCases {
            let offer = try SessionDescription(parsing: fixture.text())
            let answer = try SDPAnswerBuilder(parameters: parameters()).answer(to: offer)
            let parsed = try SessionDescription(parsing: answer.sdp)
            XCTAssertEqual(parsed, answer.sessionDescription, fixture.rawValue)
            XCTAssertTrue(parsed.isICELite, fixture.rawValue)
            XCTAssertEqual(parsed.lines, [SDPLine(type: "t", value: "0 0")], fixture.rawValue)
            XCTAssertEqual(parsed.media.count, offer.media.count, "one answer m-line per offer m-line")
            XCTAssertEqual(parsed.bundleMids, ["0"], fixture.rawValue)
            let audio = parsed.media[0]
            let offeredPT = offer.media[0].payloadTypes.first { offer.media[0].rtpMap(for: $0)?.isOpus ?? false }
            XCTAssertEqual(audio.payloadTypes, [try XCTUnwrap(offeredPT)], fixture.rawValue)
            XCTAssertTrue(audio.rtpMap(for: audio.payloadTypes[0])?.isOpus ?? false)
            XCTAssertEqual(audio.setup, .passive)
            XCTAssertEqual(audio.mid, offer.media[0].mid)
            XCTAssertEqual(audio.fingerprints.count, 1)
            XCTAssertEqual(audio.fingerprints.first?.bytes.count, 32)
            XCTAssertTrue(audio.rtcpMux)
            XCTAssertTrue(audio.hasEndOfCandidates)
            XCTAssertEqual(audio.candidates.map(\.type), [.host])
            XCTAssertEqual(audio.port, 40000)
            XCTAssertEqual(answer.audio.payloadType, offeredPT)
            for (index, m) in parsed.media.enumerated().dropFirst() {
                XCTAssertEqual(m.port, 0, "\(fixture.rawValue) m-line \(index) must be rejected")
                XCTAssertEqual(m.kind, offer.media[index].kind)
                XCTAssertEqual(m.formats, [offer.media[index].formats[0]])
                XCTAssertEqual(m.attributes.map(\.name), ["mid"])
                XCTAssertEqual(m.mid, offer.media[index].mid)
            }
        }
    }

    func testVideoAndDataAreRejected() throws {
        let answer = try answer(Fixture.chromiumVideoAndData.text())
        let text = answer.sdp
        XCTAssertTrue(text.contains("\r\na=group:BUNDLE 0\r\n"))
        XCTAssertTrue(text.contains("\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\nm=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n"))
        XCTAssertTrue(text.hasSuffix("a=mid:2\r\n"))
        XCTAssertEqual(answer.audio.remoteSSRC, 2232563844)
    }

    func testAiortcPrefersSHA256AndHasNoFmtpEcho() throws {
        let answer = try answer(Fixture.aiortc.text())
        XCTAssertEqual(answer.audio.payloadType, 96)
        XCTAssertEqual(answer.audio.remoteFingerprints.count, 3)
        XCTAssertEqual(answer.audio.remoteFingerprint.algorithm, "sha-256")
        XCTAssertEqual(answer.audio.remoteFingerprint.bytes.first, 0x28)
        XCTAssertEqual(answer.audio.remoteOpusParameters, [:])
        XCTAssertEqual(answer.audio.remoteCandidates.count, 2)
        XCTAssertTrue(answer.sdp.contains("a=fmtp:96 minptime=10;useinbandfec=1\r\n"))
    }

    func testCandidatesPublicFirstThenHostsWithDescendingPriority() throws {
        let p = parameters(hosts: [.init(host: "0.0.0.0", port: 40000), .init(host: "10.0.0.5", port: 40000),
                                   .init(host: "fd00::5", port: 40000), .init(host: "10.0.0.5", port: 40000)],
                           publicAddress: .init(host: "203.0.113.9", port: 40000))
        let answer = try answer(SampleOffer.text, parameters: p)
        let audio = answer.sessionDescription.media[0]
        XCTAssertEqual(audio.candidates.map(\.address), ["203.0.113.9", "10.0.0.5", "fd00::5"])
        XCTAssertEqual(audio.candidates.map(\.priority), [2_130_706_431, 2_130_706_175, 2_130_705_919])
        XCTAssertEqual(Set(audio.candidates.map(\.foundation)).count, 3)
        XCTAssertEqual(audio.connection?.address, "203.0.113.9")
        XCTAssertEqual(audio.connection?.addressType, "IP4")

        let v6 = try self.answer(SampleOffer.text, parameters: parameters(hosts: [.init(host: "fd00::5", port: 5000)]))
        XCTAssertEqual(v6.sessionDescription.media[0].connection, SDPConnection(networkType: "IN", addressType: "IP6", address: "fd00::5"))
        XCTAssertEqual(v6.sessionDescription.media[0].port, 5000)
    }

    func testSetupRoles() throws {
        XCTAssertEqual(try answer(SampleOffer.replacing("a=setup", with: "a=setup:active")).audio.remoteSetupRole, .active)
        let missing = try answer(SampleOffer.replacing("a=setup", with: nil))
        XCTAssertEqual(missing.audio.remoteSetupRole, .actpass)
        XCTAssertEqual(missing.sessionDescription.media[0].setup, .passive)
        for role in ["passive", "holdconn"] {
            XCTAssertThrowsError(try answer(SampleOffer.replacing("a=setup", with: "a=setup:\(role)")), role) { error in
                XCTAssertEqual(error as? SDPError, .unsupportedSetupRole(role))
                XCTAssertTrue("\(error)".contains("DTLS server"))
            }
        }
    }

    func testDirections() throws {
        let expected: [(String, SDPDirection)] = [("sendrecv", .sendrecv), ("sendonly", .recvonly), ("recvonly", .sendonly), ("inactive", .inactive)]
        for (offered, answered) in expected {
            let answer = try answer(SampleOffer.replacing("a=sendrecv", with: "a=\(offered)"))
            XCTAssertEqual(answer.audio.direction, answered, offered)
            XCTAssertEqual(answer.sessionDescription.media[0].directionAttribute, answered, offered)
            // Parley announces its stream only when it sends.
            XCTAssertEqual(answer.sessionDescription.media[0].ssrcs.isEmpty, !answered.sends, offered)
        }
    }

    func testNoBundleGroupWhenOfferHasNone() throws {
        let answer = try answer(SampleOffer.replacing("a=group", with: nil))
        XCTAssertNil(answer.sessionDescription.bundleMids)
    }

    func testNoRtcpMuxWhenNotOffered() throws {
        let answer = try answer(SampleOffer.replacing("a=rtcp-mux", with: nil))
        XCTAssertFalse(answer.audio.rtcpMux)
        XCTAssertFalse(answer.sessionDescription.media[0].rtcpMux)
    }

    func testSecondAudioAndAudioWithoutOpusAreRejected() throws {
        // First audio has only PCMU: rejected; second audio has Opus on 109: accepted.
        let text = SampleOffer.text
            .replacingOccurrences(of: "m=audio 9 UDP/TLS/RTP/SAVPF 111 0", with: "m=audio 9 UDP/TLS/RTP/SAVPF 0")
            .replacingOccurrences(of: "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n", with: "")
            .replacingOccurrences(of: "a=group:BUNDLE 0", with: "a=group:BUNDLE 0 1")
            + "m=audio 9 UDP/TLS/RTP/SAVPF 109\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=rtcp-mux\r\na=rtpmap:109 opus/48000/2\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=rtpmap:111 opus/48000/2\r\n"
        let answer = try answer(text)
        XCTAssertEqual(answer.audio.mid, "1")
        XCTAssertEqual(answer.audio.mediaIndex, 1)
        XCTAssertEqual(answer.audio.payloadType, 109)
        XCTAssertEqual(answer.sessionDescription.media.map(\.port), [0, 40000, 0])
        XCTAssertEqual(answer.sessionDescription.bundleMids, ["1"])
        XCTAssertEqual(answer.sessionDescription.media[0].formats, ["0"])
    }

    func testOpusPreferenceFollowsTheOfferOrder() throws {
        let text = SampleOffer.text
            .replacingOccurrences(of: "UDP/TLS/RTP/SAVPF 111 0", with: "UDP/TLS/RTP/SAVPF 0 109 111")
            + "a=rtpmap:109 OPUS/48000/2\r\n"
        XCTAssertEqual(try answer(text).audio.payloadType, 109)
    }

    func testUnanswerableOffers() {
        let cases: [(String, String)] = [
            ("no audio", SampleOffer.text.replacingOccurrences(of: "m=audio", with: "m=video")),
            ("audio without opus", SampleOffer.replacing("a=rtpmap:111", with: "a=rtpmap:111 opus/48000/1")),
            ("rejected audio", SampleOffer.replacing("m=", with: "m=audio 0 UDP/TLS/RTP/SAVPF 111")),
            ("plain RTP audio", SampleOffer.replacing("m=", with: "m=audio 9 RTP/AVP 111")),
            ("no ice-ufrag", SampleOffer.replacing("a=ice-ufrag", with: nil)),
            ("no ice-pwd", SampleOffer.replacing("a=ice-pwd", with: nil)),
            ("no fingerprint", SampleOffer.replacing("a=fingerprint", with: nil)),
            ("no media at all", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"),
        ]
        for (name, text) in cases {
            XCTAssertThrowsError(try answer(text), name) { error in
                guard case .cannotAnswer = error as? SDPError else { return XCTFail("\(name): \(error)") }
            }
        }
    }

    func testBundleOnlyAudioIsAccepted() throws {
        let text = SampleOffer.replacing("m=", with: "m=audio 0 UDP/TLS/RTP/SAVPF 111 0") + "a=bundle-only\r\n"
        XCTAssertEqual(try answer(text).sessionDescription.media[0].port, 40000)
    }

    func testInvalidLocalParameters() {
        var p = parameters()
        p.iceUfrag = "ab"
        XCTAssertThrowsError(try answer(SampleOffer.text, parameters: p))
        p = parameters(); p.icePwd = "short"
        XCTAssertThrowsError(try answer(SampleOffer.text, parameters: p))
        p = parameters(); p.fingerprint = "sha-256 00:11"
        XCTAssertThrowsError(try answer(SampleOffer.text, parameters: p))
        p = parameters(); p.cname = "has space"
        XCTAssertThrowsError(try answer(SampleOffer.text, parameters: p))
        p = parameters(hosts: [.init(host: "0.0.0.0", port: 1)])
        XCTAssertThrowsError(try answer(SampleOffer.text, parameters: p))
        p = parameters(hosts: [])
        XCTAssertThrowsError(try answer(SampleOffer.text, parameters: p))
    }

    func testRandomSessionIdFitsJSEP() throws {
        var p = parameters()
        p.sessionId = nil
        let ids = try (0..<4).map { _ in try XCTUnwrap(UInt64(answer(SampleOffer.text, parameters: p).sessionDescription.origin.sessionId)) }
        for id in ids { XCTAssertLessThan(id, UInt64(1) << 63) }
        XCTAssertGreaterThan(Set(ids).count, 1)
    }
}

extension SDPAnswerBuilderTests {
    /// Prints one answer when PARLEY_PRINT_SDP is set, for eyeballing.
    func testPrintAnswerWhenAsked() throws {
        guard ProcessInfo.processInfo.environment["PARLEY_PRINT_SDP"] != nil else { return }
        print(try answer(Fixture.chromiumVideoAndData.text(), parameters: parameters(
            hosts: [.init(host: "10.0.0.5", port: 40000)], publicAddress: .init(host: "203.0.113.9", port: 40000))).sdp)
    }
}
