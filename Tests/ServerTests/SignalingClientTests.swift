import Caller
import SignalingProtocol
import XCTest
@testable import Server

/// Regression tests for the client role's signalling connection:
/// - a wait that times out (its task cancelled) used to end the message stream for good, so the
///   next read returned nil at once and a reading loop spun at full CPU while the socket was open;
/// - frames the server sends right after its 101 (an error, then close 4001, for a wrong token)
///   arrived in the same read as the 101 and were lost in about 8 % of connections.
final class SignalingClientTests: XCTestCase {
    func testTimedOutReadsLoseNothing() async throws {
        let server = try TestServer(echo: true)
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, token) = try await server.createInterview()
        let signaling = try await SignalingClient.connect(url: server.signalURL(id: id, token: token))

        // Nothing arrives before an offer: every read times out (its task is cancelled).
        for _ in 0..<20 {
            do {
                _ = try await withTimeout(.milliseconds(20)) { try await signaling.next() }
                XCTFail("nothing should have arrived")
            } catch is CancellationError {}
        }
        guard case .timedOut = try await signaling.next(timeout: .milliseconds(50)) else { return XCTFail("expected a timeout") }
        XCTAssertFalse(signaling.log.isFinished, "timeouts must not end the message log")
        XCTAssertEqual(signaling.log.waitingReaders, 0, "timed-out readers must not stay registered")

        // The same connection still works: offer, answer, DTLS-SRTP, echoed audio.
        let caller = try await SyntheticCaller.join(signaling: signaling)
        try await withTimeout(.seconds(20)) { _ = try await caller.waitUntilConnected() }
        try await caller.play(Tone.sine(frequency: 440, seconds: 1))
        try await Task.sleep(for: .milliseconds(300))
        XCTAssertGreaterThan(caller.receivedPackets.filter(\.isSpeech).count, 20, "the tone comes back")
        await caller.hangUp()
        XCTAssertTrue(signaling.log.isFinished, "closing ends the log")
        // What arrived before the close (e.g. `complete` after our `end`) is still there, then nil.
        var left = 0
        while try await signaling.next() != nil { left += 1 }
        XCTAssertLessThan(left, 10)
        let afterClose = try await signaling.next()
        XCTAssertNil(afterClose, "a closed connection answers nil at once")
    }

    func testFramesRightAfterTheHandshakeAreNeverLost() async throws {
        let server = try TestServer(echo: true)
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, _) = try await server.createInterview()
        var lost: [Int] = []
        for n in 0..<100 {
            let client = try await SignalingClient.connect(url: server.signalURL(id: id, token: "wrong-token"))
            let first = try await client.next()
            guard case .error(.unauthorized, _)? = first else {
                lost.append(n)
                continue
            }
            _ = try await client.next()
            XCTAssertEqual(client.closeCode, 4001)
            await client.close()
        }
        XCTAssertEqual(lost, [], "connections whose first message was lost")

        // A path that is not a WebSocket: the handshake fails with the status line.
        do {
            _ = try await SignalingClient.connect(url: "ws://127.0.0.1:\(server.httpPort)/healthz")
            XCTFail("expected the upgrade to be refused")
        } catch {
            XCTAssertTrue("\(error)".contains("refused the WebSocket upgrade"), "\(error)")
        }
    }
}
