import Caller
import ESpeakNG
import SignalingProtocol
import SpeexDSP
import XCTest
@testable import Server

/// An interview over a real call: Parley's own client joins, hears the interviewer, answers with
/// synthesized speech over SRTP, and the interview moves on with a transcript and turn metrics.
/// (The transcription service is left unreachable here, so PocketSphinx answers each turn.)
final class InterviewCallTests: XCTestCase {
    func testInterviewAdvancesOverRealMedia() async throws {
        let server = try TestServer(echo: false, extraFlags: ["--stt-url": "http://127.0.0.1:9"])
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, token) = try await server.createInterview()
        let caller = try await SyntheticCaller.join(signalURL: server.signalURL(id: id, token: token))
        try await caller.waitUntilConnected()

        // The interviewer greets and asks; wait until it listens.
        var sawInterviewer = false
        var listeningFor: Int?
        var pacingJitterMaxMs: [Double] = []
        while listeningFor == nil {
            guard let message = try await withTimeout(.seconds(30), { try await caller.signaling.next() }) else {
                return XCTFail("signalling closed early")
            }
            switch message {
            case .mediaStats(let stats): pacingJitterMaxMs += stats.pacingJitterMaxMs.map { [$0] } ?? []
            case .interviewer: sawInterviewer = true
            case .state(.listening, let question): listeningFor = question
            case .error(let code, let text): return XCTFail("\(code): \(text)")
            default: break
            }
        }
        XCTAssertTrue(sawInterviewer)
        let heard = caller.receivedSoFar
        XCTAssertGreaterThan(heard.packets, 50, "the interviewer's audio reaches the caller")
        XCTAssertGreaterThan(Tone.rms(heard.samples), 300)

        // Answer, then fall silent: the endpointer ends the turn, it is transcribed and answered.
        try await caller.play(try speech48k("I have worked with Swift for four years, mostly on backend services."))
        try await caller.play([Int16](repeating: 0, count: 48_000))
        var transcript: String?
        var metrics: TurnMetrics?
        while metrics == nil {
            guard let message = try await withTimeout(.seconds(30), { try await caller.signaling.next() }) else { break }
            switch message {
            case .transcript(.candidate, let text, true, _): transcript = text
            case .turnMetrics(let m): metrics = m
            case .mediaStats(let stats): pacingJitterMaxMs += stats.pacingJitterMaxMs.map { [$0] } ?? []
            case .error(let code, let text): return XCTFail("\(code): \(text)")
            default: break
            }
        }
        let turn = try XCTUnwrap(metrics, "a turn must report its latency")
        print("turn: transcript=\(transcript ?? "-") endOfSpeech→firstAudio=\(turn.endOfSpeechToFirstAudioMs) ms jitterBuffer=\(turn.jitterBufferMs ?? -1) endpointing=\(turn.endpointingMs ?? -1) stt=\(turn.sttFinalMs ?? -1) policy=\(turn.policyFirstTokenMs ?? -1) tts=\(turn.ttsFirstChunkMs ?? -1) out=\(turn.firstPacketOutMs ?? -1)")
        XCTAssertGreaterThan(turn.endOfSpeechToFirstAudioMs, 0)
        let stages = [turn.jitterBufferMs, turn.endpointingMs, turn.sttFinalMs, turn.policyFirstTokenMs, turn.ttsFirstChunkMs,
                      turn.firstPacketOutMs].compactMap { $0 }
        XCTAssertEqual(stages.count, 6)
        XCTAssertEqual(stages.reduce(0, +), turn.endOfSpeechToFirstAudioMs, accuracy: 0.001, "stages add up to the whole")
        XCTAssertGreaterThanOrEqual(turn.jitterBufferMs ?? -1, 0, "audio leaves the jitter buffer after it arrived")
        XCTAssertGreaterThanOrEqual(turn.endpointingMs ?? 0, 300, "the endpointer waits out its 600 ms hangover after the last audible audio")
        XCTAssertFalse(pacingJitterMaxMs.isEmpty, "mediaStats reports the outgoing pacing jitter while the interviewer speaks")

        // Every stage histogram, and the total, saw the turn.
        let scraped = try await server.scrapeMetrics()
        for stage in ServerMetrics.Stage.allCases {
            server.assertObserved(scraped, "parley_turn_stage_seconds", labels: "{stage=\"\(stage.rawValue)\"}")
        }
        server.assertObserved(scraped, "parley_end_of_speech_to_first_audio_seconds")
        XCTAssertEqual(scraped["parley_active_calls"], 1)

        await caller.hangUp()
        try await Task.sleep(for: .milliseconds(300))
        let (_, stored) = try await server.request("GET", "/v1/interviews/\(id)/transcript", token: server.adminToken)
        let lines = try XCTUnwrap(stored as? [[String: Any]])
        XCTAssertTrue(lines.contains { $0["role"] as? String == "interviewer" })
        XCTAssertTrue(lines.contains { $0["role"] as? String == "candidate" })

        // The scored report and the latency summary.
        let (reportStatus, reportBody) = try await server.request("GET", "/v1/interviews/\(id)/report", token: server.adminToken)
        XCTAssertEqual(reportStatus, 200)
        let report = try XCTUnwrap(reportBody as? [String: Any])
        let questions = try XCTUnwrap(report["questions"] as? [[String: Any]])
        XCTAssertEqual(questions.count, 2, "one evaluation per planned question")
        XCTAssertNotNil(report["overallScore"] as? NSNumber)
        XCTAssertNotNil(report["recommendation"] as? String)
        XCTAssertFalse(((questions.first?["relevance"] as? [String: Any])?["rationale"] as? String ?? "").isEmpty)
        let latency = try XCTUnwrap(report["latency"] as? [String: Any])
        XCTAssertEqual(latency["turns"] as? Int, 1)
        let (candidateStatus, _) = try await server.request("GET", "/v1/interviews/\(id)/report", token: token)
        XCTAssertEqual(candidateStatus, 401, "reports are for the recruiter")
    }
}

/// Helpers for tests that hold an interview over a real call.
extension XCTestCase {
    /// eSpeak NG speech at 48 kHz, as a caller's microphone sends it.
    func speech48k(_ text: String) throws -> [Int16] {
        let speech = try ESpeakSynthesizer.shared().synthesize(text: text)
        let resampler = try Resampler(inputRate: speech.sampleRate, outputRate: 48_000)
        return resampler.process(speech.samples) + resampler.flush()
    }

    /// Reads signalling messages until the interview listens; returns the question it listens for.
    func listeningQuestion(_ caller: SyntheticCaller, sawInterviewer: inout Bool) async throws -> Int? {
        while true {
            guard let message = try await withTimeout(.seconds(30), { try await caller.signaling.next() }) else { return nil }
            switch message {
            case .interviewer: sawInterviewer = true
            case .state(.listening, let question): return question
            case .error(let code, let text):
                XCTFail("\(code): \(text)")
                return nil
            default: continue
            }
        }
    }

    func testReconnectResumesAtTheSameQuestion() async throws {
        let server = try TestServer(echo: false, extraFlags: ["--stt-url": "http://127.0.0.1:9"])
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, token) = try await server.createInterview()

        let first = try await SyntheticCaller.join(signalURL: server.signalURL(id: id, token: token))
        try await first.waitUntilConnected()
        var greeted = false
        let question = try await listeningQuestion(first, sawInterviewer: &greeted)
        XCTAssertNotNil(question)
        // The candidate's network drops: no `end`, the connection just goes.
        await first.hangUp(sendEnd: false)
        try await Task.sleep(for: .milliseconds(500))
        let (_, detail) = try await server.request("GET", "/v1/interviews/\(id)", token: server.adminToken)
        XCTAssertEqual((detail as? [String: Any])?["status"] as? String, "disconnected")

        let second = try await SyntheticCaller.join(signalURL: server.signalURL(id: id, token: token))
        try await second.waitUntilConnected()
        var spokeAgain = false
        let resumed = try await listeningQuestion(second, sawInterviewer: &spokeAgain)
        XCTAssertEqual(resumed, question, "the interview resumes at the question it was on")
        XCTAssertTrue(spokeAgain, "the interviewer picks the thread up again")
        await second.hangUp()
    }
}

/// Runs `body`, failing if it takes longer than `limit`.
func withTimeout<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw CancellationError()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        return first
    }
}
