import Caller
import MediaSession
import XCTest
@testable import Server

/// Parley's own client role calls `parley serve --echo` over real loopback sockets (signalling
/// WebSocket, ICE, DTLS, SRTP), sends a 440 Hz tone for 3 s and must hear 440 Hz back.
final class EchoCallTests: XCTestCase {
    func testCallerHearsItsToneEchoed() async throws {
        let server = try TestServer(echo: true)
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, token) = try await server.createInterview()

        let caller = try await SyntheticCaller.join(signalURL: server.signalURL(id: id, token: token))
        try await caller.waitUntilConnected()
        try await caller.play(Tone.sine(frequency: 440, seconds: 3))
        try await Task.sleep(for: .milliseconds(300))
        let received = caller.receivedSoFar
        let stats = try await caller.stats()
        await caller.hangUp()

        XCTAssertGreaterThan(received.packets, 120, "expected ~150 echoed packets, got \(received.packets)")
        let tail = Array(received.samples.dropFirst(24_000))
        XCTAssertGreaterThan(Tone.rms(tail), 1000)
        XCTAssertEqual(Double(Tone.dominantFrequency(tail)), 440, accuracy: 10)
        XCTAssertEqual(stats.packetsSent, 150)
    }
}
