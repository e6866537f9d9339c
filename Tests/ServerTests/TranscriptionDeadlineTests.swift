import Caller
import ESpeakNG
import SignalingProtocol
import SpeexDSP
import XCTest
@testable import Server

/// An overloaded transcription service (it accepts the connection and never answers) must not
/// stall a turn: after `sttDeadlineMs` the live captioner's final answers (it decoded the turn
/// while the candidate spoke), and the interview goes on. The candidate sees caption partials
/// before that final, with its seq.
final class TranscriptionDeadlineTests: XCTestCase {
    func testCaptionsWhileSpeakingAndAHungServiceCostsAtMostTheDeadline() async throws {
        let hung = try XCTUnwrap(TCPListener(host: "127.0.0.1"))
        let deadlineMs = 1_000
        let server = try TestServer(echo: false, extraFlags: [
            "--stt-url": "http://127.0.0.1:\(hung.port)", "--stt-deadline-ms": "\(deadlineMs)",
        ])
        try await server.start()
        defer { Task { await server.stop() } }
        let (_, caller) = try await server.joinedCall()
        while true {
            guard let message = try await withTimeout(.seconds(30), { try await caller.signaling.next() }) else {
                return XCTFail("signalling closed early")
            }
            if case .state(.listening, _) = message { break }
        }

        let speech = try ESpeakSynthesizer.shared().synthesize(text: "I have worked with Swift for four years on backend services.")
        let resampler = try Resampler(inputRate: speech.sampleRate, outputRate: 48_000)
        let spoken = resampler.process(speech.samples) + resampler.flush()
        let speechSeconds = Double(spoken.count) / 48_000
        try await caller.play(spoken + [Int16](repeating: 0, count: 48_000))
        var final: (text: String, seq: Int)?
        var partials: [(text: String, seq: Int, afterFinal: Bool)] = []
        var metrics: TurnMetrics?
        while metrics == nil {
            guard let message = try await withTimeout(.seconds(30), { try await caller.signaling.next() }) else { break }
            switch message {
            case .transcript(.candidate, let text, false, let seq): partials.append((text, seq, final != nil))
            case .transcript(.candidate, let text, true, let seq): final = (text, seq)
            case .turnMetrics(let m): metrics = m
            case .error(let code, let text): return XCTFail("\(code): \(text)")
            default: break
            }
        }
        await caller.hangUp()
        let turn = try XCTUnwrap(metrics, "the turn must complete")
        let stt = try XCTUnwrap(turn.sttFinalMs)
        let answer = try XCTUnwrap(final, "the embedded final is sent")
        print("hung STT service: final \"\(answer.text)\" after \(stt) ms (deadline \(deadlineMs) ms); \(partials.count) caption partials: \(partials.map(\.text))")

        // Live captions came while the candidate spoke, with the final's seq, never after it.
        XCTAssertFalse(partials.isEmpty, "caption partials before the final")
        XCTAssertTrue(partials.allSatisfy { $0.seq == answer.seq && !$0.afterFinal })
        XCTAssertLessThanOrEqual(partials.count, Int(speechSeconds / 0.3) + 2, "at most one partial per caption interval")
        XCTAssertFalse(answer.text.isEmpty)
        // The captioner's final answers at the deadline: no second decode of the turn.
        XCTAssertLessThan(stt, Double(deadlineMs + 1_000), "the deadline bounds the wait for the final")
        XCTAssertGreaterThanOrEqual(stt, Double(deadlineMs) - 50, "the service was given its deadline")
        withExtendedLifetime(hung) {}
    }
}
