import Caller
import SignalingProtocol
import XCTest
@testable import Server

/// The documented errors of the signalling WebSocket, and that they leave the server serving.
final class SignalingErrorTests: XCTestCase {
    func testWrongTokensMalformedMessagesAndSecondSessions() async throws {
        let server = try TestServer(echo: true)
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, token) = try await server.createInterview()

        // Wrong token: unauthorized, then close 4001.
        let intruder = try await SignalingClient.connect(url: server.signalURL(id: id, token: "wrong-token"))
        let denied = try await intruder.next()
        guard case .error(let code, _)? = denied else { return XCTFail("expected an error, got \(String(describing: denied))") }
        XCTAssertEqual(code, .unauthorized)
        _ = try? await intruder.next()
        XCTAssertEqual(intruder.closeCode, 4001)

        // Unknown interview.
        let lost = try await SignalingClient.connect(url: server.signalURL(id: "iv_nope", token: token))
        guard case .error(let lostCode, _)? = try await lost.next() else { return XCTFail("expected an error") }
        XCTAssertEqual(lostCode, .notFound)
        await lost.close()

        // A live session: malformed and unknown messages get errors and the session goes on.
        let first = try await SignalingClient.connect(url: server.signalURL(id: id, token: token))
        try await first.sendRaw("{not json")
        guard case .error(let c1, _)? = try await first.next() else { return XCTFail("expected bad_json") }
        XCTAssertEqual(c1, .badJSON)
        try await first.sendRaw(#"{"type":"dance"}"#)
        guard case .error(let c2, _)? = try await first.next() else { return XCTFail("expected unknown_type") }
        XCTAssertEqual(c2, .unknownType)
        try await first.send(.offer(sdp: "v=0\r\nthis is not sdp"))
        guard case .error(let c3, _)? = try await first.next() else { return XCTFail("expected bad_sdp") }
        XCTAssertEqual(c3, .badSDP)

        // A second connection to the same interview is refused with 4009.
        let second = try await SignalingClient.connect(url: server.signalURL(id: id, token: token))
        guard case .error(let c4, _)? = try await second.next() else { return XCTFail("expected session_in_progress") }
        XCTAssertEqual(c4, .sessionInProgress)
        _ = try? await second.next()
        XCTAssertEqual(second.closeCode, 4009)

        // The first session still works: a typed answer is stored and echoed as a final transcript.
        try await first.send(.text("I have used Swift for four years"))
        guard case .transcript(_, let text, let final, _)? = try await first.next() else { return XCTFail("expected a transcript") }
        XCTAssertEqual(text, "I have used Swift for four years")
        XCTAssertTrue(final)
        try await first.send(.end)
        guard case .complete(let completedId)? = try await first.next() else { return XCTFail("expected complete") }
        XCTAssertEqual(completedId, id)

        // And the server still answers REST.
        let (status, _) = try await server.request("GET", "/healthz")
        XCTAssertEqual(status, 200)
        let (transcriptStatus, transcript) = try await server.request("GET", "/v1/interviews/\(id)/transcript", token: token)
        XCTAssertEqual(transcriptStatus, 200)
        XCTAssertEqual((transcript as? [[String: Any]])?.first?["text"] as? String, "I have used Swift for four years")
    }
}
