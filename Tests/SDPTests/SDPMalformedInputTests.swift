import XCTest
import SDP

/// Malformed descriptions must throw an ``SDPError`` (never trap), naming the line where possible.
final class SDPMalformedInputTests: XCTestCase {
    struct Case {
        let name: String
        let text: String
        var limits: SDPParserLimits = .default
        /// Expected line number for line-specific errors, when it matters.
        var line: Int? = nil
    }

    static let cases: [Case] = [
        Case(name: "empty", text: ""),
        Case(name: "only blank lines", text: "\r\n\r\n"),
        Case(name: "missing v=", text: SampleOffer.replacing("v=0", with: nil)),
        Case(name: "v=1", text: SampleOffer.replacing("v=0", with: "v=1"), line: 1),
        Case(name: "second v=", text: SampleOffer.replacing("s=-", with: "s=-\r\nv=0"), line: 4),
        Case(name: "missing o=", text: SampleOffer.replacing("o=", with: nil)),
        Case(name: "missing s=", text: SampleOffer.replacing("s=", with: nil)),
        Case(name: "missing t=", text: SampleOffer.replacing("t=", with: nil)),
        Case(name: "o= with 5 fields", text: SampleOffer.replacing("o=", with: "o=- 123 2 IN IP4"), line: 2),
        Case(name: "o= non-numeric sess-id", text: SampleOffer.replacing("o=", with: "o=- abc 2 IN IP4 127.0.0.1"), line: 2),
        Case(name: "t= not numbers", text: SampleOffer.replacing("t=", with: "t=now later"), line: 4),
        Case(name: "line without =", text: SampleOffer.replacing("s=", with: "s-"), line: 3),
        Case(name: "upper-case type", text: SampleOffer.replacing("a=sendrecv", with: "A=sendrecv"), line: 13),
        Case(name: "unknown type letter", text: SampleOffer.replacing("a=sendrecv", with: "x=1"), line: 13),
        Case(name: "single character line", text: SampleOffer.replacing("a=sendrecv", with: "a"), line: 13),
        Case(name: "blank line in the middle", text: SampleOffer.replacing("a=sendrecv", with: ""), line: 13),
        Case(name: "NUL inside a line", text: SampleOffer.replacing("a=sendrecv", with: "a=send\u{0}recv"), line: 13),
        Case(name: "t= in a media section", text: SampleOffer.replacing("a=sendrecv", with: "t=0 0"), line: 13),
        Case(name: "m= without formats", text: SampleOffer.replacing("m=", with: "m=audio 9 UDP/TLS/RTP/SAVPF"), line: 6),
        Case(name: "m= port too large", text: SampleOffer.replacing("m=", with: "m=audio 70000 UDP/TLS/RTP/SAVPF 111"), line: 6),
        Case(name: "m= negative port", text: SampleOffer.replacing("m=", with: "m=audio -1 UDP/TLS/RTP/SAVPF 111"), line: 6),
        Case(name: "m= port not a number", text: SampleOffer.replacing("m=", with: "m=audio nine UDP/TLS/RTP/SAVPF 111"), line: 6),
        Case(name: "m= RTP format not a payload type", text: SampleOffer.replacing("m=", with: "m=audio 9 UDP/TLS/RTP/SAVPF opus"), line: 6),
        Case(name: "m= payload type 128", text: SampleOffer.replacing("m=", with: "m=audio 9 UDP/TLS/RTP/SAVPF 128"), line: 6),
        Case(name: "c= two fields", text: SampleOffer.replacing("c=", with: "c=IN IP4"), line: 7),
        Case(name: "empty attribute name", text: SampleOffer.replacing("a=sendrecv", with: "a=:x"), line: 13),
        Case(name: "ice-ufrag too short", text: SampleOffer.replacing("a=ice-ufrag", with: "a=ice-ufrag:abc"), line: 8),
        Case(name: "ice-ufrag bad char", text: SampleOffer.replacing("a=ice-ufrag", with: "a=ice-ufrag:ab-cd"), line: 8),
        Case(name: "ice-pwd too short", text: SampleOffer.replacing("a=ice-pwd", with: "a=ice-pwd:short"), line: 9),
        Case(name: "ice-pwd without value", text: SampleOffer.replacing("a=ice-pwd", with: "a=ice-pwd"), line: 9),
        Case(name: "fingerprint bad hex", text: SampleOffer.replacing("a=fingerprint", with: "a=fingerprint:sha-256 ZZ:B2"), line: 10),
        Case(name: "fingerprint wrong length", text: SampleOffer.replacing("a=fingerprint", with: "a=fingerprint:sha-256 E6:B2:06"), line: 10),
        Case(name: "fingerprint one digit", text: SampleOffer.replacing("a=fingerprint", with: "a=fingerprint:sha-1 E:B2:06:4D:32:77:84:07:EE:71:FB:C3:87:5A:C8:B6:EB:BF:1F:49"), line: 10),
        Case(name: "fingerprint no algorithm", text: SampleOffer.replacing("a=fingerprint", with: "a=fingerprint:E6:B2"), line: 10),
        Case(name: "fingerprint trailing colon", text: SampleOffer.replacing("a=fingerprint", with: "a=fingerprint:sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:"), line: 10),
        Case(name: "setup unknown", text: SampleOffer.replacing("a=setup", with: "a=setup:client"), line: 11),
        Case(name: "mid empty", text: SampleOffer.replacing("a=mid", with: "a=mid:"), line: 12),
        Case(name: "rtpmap no rate", text: SampleOffer.replacing("a=rtpmap:111", with: "a=rtpmap:111 opus"), line: 15),
        Case(name: "rtpmap pt 200", text: SampleOffer.replacing("a=rtpmap:111", with: "a=rtpmap:200 opus/48000/2"), line: 15),
        Case(name: "rtpmap zero rate", text: SampleOffer.replacing("a=rtpmap:111", with: "a=rtpmap:111 opus/0/2"), line: 15),
        Case(name: "rtpmap bad channels", text: SampleOffer.replacing("a=rtpmap:111", with: "a=rtpmap:111 opus/48000/two"), line: 15),
        Case(name: "fmtp without parameters", text: SampleOffer.replacing("a=fmtp", with: "a=fmtp:111"), line: 16),
        Case(name: "ssrc not a number", text: SampleOffer.replacing("a=ssrc", with: "a=ssrc:abc cname:x"), line: 18),
        Case(name: "ssrc too large", text: SampleOffer.replacing("a=ssrc", with: "a=ssrc:4294967296 cname:x"), line: 18),
        Case(name: "extmap id 0", text: SampleOffer.replacing("a=ssrc", with: "a=extmap:0 urn:x"), line: 18),
        Case(name: "extmap bad direction", text: SampleOffer.replacing("a=ssrc", with: "a=extmap:1/sideways urn:x"), line: 18),
        Case(name: "rtcp-fb bad pt", text: SampleOffer.replacing("a=ssrc", with: "a=rtcp-fb:x nack"), line: 18),
        Case(name: "candidate truncated", text: SampleOffer.replacing("a=ssrc", with: "a=candidate:1 1 udp 2122194687 192.0.2.2"), line: 18),
        Case(name: "group without semantics", text: SampleOffer.replacing("a=group", with: "a=group:"), line: 5),
        Case(name: "too large", text: SampleOffer.text, limits: SDPParserLimits(maxBytes: 100)),
        Case(name: "too many lines", text: SampleOffer.text, limits: SDPParserLimits(maxLines: 10)),
        Case(name: "too many media sections", text: SampleOffer.text + "m=video 0 UDP/TLS/RTP/SAVPF 96\r\n",
             limits: SDPParserLimits(maxMediaSections: 1)),
        Case(name: "a 100 KiB attribute", text: SampleOffer.text + "a=x:" + String(repeating: "y", count: 100 * 1024) + "\r\n"),
        Case(name: "truncated inside the first line", text: "v"),
        Case(name: "truncated after o=", text: "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n"),
        Case(name: "binary garbage", text: String(decoding: [0xFF, 0xFE, 0x00, 0x3D, 0x0A, 0x01], as: UTF8.self)),
    ]

    func testEveryMalformedInputThrows() {
        for c in Self.cases {
            XCTAssertThrowsError(try SessionDescription(parsing: c.text, limits: c.limits), c.name) { error in
                guard let sdpError = error as? SDPError else { return XCTFail("\(c.name): \(error) is not an SDPError") }
                XCTAssertFalse(sdpError.description.isEmpty, c.name)
                if let expected = c.line {
                    switch sdpError {
                    case let .malformedLine(line, _), let .invalidValue(line, _, _):
                        XCTAssertEqual(line, expected, "\(c.name): \(sdpError)")
                    default:
                        XCTFail("\(c.name): expected an error at line \(expected), got \(sdpError)")
                    }
                }
            }
        }
    }

    func testSampleOfferIsValid() throws {
        // Guards the table above: the unmodified sample must parse.
        let sdp = try SessionDescription(parsing: SampleOffer.text)
        XCTAssertEqual(sdp.media.first?.attributes.count, 11)
    }

    func testErrorsNameTheProblem() {
        XCTAssertThrowsError(try SessionDescription(parsing: SampleOffer.replacing("a=fingerprint", with: "a=fingerprint:sha-256 E6:B2:06"))) { error in
            XCTAssertEqual("\(error)", "SDP line 10: invalid fingerprint: sha-256 fingerprint has 3 bytes, expected 32")
        }
        XCTAssertThrowsError(try SessionDescription(parsing: "")) { error in
            XCTAssertEqual(error as? SDPError, .empty)
        }
        XCTAssertThrowsError(try SessionDescription(parsing: SampleOffer.text, limits: SDPParserLimits(maxBytes: 10))) { error in
            XCTAssertEqual(error as? SDPError, .tooLarge(bytes: SampleOffer.text.utf8.count, limit: 10))
        }
    }
}
