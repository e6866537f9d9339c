import Caller
import SignalingProtocol
import XCTest
@testable import Server

/// Regression test for the client role's signalling reader: a wait that times out (its task
/// cancelled) used to end the message stream for good, so the next read returned nil at once and
/// a reading loop spun at full CPU while the socket was still open. Now nothing is lost.
final class SignalingClientCancellationTests: XCTestCase {
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
        // Messages that arrived before the close (e.g. `complete` answering the hang-up) are still
        // delivered, then nil — each at once, never a wait.
        var drained = 0
        while try await withTimeout(.seconds(1), { try await signaling.next() }) != nil {
            drained += 1
            XCTAssertLessThan(drained, 10, "a closed connection must run out of messages")
            if drained >= 10 { break }
        }
    }
}
