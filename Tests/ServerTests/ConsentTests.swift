import Caller
import SignalingProtocol
import XCTest
@testable import Server

/// RFC 7675 consent freshness end to end: when a caller's media vanishes (no close_notify, no BYE),
/// the server tears the session down after the consent timeout, tells the signalling client and
/// marks the interview disconnected.
final class ConsentTests: XCTestCase {
    func testVanishedCallerIsDisconnectedAfterConsentTimeout() async throws {
        let server = try TestServer(echo: true, consentTimeoutSeconds: 2)
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, caller) = try await server.joinedCall()
        // Consent runs from the last authenticated check, which came just before DTLS connected;
        // the caller's next check is due ~5 s later, after the 2 s timeout, so media keeps flowing
        // for a moment and then the caller vanishes.
        let clock = ContinuousClock()
        let connected = clock.now
        try await caller.play(Tone.sine(frequency: 300, seconds: 0.5))
        await caller.abandonMedia()
        let message = try await caller.signaling.next { if case .error = $0 { return true } else { return false } }
        let waited = clock.now - connected
        guard case .error(let code, _)? = message else { return XCTFail("expected a disconnected error, got \(String(describing: message))") }
        XCTAssertEqual(code, .disconnected)
        XCTAssertGreaterThanOrEqual(waited, .milliseconds(1800), "consent must not expire before the timeout")
        XCTAssertLessThanOrEqual(waited, .seconds(4))
        let (_, detail) = try await server.request("GET", "/v1/interviews/\(id)", token: server.adminToken)
        XCTAssertEqual((detail as? [String: Any])?["status"] as? String, "disconnected")
        await caller.hangUp(sendEnd: false)
    }
}
