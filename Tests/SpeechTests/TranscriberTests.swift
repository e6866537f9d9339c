import Foundation
import Speech
import XCTest

/// The OpenAI-compatible transcriber against a local fake server: success, retries, client
/// errors, slow and garbled answers, and the fallback that keeps the candidate from waiting.
final class TranscriberTests: XCTestCase {
    let audio = [Int16](repeating: 0, count: 16_000)

    func transcriber(port: Int, timeout: Duration = .seconds(2), deadline: Duration = .seconds(3)) -> OpenAITranscriber {
        OpenAITranscriber(settings: .init(baseURL: "http://127.0.0.1:\(port)/", apiKey: "sk-test", model: "whisper-1",
                                          requestTimeout: timeout, deadline: deadline))
    }

    func testSendsMultipartWAVAndReadsTheText() async throws {
        let server = try FakeHTTPServer(replies: [.init(status: 200, body: #"{"text":" I have used Swift. "}"#)])
        let result = try await transcriber(port: server.port).transcribe(samples16k: audio, prompt: "Swift, Postgres")
        XCTAssertEqual(result.text, "I have used Swift.")
        let request = String(decoding: try XCTUnwrap(server.requests.first), as: UTF8.self)
        XCTAssertTrue(request.hasPrefix("POST /v1/audio/transcriptions HTTP/1.1"))
        XCTAssertTrue(request.contains("Authorization: Bearer sk-test"))
        XCTAssertTrue(request.contains("name=\"model\"\r\n\r\nwhisper-1"))
        XCTAssertTrue(request.contains("name=\"prompt\"\r\n\r\nSwift, Postgres"))
        XCTAssertTrue(request.contains("RIFF") && request.contains("WAVE"))
    }

    func testServerErrorsAreRetriedWithinTheDeadline() async throws {
        let server = try FakeHTTPServer(replies: [
            .init(status: 503, body: "busy"), .init(status: 500, body: "oops"), .init(status: 200, body: #"{"text":"third time"}"#),
        ])
        let result = try await transcriber(port: server.port).transcribe(samples16k: audio, prompt: nil)
        XCTAssertEqual(result.text, "third time")
        XCTAssertEqual(server.requests.count, 3)
    }

    func testClientErrorsAreNotRetried() async throws {
        let server = try FakeHTTPServer(replies: [.init(status: 401, body: #"{"error":{"message":"bad key"}}"#)])
        do {
            _ = try await transcriber(port: server.port).transcribe(samples16k: audio, prompt: nil)
            XCTFail("expected an error")
        } catch let failure as OpenAITranscriber.Failure {
            guard case .http(401, _) = failure else { return XCTFail("\(failure)") }
        }
        XCTAssertEqual(server.requests.count, 1)
    }

    func testGarbledAndSlowAnswersFailThenFallBack() async throws {
        let server = try FakeHTTPServer(replies: [
            .init(status: 200, body: #"{"tex"#), .init(status: 200, body: #"{"text":"late"}"#, delay: .seconds(2)),
        ])
        let fallbackUsed = ErrorBox()
        let transcriber = FallbackTranscriber(
            primary: transcriber(port: server.port, timeout: .milliseconds(500), deadline: .milliseconds(900)),
            fallback: FixedTranscriber(text: "fallback words"),
            onFallback: { fallbackUsed.record($0) })
        let clock = ContinuousClock()
        let started = clock.now
        let result = try await transcriber.transcribe(samples16k: audio, prompt: nil)
        XCTAssertEqual(result.text, "fallback words")
        XCTAssertEqual(result.engine, "fixed")
        XCTAssertLessThan(clock.now - started, .seconds(2), "the deadline bounds the wait")
        XCTAssertEqual(fallbackUsed.count, 1)
    }

    func testUnreachableServiceFallsBack() async throws {
        let closedPort = try FakeHTTPServer(replies: []).port  // the server is gone once this line ends
        let transcriber = FallbackTranscriber(
            primary: transcriber(port: closedPort, timeout: .milliseconds(200), deadline: .milliseconds(500)),
            fallback: FixedTranscriber(text: "embedded"))
        let result = try await transcriber.transcribe(samples16k: audio, prompt: nil)
        XCTAssertEqual(result.text, "embedded")
    }
}

struct FixedTranscriber: UtteranceTranscriber {
    let text: String
    func transcribe(samples16k: [Int16], prompt: String?) async throws -> Transcript { Transcript(text: text, engine: "fixed") }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func record(_ error: Error) { lock.withLock { errors.append(error) } }
    var count: Int { lock.withLock { errors.count } }
}

/// The end-to-end deadline of `FallbackTranscriber`, whatever the primary does.
final class TranscriberDeadlineTests: XCTestCase {
    let audio = [Int16](repeating: 0, count: 16_000)

    /// A primary that ignores cancellation and answers after `delay`.
    struct StubbornTranscriber: UtteranceTranscriber {
        let delay: Duration
        func transcribe(samples16k: [Int16], prompt: String?) async throws -> Transcript {
            let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
            await withCheckedContinuation { continuation in
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { continuation.resume() }
            }
            return Transcript(text: "too late", engine: "stubborn")
        }
    }

    func testTheDeadlineHoldsEvenWhenThePrimaryIgnoresCancellation() async throws {
        let used = ErrorBox()
        let transcriber = FallbackTranscriber(primary: StubbornTranscriber(delay: .seconds(5)), fallback: FixedTranscriber(text: "embedded"),
                                              deadline: .milliseconds(300), onFallback: { used.record($0) })
        let clock = ContinuousClock()
        let started = clock.now
        let result = try await transcriber.transcribe(samples16k: audio, prompt: nil)
        XCTAssertEqual(result.text, "embedded")
        XCTAssertLessThan(clock.now - started, .seconds(2), "answered at the deadline, not when the primary gave up")
        XCTAssertEqual(used.count, 1)
    }

    func testAFastPrimaryIsNotCutAndASlowServerFallsBackToThePreferredHypothesis() async throws {
        let fast = FallbackTranscriber(primary: StubbornTranscriber(delay: .milliseconds(50)), fallback: FixedTranscriber(text: "embedded"),
                                       deadline: .seconds(3))
        let first = try await fast.transcribe(samples16k: audio, prompt: nil)
        XCTAssertEqual(first.text, "too late")

        // A server that takes 3 s against a 10 s request timeout: the 500 ms deadline wins, and
        // the caption decoder's hypothesis answers instead of a second decode.
        let server = try FakeHTTPServer(replies: [.init(status: 200, body: #"{"text":"slow"}"#, delay: .seconds(3))])
        let slow = FallbackTranscriber(
            primary: OpenAITranscriber(settings: .init(baseURL: "http://127.0.0.1:\(server.port)", requestTimeout: .seconds(10), deadline: .seconds(10))),
            fallback: FixedTranscriber(text: "embedded"), deadline: .milliseconds(500))
        let clock = ContinuousClock()
        let started = clock.now
        let result = try await slow.transcribe(samples16k: audio, prompt: nil, preferredFallback: { Transcript(text: "captioned", engine: "captions") })
        XCTAssertEqual(result.text, "captioned")
        XCTAssertLessThan(clock.now - started, .seconds(2))
        let none = try await slow.transcribe(samples16k: audio, prompt: nil, preferredFallback: { nil })
        XCTAssertEqual(none.text, "embedded", "no hypothesis: the fallback engine decodes")
    }

    func testCancellingTheTurnCancelsTheTransfer() async throws {
        let server = try FakeHTTPServer(replies: [.init(status: 200, body: #"{"text":"slow"}"#, delay: .seconds(4))])
        let transcriber = OpenAITranscriber(settings: .init(baseURL: "http://127.0.0.1:\(server.port)", requestTimeout: .seconds(10), deadline: .seconds(10)))
        let clock = ContinuousClock()
        let started = clock.now
        let task = Task { try await transcriber.transcribe(samples16k: audio, prompt: nil) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = await task.result
        XCTAssertThrowsError(try result.get()) { XCTAssertTrue($0 is CancellationError, "\($0)") }
        XCTAssertLessThan(clock.now - started, .milliseconds(2_500), "curl stops within about a second of the cancel")
    }
}
