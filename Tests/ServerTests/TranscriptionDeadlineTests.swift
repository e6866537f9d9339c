import Caller
import ESpeakNG
import SignalingProtocol
import SpeexDSP
import XCTest
@testable import Server

/// An overloaded transcription service (it accepts the connection and never answers) must not
/// stall a turn: after `sttDeadlineMs` the embedded engine answers, and the interview goes on.
final class TranscriptionDeadlineTests: XCTestCase {
    func testAHungTranscriptionServiceCostsAtMostTheDeadline() async throws {
        let hung = try XCTUnwrap(TCPListener(host: "127.0.0.1"))
        let deadlineMs = 1_000
        let server = try TestServer(echo: false, extraFlags: [
            "--stt-url": "http://127.0.0.1:\(hung.port)", "--stt-deadline-ms": "\(deadlineMs)",
        ])
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, token) = try await server.createInterview()
        let caller = try await SyntheticCaller.join(signalURL: server.signalURL(id: id, token: token))
        try await caller.waitUntilConnected()
        while true {
            guard let message = try await withTimeout(.seconds(30), { try await caller.signaling.next() }) else {
                return XCTFail("signalling closed early")
            }
            if case .state(.listening, _) = message { break }
        }

        let speech = try ESpeakSynthesizer.shared().synthesize(text: "I have worked with Swift for four years on backend services.")
        let resampler = try Resampler(inputRate: speech.sampleRate, outputRate: 48_000)
        try await caller.play(resampler.process(speech.samples) + resampler.flush() + [Int16](repeating: 0, count: 48_000))
        var final: String?
        var metrics: TurnMetrics?
        while metrics == nil {
            guard let message = try await withTimeout(.seconds(30), { try await caller.signaling.next() }) else { break }
            switch message {
            case .transcript(.candidate, let text, true, _): final = text
            case .turnMetrics(let m): metrics = m
            case .error(let code, let text): return XCTFail("\(code): \(text)")
            default: break
            }
        }
        await caller.hangUp()
        let turn = try XCTUnwrap(metrics, "the turn must complete")
        let stt = try XCTUnwrap(turn.sttFinalMs)
        print("hung STT service: final \"\(final ?? "")\" after \(stt) ms (deadline \(deadlineMs) ms)")
        XCTAssertNotNil(final, "the embedded engine's final is sent")
        // The margin covers PocketSphinx decoding this 4 s answer again with its generic language
        // model (measured 2.2–2.8 s on this loaded 2-core machine).
        XCTAssertLessThan(stt, Double(deadlineMs + 4_500), "the deadline bounds the wait for the final")
        XCTAssertGreaterThanOrEqual(stt, Double(deadlineMs) - 50, "the service was given its deadline")
        withExtendedLifetime(hung) {}
    }
}
