import NIOCore
import NIOWebSocket
import SignalingProtocol
import XCTest
@testable import Caller
@testable import Server

/// Every documented signalling error, case by case (PROTOCOL.md; `SignalingErrorCode`): what the
/// server answers, whether it closes and with which code, and that nothing else on the server
/// notices.
final class SignalingErrorTableTests: XCTestCase {
    /// One frame as a client sends it.
    struct Frame {
        var opcode: WebSocketOpcode = .text
        var bytes: [UInt8]
        var fin = true

        static func text(_ text: String) -> Frame { Frame(bytes: Array(text.utf8)) }
    }

    /// Messages that get an error and leave the session open.
    let recoverable: [(name: String, frames: [Frame], code: SignalingErrorCode)] = [
        ("malformed JSON", [.text("{not json")], .badJSON),
        ("truncated JSON", [.text(#"{"type":"text","text":"I have"#)], .badJSON),
        ("not UTF-8", [Frame(bytes: [0x7B, 0xFF, 0xFE, 0x7D])], .badJSON),
        ("not an object", [.text("[1,2,3]")], .badMessage),
        ("no type", [.text(#"{"sdp":"v=0"}"#)], .badMessage),
        ("type not a string", [.text(#"{"type":7}"#)], .badMessage),
        ("unknown type", [.text(#"{"type":"dance"}"#)], .unknownType),
        ("offer without sdp", [.text(#"{"type":"offer"}"#)], .badMessage),
        ("offer with a number", [.text(#"{"type":"offer","sdp":5}"#)], .badMessage),
        ("text without text", [.text(#"{"type":"text"}"#)], .badMessage),
        ("binary message", [Frame(opcode: .binary, bytes: [1, 2, 3])], .badMessage),
        ("continuation out of sequence", [Frame(opcode: .continuation, bytes: Array("{}".utf8))], .badMessage),
        ("fragmented unknown type", [Frame(bytes: Array(#"{"type":"#.utf8), fin: false),
                                     Frame(opcode: .continuation, bytes: Array(#""dance"}"#.utf8))], .unknownType),
        ("offer that is not SDP", [.text(#"{"type":"offer","sdp":"v=0\r\nthis is not sdp"}"#)], .badSDP),
    ]

    func testEachMalformedMessageGetsItsErrorAndTheSessionGoesOn() async throws {
        let server = try TestServer(echo: true)
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, token) = try await server.createInterview()
        let client = try await SignalingClient.connect(url: server.signalURL(id: id, token: token))
        for (name, frames, expected) in recoverable {
            for frame in frames { try await client.sendFrame(frame) }
            let reply = try await withTimeout(.seconds(10)) { try await client.next() }
            guard case .error(let code, let message)? = reply else {
                XCTFail("\(name): expected \(expected), got \(String(describing: reply))")
                continue
            }
            XCTAssertEqual(code, expected, "\(name): \(message)")
            XCTAssertFalse(message.isEmpty, name)
        }
        // Still the same live session: a typed answer is stored and echoed.
        try await client.send(.text("still here"))
        guard case .transcript(_, let text, true, _)? = try await client.next() else { return XCTFail("expected a final transcript") }
        XCTAssertEqual(text, "still here")
        await client.close()
    }

    func testOversizedMessagesAreRefusedWith1009AndOtherCallsGoOn() async throws {
        let server = try TestServer(echo: true)
        try await server.start()
        defer { Task { await server.stop() } }
        let limit = server.configuration.maxMessageBytes
        XCTAssertEqual(limit, 64 * 1024, "the documented default")
        let (otherId, otherToken) = try await server.createInterview()
        let other = try await SignalingClient.connect(url: server.signalURL(id: otherId, token: otherToken))

        func oversizedText(_ bytes: Int) -> String {
            let prefix = #"{"type":"text","text":""#
            return prefix + String(repeating: "a", count: bytes - prefix.utf8.count - 2) + #""}"#
        }
        let cases: [(name: String, frames: [Frame], answered: Bool)] = [
            ("one byte over, one frame", [.text(oversizedText(limit + 1))], true),
            ("twice the limit, one frame", [.text(oversizedText(2 * limit))], true),
            ("over the limit in fragments", [Frame(bytes: Array(oversizedText(2 * limit).utf8.prefix(limit - 10)), fin: false),
                                             Frame(opcode: .continuation, bytes: [UInt8](repeating: 0x61, count: limit), fin: false)], true),
            // Beyond the frame limit (4 × the message limit) the frame decoder refuses the frame
            // before Parley sees it: close 1009 without a JSON error.
            ("over the frame limit", [.text(oversizedText(5 * limit))], false),
        ]
        for (name, frames, answered) in cases {
            let (id, token) = try await server.createInterview()
            let client = try await SignalingClient.connect(url: server.signalURL(id: id, token: token))
            // (The server may reset the connection while a frame over the frame limit is still being written.)
            for frame in frames { try? await client.sendFrame(frame) }
            var codes: [SignalingErrorCode] = []
            while let message = try? await withTimeout(.seconds(10), { try await client.next() }) {
                if case .error(let code, _) = message { codes.append(code) }
            }
            if answered {
                XCTAssertEqual(codes, [.tooLarge], name)
                XCTAssertEqual(client.closeCode, 1009, "\(name): close code")
            } else {
                // A reset may beat the close frame to the client; when the frame arrives it says 1009.
                XCTAssertTrue(client.closeCode == nil || client.closeCode == 1009, "\(name): close code \(String(describing: client.closeCode))")
            }
            await client.close()

            // A message just under the limit is still fine elsewhere, and the other session is unaffected.
            try await other.send(.text("after \(name)"))
            guard case .transcript(_, let text, true, _)? = try await withTimeout(.seconds(10), { try await other.next() }) else {
                return XCTFail("\(name): the other session stopped answering")
            }
            XCTAssertEqual(text, "after \(name)")
        }
        let fits = oversizedText(limit)
        try await other.sendRaw(fits)
        guard case .transcript(_, let long, true, _)? = try await withTimeout(.seconds(10), { try await other.next() }) else {
            return XCTFail("a message of exactly the limit must be accepted")
        }
        XCTAssertEqual(long.count, limit - #"{"type":"text","text":""}"#.utf8.count)
        let (status, _) = try await server.request("GET", "/healthz")
        XCTAssertEqual(status, 200)
        await other.close()
    }

    func testTokensAndSessionsGetTheirErrorsAndCloseCodes() async throws {
        let server = try TestServer(echo: true)
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, token) = try await server.createInterview()
        let base = "ws://127.0.0.1:\(server.httpPort)/v1/interviews"

        let refusals: [(name: String, url: String, code: SignalingErrorCode, close: UInt16)] = [
            ("no token", "\(base)/\(id)/signal", .unauthorized, 4001),
            ("empty token", "\(base)/\(id)/signal?token=", .unauthorized, 4001),
            ("wrong token", server.signalURL(id: id, token: "wrong-token"), .unauthorized, 4001),
            ("another interview's token", server.signalURL(id: id, token: try await server.createInterview().joinToken), .unauthorized, 4001),
            ("unknown interview", server.signalURL(id: "iv_nope", token: token), .notFound, 4004),
        ]
        for (name, url, expected, close) in refusals {
            let client = try await SignalingClient.connect(url: url)
            let reply = try await withTimeout(.seconds(10)) { try await client.next() }
            guard case .error(let code, _)? = reply else {
                XCTFail("\(name): expected \(expected), got \(String(describing: reply))")
                continue
            }
            XCTAssertEqual(code, expected, name)
            _ = try? await withTimeout(.seconds(10)) { try await client.next() }
            XCTAssertEqual(client.closeCode, close, name)
            await client.close()
        }

        // A live session with media: a second offer on it is bad_state, a second connection to
        // the interview (an offer for an interview in progress) is session_in_progress / 4009.
        let caller = try await SyntheticCaller.join(signalURL: server.signalURL(id: id, token: token))
        try await caller.waitUntilConnected()
        try await caller.signaling.send(.offer(sdp: "v=0\r\n"))
        let again = try await withTimeout(.seconds(10)) { try await caller.signaling.next { if case .error = $0 { true } else { false } } }
        guard case .error(let againCode, _)? = again else { return XCTFail("expected bad_state") }
        XCTAssertEqual(againCode, .badState)
        for url in [server.signalURL(id: id, token: token), server.signalURL(id: id, token: server.adminToken)] {
            let second = try await SignalingClient.connect(url: url)
            guard case .error(let code, _)? = try await withTimeout(.seconds(10), { try await second.next() }) else {
                return XCTFail("expected session_in_progress")
            }
            XCTAssertEqual(code, .sessionInProgress)
            _ = try? await withTimeout(.seconds(10)) { try await second.next() }
            XCTAssertEqual(second.closeCode, 4009)
            await second.close()
        }
        // The first session is unaffected by all of that.
        try await caller.play(Tone.sine(frequency: 440, seconds: 0.5))
        XCTAssertGreaterThan(caller.receivedSoFar.packets, 0)
        await caller.hangUp()

        // Once ended, the interview refuses new sessions: bad_state, normal closure.
        try await Task.sleep(for: .milliseconds(300))
        let late = try await SignalingClient.connect(url: server.signalURL(id: id, token: token))
        guard case .error(let lateCode, _)? = try await withTimeout(.seconds(10), { try await late.next() }) else {
            return XCTFail("expected bad_state")
        }
        XCTAssertEqual(lateCode, .badState)
        _ = try? await withTimeout(.seconds(10)) { try await late.next() }
        XCTAssertEqual(late.closeCode, 1000)
        await late.close()
    }
}

extension SignalingClient {
    /// Sends one raw frame (any opcode, fragment or not).
    func sendFrame(_ frame: SignalingErrorTableTests.Frame) async throws {
        try await sendFrame(fin: frame.fin, opcode: frame.opcode, bytes: frame.bytes)
    }
}
