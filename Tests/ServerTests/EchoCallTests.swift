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

        let clock = ContinuousClock()
        let started = clock.now
        let caller = try await SyntheticCaller.join(signalURL: server.signalURL(id: id, token: token))
        let answered = clock.now
        try await caller.waitUntilConnected()
        let connected = clock.now
        try await caller.play(Tone.sine(frequency: 440, seconds: 3))
        print("echo call: signalling+answer \(answered - started), answer→DTLS-SRTP connected \(connected - answered), played 3 s in \(clock.now - connected)")
        try await Task.sleep(for: .milliseconds(300))
        let received = caller.receivedSoFar
        let stats = try await caller.stats()
        await caller.hangUp()

        XCTAssertGreaterThan(received.packets, 120, "expected ~150 echoed packets, got \(received.packets)")
        let tail = Array(received.samples.dropFirst(24_000))
        XCTAssertGreaterThan(Tone.rms(tail), 1000)
        // One second of the echo, 1 Hz steps over 300–600 Hz (a Goertzel scan; debug builds are slow).
        XCTAssertEqual(Double(Tone.dominantFrequency(Array(tail.prefix(48_000)), range: 300...600)), 440, accuracy: 10)
        XCTAssertEqual(stats.packetsSent, 150)

        // The media path's instruments saw the call.
        let metrics = try await server.scrapeMetrics()
        for name in ["parley_jitter_buffer_delay_seconds", "parley_encode_send_seconds", "parley_outgoing_frame_pacing_jitter_seconds"] {
            server.assertObserved(metrics, name)
        }
        server.assertObserved(metrics, "parley_event_loop_lag_seconds", labels: #"{loop="media"}"#)
        XCTAssertNotNil(metrics["parley_active_calls"])
        XCTAssertEqual(metrics["parley_encode_send_seconds_count"] ?? 0, metrics["parley_outgoing_frame_pacing_jitter_seconds_count"] ?? -1,
                       "one encode+send and one pacing figure per outgoing frame")
    }
}
