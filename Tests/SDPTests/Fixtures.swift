import Foundation
import XCTest

/// Real offers captured from browsers and aiortc, stored in `Fixtures/`.
enum Fixture: String, CaseIterable {
    case chromiumFull = "chromium156-full"
    case chromiumTrickle = "chromium156-trickle"
    case chromiumVideoAndData = "chromium156-withVideoAndData"
    case aiortc = "aiortc1.16-offer"
    /// Firefox ESR 153 `localDescription` right after `setLocalDescription` (no candidates yet).
    case firefoxOffer = "firefox153-offer"
    /// The same Firefox offer after ICE gathering completed (loopback-only host candidates).
    case firefoxFull = "firefox153-full"

    func text() throws -> String {
        let url = try XCTUnwrap(Bundle.module.url(forResource: rawValue, withExtension: "sdp", subdirectory: "Fixtures"),
                                "fixture \(rawValue).sdp missing from the test bundle")
        return try String(contentsOf: url, encoding: .utf8)
    }
}

/// A valid minimal offer in the shape browsers send, for tests that change one line.
enum SampleOffer {
    static let lines: [String] = [
        "v=0",
        "o=- 123 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0",
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 0",
        "c=IN IP4 0.0.0.0",
        "a=ice-ufrag:abcd",
        "a=ice-pwd:abcdefghijklmnopqrstuv",
        "a=fingerprint:sha-256 E6:B2:06:4D:32:77:84:07:EE:71:FB:C3:87:5A:C8:B6:EB:BF:1F:49:97:85:4C:36:F5:5A:AF:57:C9:3F:8E:B8",
        "a=setup:actpass",
        "a=mid:0",
        "a=sendrecv",
        "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2",
        "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=rtpmap:0 PCMU/8000",
        "a=ssrc:1234 cname:abc",
    ]

    static var text: String { lines.joined(separator: "\r\n") + "\r\n" }

    /// The sample with lines whose text starts with `prefix` replaced by `replacement` (or removed when nil).
    static func replacing(_ prefix: String, with replacement: String?) -> String {
        lines.compactMap { $0.hasPrefix(prefix) ? replacement : $0 }.joined(separator: "\r\n") + "\r\n"
    }
}
