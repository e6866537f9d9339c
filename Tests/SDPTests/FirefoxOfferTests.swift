import XCTest
import SDP

/// Real Firefox ESR 153 offers (`Fixtures/firefox153-*.sdp`), captured from headless
/// `firefox-esr` 153.7.0 driven over WebDriver BiDi, with `media.navigator.streams.fake`,
/// `getUserMedia({audio: true})`, one `addTrack`, `createOffer` + `setLocalDescription`,
/// inside a network namespace that only had `lo` (with `default dev lo src 127.0.0.1` routes, since
/// Firefox gathered "default address only" there, and `media.peerconnection.ice.loopback`), so the
/// gathered candidates are 127.0.0.1 / ::1 only. The offer is `localDescription` right after
/// `setLocalDescription`; the full one is `localDescription` once gathering completed.
///
/// What sets Firefox apart from Chromium (RFC 8866 §5, JSEP RFC 8829 §5.2.1): the
/// fingerprint, `ice-options` and a `sendrecv` at session level; ICE credentials at media
/// level; Opus on payload type 109 with `stereo=1`; braces in `msid`/cname; `a=extmap` with
/// a direction (`2/recvonly`); `a=extmap-allow-mixed` at media level; after gathering, a real
/// `m=` port and `c=` address, component-2 (RTCP) candidates with `a=rtcp:` although it offers
/// `a=rtcp-mux`, and TCP active candidates on port 9.
final class FirefoxOfferTests: XCTestCase {
    static let fingerprintHex = "0D:0F:19:65:B1:7F:E6:D7:6A:07:60:78:9D:10:E4:94:3B:40:6C:98:F7:5A:AF:A7:4F:8D:FE:CD:1A:E3:E9:30"
    static let localFingerprint = "sha-256 " + (0..<32).map { String(format: "%02X", $0 * 5 % 256) }.joined(separator: ":")

    func parameters() -> SDPAnswerParameters {
        SDPAnswerParameters(iceUfrag: "prly", icePwd: "parleyparleyparleyparley", fingerprint: Self.localFingerprint,
                            hostAddresses: [.init(host: "127.0.0.1", port: 40000)], ssrc: 0xCAFE_F00D,
                            cname: "parley-cname", streamId: "stream1", trackId: "track1", sessionId: 4242)
    }

    // MARK: Parsing

    func testOfferSessionLevel() throws {
        let sdp = try SessionDescription(parsing: Fixture.firefoxOffer.text())
        XCTAssertEqual(sdp.origin, SDPOrigin(username: "mozilla...THIS_IS_SDPARTA-99.0", sessionId: "2989944460430465992",
                                             sessionVersion: "0", networkType: "IN", addressType: "IP4", address: "0.0.0.0"))
        XCTAssertEqual(sdp.lines, [SDPLine(type: "t", value: "0 0")])
        XCTAssertEqual(sdp.attributes.map(\.name), ["sendrecv", "fingerprint", "group", "ice-options", "msid-semantic"])
        XCTAssertEqual(sdp.directionAttribute, .sendrecv)
        XCTAssertEqual(sdp.fingerprints, [try SDPFingerprint(parsing: "sha-256 " + Self.fingerprintHex)])
        XCTAssertEqual(sdp.fingerprints.first?.bytes.count, 32)
        XCTAssertEqual(sdp.fingerprints.first?.bytes.first, 0x0D)
        XCTAssertEqual(sdp.groups, [SDPGroup(semantics: "BUNDLE", mids: ["0"])])
        XCTAssertEqual(sdp.iceOptions, ["trickle"])
        XCTAssertEqual(sdp.attributeValue("msid-semantic"), "WMS *")
        XCTAssertNil(sdp.iceUfrag, "Firefox puts ICE credentials at media level")
        XCTAssertNil(sdp.setup)
        XCTAssertFalse(sdp.isICELite)
        XCTAssertEqual(sdp.media.count, 1)
    }

    func testOfferAudioSection() throws {
        let sdp = try SessionDescription(parsing: Fixture.firefoxOffer.text())
        let audio = sdp.media[0]
        XCTAssertEqual(audio.kind, "audio")
        XCTAssertEqual(audio.port, 9)
        XCTAssertEqual(audio.proto, "UDP/TLS/RTP/SAVPF")
        XCTAssertEqual(audio.payloadTypes, [109, 9, 0, 8, 101])
        XCTAssertEqual(audio.connection, SDPConnection(networkType: "IN", addressType: "IP4", address: "0.0.0.0"))
        XCTAssertEqual(audio.mid, "0")
        XCTAssertEqual(audio.direction, .sendrecv)
        XCTAssertEqual(audio.iceUfrag, "e2bc87b9")
        XCTAssertEqual(audio.icePwd, "739d2c69990ce17d00a865c34cd9044c")
        XCTAssertEqual(sdp.iceUfrag(for: audio), "e2bc87b9")
        XCTAssertTrue(audio.fingerprints.isEmpty, "the fingerprint is at session level")
        XCTAssertEqual(sdp.fingerprints(for: audio).first?.hexString, Self.fingerprintHex)
        XCTAssertEqual(audio.setup, .actpass)
        XCTAssertTrue(audio.rtcpMux)
        XCTAssertFalse(audio.rtcpReducedSize)
        XCTAssertFalse(audio.hasAttribute("rtcp"), "no a=rtcp before gathering")
        XCTAssertTrue(audio.hasAttribute("extmap-allow-mixed"))
        XCTAssertTrue(audio.candidates.isEmpty)
        XCTAssertFalse(audio.hasEndOfCandidates)

        XCTAssertEqual(audio.rtpMaps, [
            SDPRTPMap(payloadType: 109, encodingName: "opus", clockRate: 48000, channels: 2),
            SDPRTPMap(payloadType: 9, encodingName: "G722", clockRate: 8000, channels: 1),
            SDPRTPMap(payloadType: 0, encodingName: "PCMU", clockRate: 8000),
            SDPRTPMap(payloadType: 8, encodingName: "PCMA", clockRate: 8000),
            SDPRTPMap(payloadType: 101, encodingName: "telephone-event", clockRate: 8000),
        ])
        XCTAssertTrue(audio.rtpMap(for: 109)?.isOpus ?? false)
        XCTAssertEqual(audio.formatParameters(for: 109)?.parameters,
                       ["maxplaybackrate": "48000", "stereo": "1", "useinbandfec": "1"])
        XCTAssertEqual(audio.formatParameters(for: 101)?.parameterText, "0-15")
        XCTAssertEqual(audio.rtcpFeedback(for: 109), [SDPRTCPFeedback(format: "109", type: "transport-cc")])
        XCTAssertEqual(audio.rtcpFeedback.map(\.format), ["109", "9", "0", "8"])

        XCTAssertEqual(audio.extMaps, [
            SDPExtMap(id: 1, uri: "urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
            SDPExtMap(id: 2, direction: .recvonly, uri: "urn:ietf:params:rtp-hdrext:csrc-audio-level"),
            SDPExtMap(id: 3, uri: "urn:ietf:params:rtp-hdrext:sdes:mid"),
            SDPExtMap(id: 7, uri: "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"),
        ])

        XCTAssertEqual(audio.msid, SDPMediaStreamID(streamId: "{6a84972d-0335-4912-b711-f4a8ceaa4d04}",
                                                     trackId: "{e23f2bf9-6c76-47e2-ad50-42ee78fa8eff}"))
        XCTAssertEqual(audio.ssrcs, [4015058108])
        XCTAssertEqual(audio.cname(for: 4015058108), "{1fbc82f0-9b47-486a-a01f-ef2131e03d87}")
        XCTAssertEqual(audio.ssrcAttributes.map(\.attribute), ["cname"], "Firefox sends no a=ssrc msid")
        XCTAssertTrue(audio.ssrcGroups.isEmpty)
    }

    /// After gathering: the default candidate goes into `m=`/`c=`/`a=rtcp`, and every candidate
    /// line (UDP and TCP-active, components 1 and 2, IPv4 and IPv6 loopback) parses.
    func testFullOfferCandidates() throws {
        let sdp = try SessionDescription(parsing: Fixture.firefoxFull.text())
        let audio = sdp.media[0]
        XCTAssertEqual(audio.port, 57010)
        XCTAssertEqual(audio.connection, SDPConnection(networkType: "IN", addressType: "IP4", address: "127.0.0.1"))
        XCTAssertEqual(audio.attributeValue("rtcp"), "52693 IN IP4 127.0.0.1")
        XCTAssertTrue(audio.hasEndOfCandidates)
        let candidates = audio.candidates
        XCTAssertEqual(candidates.count, 8)
        XCTAssertEqual(candidates.map(\.component), [1, 1, 1, 1, 2, 2, 2, 2])
        XCTAssertEqual(candidates.map(\.foundation), ["0", "1", "2", "3", "0", "1", "2", "3"])
        XCTAssertEqual(candidates.map(\.address), ["127.0.0.1", "::1", "127.0.0.1", "::1", "127.0.0.1", "::1", "127.0.0.1", "::1"])
        XCTAssertTrue(candidates.allSatisfy { $0.type == .host })
        XCTAssertEqual(candidates.map(\.isUDP), [true, true, false, false, true, true, false, false])

        let first = candidates[0]
        XCTAssertEqual(first.transport, "UDP", "Firefox writes the transport in upper case")
        XCTAssertEqual(first.priority, 2_122_187_007)
        XCTAssertEqual(first.port, 57010)
        XCTAssertNil(first.relatedAddress)
        XCTAssertEqual(first.value, "0 1 UDP 2122187007 127.0.0.1 57010 typ host")

        let tcp = candidates[2]
        XCTAssertEqual(tcp.transport, "TCP")
        XCTAssertEqual(tcp.port, 9, "active TCP candidates use the discard port")
        XCTAssertEqual(tcp.tcpType, "active")
        XCTAssertEqual(tcp.priority, 2_105_458_943)
        XCTAssertEqual(candidates[5], try SDPCandidate(parsing: "candidate:1 2 UDP 2122252542 ::1 56855 typ host"))

        // Everything but the transport lines is the offer sent before gathering.
        let offer = try SessionDescription(parsing: Fixture.firefoxOffer.text())
        XCTAssertEqual(sdp.attributes, offer.attributes)
        XCTAssertEqual(sdp.origin, offer.origin)
        let transportOnly: Set<String> = ["candidate", "end-of-candidates", "rtcp"]
        XCTAssertEqual(audio.attributes.filter { !transportOnly.contains($0.name) }, offer.media[0].attributes)
    }

    func testRoundTripIsByteIdentical() throws {
        for fixture in [Fixture.firefoxOffer, .firefoxFull] {
            let text = try fixture.text()
            XCTAssertTrue(text.hasSuffix("\r\n"))
            XCTAssertEqual(try SessionDescription(parsing: text).serialized(), text, fixture.rawValue)
        }
    }

    // MARK: Answering

    func testAnswerToFirefoxOffer() throws {
        let answer = try SDPAnswerBuilder(parameters: parameters()).answer(offerSDP: Fixture.firefoxOffer.text())
        let audio = answer.audio
        XCTAssertEqual(audio.payloadType, 109)
        XCTAssertEqual(audio.remoteIceUfrag, "e2bc87b9")
        XCTAssertEqual(audio.remoteIcePwd, "739d2c69990ce17d00a865c34cd9044c")
        XCTAssertEqual(audio.remoteFingerprint.algorithm, "sha-256")
        XCTAssertEqual(audio.remoteFingerprint.hexString, Self.fingerprintHex, "taken from session level")
        XCTAssertEqual(audio.remoteFingerprints.count, 1)
        XCTAssertEqual(audio.remoteOpusParameters, ["maxplaybackrate": "48000", "stereo": "1", "useinbandfec": "1"])
        XCTAssertEqual(audio.remoteSSRC, 4015058108)
        XCTAssertEqual(audio.mid, "0")
        XCTAssertEqual(audio.mediaIndex, 0)
        XCTAssertTrue(audio.rtcpMux)
        XCTAssertEqual(audio.remoteSetupRole, .actpass)
        XCTAssertEqual(audio.localSetupRole, .passive)
        XCTAssertEqual(audio.direction, .sendrecv)
        XCTAssertEqual(audio.remoteIceOptions, ["trickle"], "session-level ice-options")
        XCTAssertFalse(audio.remoteIsICELite)
        XCTAssertTrue(audio.remoteCandidates.isEmpty)

        let fp = try SDPFingerprint(parsing: Self.localFingerprint)
        XCTAssertEqual(answer.sdp.components(separatedBy: "\r\n"), [
            "v=0",
            "o=- 4242 1 IN IP4 0.0.0.0",
            "s=-",
            "t=0 0",
            "a=ice-lite",
            "a=group:BUNDLE 0",
            "m=audio 40000 UDP/TLS/RTP/SAVPF 109",
            "c=IN IP4 127.0.0.1",
            "a=mid:0",
            "a=sendrecv",
            "a=ice-ufrag:prly",
            "a=ice-pwd:parleyparleyparleyparley",
            "a=fingerprint:\(fp.value)",
            "a=setup:passive",
            "a=rtcp-mux",
            "a=rtpmap:109 opus/48000/2",
            "a=fmtp:109 minptime=10;useinbandfec=1",
            "a=msid:stream1 track1",
            "a=ssrc:3405705229 cname:parley-cname",
            "a=ssrc:3405705229 msid:stream1 track1",
            "a=candidate:\(SDPCandidate.foundation(type: .host, baseAddress: "127.0.0.1")) 1 udp 2130706431 127.0.0.1 40000 typ host",
            "a=end-of-candidates",
            "",
        ])
        XCTAssertFalse(answer.sdp.contains("stereo"), "Parley sends mono: stereo=1 is not echoed")
        XCTAssertFalse(answer.sdp.contains("extmap"), "no header extensions are accepted")

        let parsed = try SessionDescription(parsing: answer.sdp)
        XCTAssertEqual(parsed, answer.sessionDescription)
        XCTAssertTrue(parsed.isICELite)
        XCTAssertEqual(parsed.media[0].setup, .passive)
        XCTAssertEqual(parsed.media[0].payloadTypes, [109])
        XCTAssertTrue(parsed.media[0].rtcpMux)
    }

    /// The gathered offer answers the same way and hands its candidates (all 8, both
    /// components and TCP included, as offered) to the media session.
    func testAnswerToFullFirefoxOffer() throws {
        let builder = SDPAnswerBuilder(parameters: parameters())
        let full = try builder.answer(offerSDP: Fixture.firefoxFull.text())
        let plain = try builder.answer(offerSDP: Fixture.firefoxOffer.text())
        XCTAssertEqual(full.sdp, plain.sdp, "candidates in the offer do not change the answer")
        XCTAssertEqual(full.audio.remoteCandidates.count, 8)
        XCTAssertEqual(full.audio.remoteCandidates.filter { $0.isUDP && $0.component == 1 }.map(\.address), ["127.0.0.1", "::1"])
        XCTAssertEqual(full.audio.payloadType, 109)
    }

    /// `createOffer()`'s own SDP differs from `localDescription` in two lines Firefox rewrites
    /// on `setLocalDescription`: no session-level `a=sendrecv`, and `telephone-event/8000/1`.
    func testCreateOfferVariantAnswersTheSame() throws {
        let text = try Fixture.firefoxOffer.text()
            .replacingOccurrences(of: "t=0 0\r\na=sendrecv\r\n", with: "t=0 0\r\n")
            .replacingOccurrences(of: "a=rtpmap:101 telephone-event/8000\r\n", with: "a=rtpmap:101 telephone-event/8000/1\r\n")
        let offer = try SessionDescription(parsing: text)
        XCTAssertNil(offer.directionAttribute)
        XCTAssertEqual(offer.media[0].rtpMap(for: 101)?.channels, 1)
        let answer = try SDPAnswerBuilder(parameters: parameters()).answer(to: offer)
        XCTAssertEqual(answer.sdp, try SDPAnswerBuilder(parameters: parameters()).answer(offerSDP: Fixture.firefoxOffer.text()).sdp)
    }
}
