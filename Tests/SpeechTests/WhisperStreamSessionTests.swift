import Foundation
import Speech
import XCTest

/// Incremental transcription against a local fake of the Whisper service's stream routes: batches,
/// the final, a service without the routes, and the one-request fallback when a session gives up.
final class WhisperStreamSessionTests: XCTestCase {
    func firstLine(_ request: [UInt8]) -> String {
        String(decoding: request.prefix { $0 != 0x0D }, as: UTF8.self)
    }

    func bodyBytes(_ request: [UInt8]) -> Int {
        guard let end = request.indices.first(where: { request[$0...].starts(with: [0x0D, 0x0A, 0x0D, 0x0A]) }) else { return 0 }
        return request.count - end - 4
    }

    func testBatchesTheAudioAndReturnsTheServicesFinal() async throws {
        let server = try FakeHTTPServer(replies: [
            .init(status: 200, body: #"{"text":"i have","stable_text":""}"#),
            .init(status: 200, body: #"{"text":"i have worked","stable_text":"i have"}"#),
            .init(status: 200, body: #"{"text":" I have worked with Swift. ","reused_partial":true}"#),
        ])
        let session = WhisperStreamSession(baseURL: "http://127.0.0.1:\(server.port)/", apiKey: "k", prompt: "Swift, Postgres", batchMs: 200)
        for _ in 0..<25 { session.append([Int16](repeating: 100, count: 320)) }  // 500 ms in 20 ms frames
        let final = try await session.finish([Int16](repeating: 0, count: 160), timeout: .seconds(5))
        XCTAssertEqual(final.text, "I have worked with Swift.")
        let requests = server.requests
        XCTAssertEqual(requests.count, 3, "two 200 ms batches, then the final with the rest")
        XCTAssertEqual(firstLine(requests[0]), "POST /v1/parley/stream/\(session.id)?language=en&prompt=Swift%2C%20Postgres HTTP/1.1")
        XCTAssertEqual(firstLine(requests[1]), "POST /v1/parley/stream/\(session.id) HTTP/1.1")
        XCTAssertEqual(firstLine(requests[2]), "POST /v1/parley/stream/\(session.id)/final HTTP/1.1")
        XCTAssertEqual(requests.map(bodyBytes), [3_200 * 2, 3_200 * 2, (1_600 + 160) * 2], "every sample sent once, in order")
        XCTAssertTrue(String(decoding: requests[0], as: UTF8.self).contains("Authorization: Bearer k"))
    }

    func testAServiceWithoutStreamRoutesIsReportedAndTheTurnGoesInOneRequest() async throws {
        let server = try FakeHTTPServer(replies: [
            .init(status: 404, body: #"{"error":{"message":"not found"}}"#),
            .init(status: 200, body: #"{"text":"one request"}"#),
        ])
        let reported = ErrorBox()
        let session = WhisperStreamSession(baseURL: "http://127.0.0.1:\(server.port)", apiKey: nil, prompt: nil,
                                           onUnsupported: { reported.record(CancellationError()) })
        session.append([Int16](repeating: 100, count: 4_000))
        try await Task.sleep(for: .milliseconds(300))
        XCTAssertEqual(reported.count, 1)
        var transcriber = FallbackTranscriber(
            primary: OpenAITranscriber(settings: .init(baseURL: "http://127.0.0.1:\(server.port)")),
            fallback: FixedTranscriber(text: "embedded"), deadline: .seconds(5))
        transcriber.openStream = nil
        let result = try await transcriber.transcribe(samples16k: [Int16](repeating: 100, count: 4_000), prompt: nil,
                                                      preferredFallback: nil, stream: session)
        XCTAssertEqual(result.text, "one request", "the session gave up: the turn is transcribed in one request")
        XCTAssertEqual(server.requests.count, 2)
        XCTAssertTrue(firstLine(server.requests[1]).hasPrefix("POST /v1/audio/transcriptions"))
    }
}
