import Foundation
import Speech
import XCTest

/// Records values reported from background threads.
final class Recorder<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Value] = []
    func record(_ value: Value) { lock.withLock { stored.append(value) } }
    var values: [Value] { lock.withLock { stored } }
}

/// Cutting a reply stream into speakable pieces.
final class SentenceChunkerTests: XCTestCase {
    func pieces(_ deltas: [String], chunker: SentenceChunker = SentenceChunker()) -> [String] {
        var chunker = chunker
        var out: [String] = []
        for delta in deltas { out += chunker.append(delta) }
        if let rest = chunker.finish() { out.append(rest) }
        return out
    }

    func testSentencesAndClauses() {
        let cases: [(String, [String])] = [
            ("Great answer. Tell me more?", ["Great answer.", "Tell me more?"]),
            ("Thanks — that helps. Next: how do you test it!", ["Thanks —", "that helps.", "Next:", "how do you test it!"]),
            ("It took 3.5 seconds on Node.js, e.g. with Redis.", ["It took 3.5 seconds on Node.js, e.g. with Redis."]),
            ("He said \"Fine.\" Then left...  And?", ["He said \"Fine.\"", "Then left...", "And?"]),
            ("First; second", ["First;", "second"]),
            ("Dr. Smith is here.", ["Dr. Smith is here."]),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(pieces([text]), expected, text)
        }
    }

    func testCommaSplitsOnlyAfterEnoughWords() {
        XCTAssertEqual(pieces(["Okay, let's move on."]), ["Okay, let's move on."])
        let long = "That is a really thoughtful way to put it, and I like the trade-off."
        XCTAssertEqual(pieces([long]), ["That is a really thoughtful way to put it,", "and I like the trade-off."])
        XCTAssertEqual(pieces([long], chunker: SentenceChunker(minWordsBeforeComma: 20)), [long])
    }

    func testTokenByTokenGivesTheSamePiecesAsWholeText() {
        let text = "Thanks for walking me through that. It sounds like caching mattered a lot here, especially at peak; "
            + "so tell me: how did you measure it? Give me numbers, e.g. p99 in ms."
        let whole = pieces([text])
        XCTAssertEqual(pieces(text.map { String($0) }), whole)
        var tokens: [String] = []
        var rest = Substring(text)
        var size = 1
        while !rest.isEmpty {
            tokens.append(String(rest.prefix(size)))
            rest = rest.dropFirst(size)
            size = size % 5 + 1
        }
        XCTAssertEqual(pieces(tokens), whole)
        XCTAssertEqual(whole.first, "Thanks for walking me through that.")
    }

    func testFirstClauseIsReadyBeforeTheReplyEnds() {
        var chunker = SentenceChunker()
        XCTAssertEqual(chunker.append("Great"), [])
        XCTAssertEqual(chunker.append("."), [], "a final mark waits for the next character")
        XCTAssertEqual(chunker.append(" Now tell"), ["Great."])
        XCTAssertEqual(chunker.pending, " Now tell")
        XCTAssertEqual(chunker.append(" me"), [])
        XCTAssertEqual(chunker.finish(), "Now tell me")
        XCTAssertNil(chunker.finish())
    }

    func testRunOnTextIsCutAtASpace() {
        let words = Array(repeating: "word", count: 100).joined(separator: " ")
        let out = pieces([words], chunker: SentenceChunker(maxCharacters: 50))
        XCTAssertGreaterThan(out.count, 5)
        XCTAssertTrue(out.allSatisfy { $0.count <= 50 })
        XCTAssertEqual(out.joined(separator: " "), words)
    }
}

/// The streaming chat client and the LLM interviewer policy against a local fake server.
final class ChatPolicyTests: XCTestCase {
    func settings(_ server: FakeStreamingServer, firstToken: Duration = .seconds(2), deadline: Duration = .seconds(4),
                  requestTimeout: Duration = .seconds(3)) -> OpenAIChatClient.Settings {
        OpenAIChatClient.Settings(baseURL: "http://127.0.0.1:\(server.port)/", apiKey: "sk-test", model: "tiny-llm", temperature: 0.5,
                                  maxTokens: 80, requestTimeout: requestTimeout, firstTokenDeadline: firstToken, deadline: deadline)
    }

    func collect(_ stream: AsyncThrowingStream<String, Error>) async throws -> [String] {
        var deltas: [String] = []
        for try await delta in stream { deltas.append(delta) }
        return deltas
    }

    let prompt = InterviewTurnPrompt(
        history: [.assistant("Tell me about a system you built."), .user("I built a queue in Go.")],
        instruction: "Acknowledge briefly and ask: \"How did you test it?\"",
        fallback: ["Thanks.", "How did you test it?"], recovery: "How did you test it?")

    func testStreamsDeltasInOrderAndSendsAStreamingRequest() async throws {
        let server = try FakeStreamingServer(replies: [FakeStreamingServer.chatReply(["Thanks", " for that.", " How did", " you test it?"])])
        let deltas = try await collect(OpenAIChatClient(settings: settings(server)).streamCompletion(messages: [.system("Be brief."), .user("Hi")]))
        XCTAssertEqual(deltas, ["Thanks", " for that.", " How did", " you test it?"])

        let request = try XCTUnwrap(server.requests.first)
        let head = String(decoding: request, as: UTF8.self)
        XCTAssertTrue(head.hasPrefix("POST /v1/chat/completions HTTP/1.1"))
        XCTAssertTrue(head.contains("Authorization: Bearer sk-test"))
        let body = try XCTUnwrap(FakeStreamingServer.jsonBody(of: request))
        XCTAssertEqual(body["stream"] as? Bool, true)
        XCTAssertEqual(body["model"] as? String, "tiny-llm")
        XCTAssertEqual(body["max_tokens"] as? Int, 80)
        XCTAssertEqual(body["temperature"] as? Double, 0.5)
        let messages = try XCTUnwrap(body["messages"] as? [[String: String]])
        XCTAssertEqual(messages, [["role": "system", "content": "Be brief."], ["role": "user", "content": "Hi"]])
    }

    func testBaseURLEndingInV1IsNotDoubled() {
        XCTAssertEqual(OpenAIChatClient.Settings(baseURL: "http://h:11434/v1/").endpoint, "http://h:11434/v1/chat/completions")
        XCTAssertEqual(OpenAIChatClient.Settings(baseURL: "https://api.openai.com").endpoint, "https://api.openai.com/v1/chat/completions")
    }

    func testServerErrorIsRetriedThenSucceeds() async throws {
        let server = try FakeStreamingServer(replies: [FakeStreamingServer.error(500, "overloaded"), FakeStreamingServer.chatReply(["OK."])])
        let diagnostics = Recorder<OpenAIChatClient.Diagnostic>()
        let client = OpenAIChatClient(settings: settings(server), onDiagnostic: { diagnostics.record($0) })
        let deltas = try await collect(client.streamCompletion(messages: [.user("Hi")]))
        XCTAssertEqual(deltas, ["OK."])
        XCTAssertEqual(server.requests.count, 2)
        XCTAssertEqual(diagnostics.values, [.retrying(attempt: 1, error: .http(status: 500, message: "overloaded"))])
    }

    func testUnauthorizedIsNotRetried() async throws {
        let server = try FakeStreamingServer(replies: [FakeStreamingServer.error(401, "bad key"), FakeStreamingServer.chatReply(["never"])])
        do {
            _ = try await collect(OpenAIChatClient(settings: settings(server)).streamCompletion(messages: [.user("Hi")]))
            XCTFail("expected an error")
        } catch let failure as OpenAIChatClient.Failure {
            XCTAssertEqual(failure, .http(status: 401, message: "bad key"))
        }
        XCTAssertEqual(server.requests.count, 1)
    }

    func testTruncatedStreamKeepsTheTextReceived() async throws {
        // Chunked body cut without its last chunk (curl reports a partial transfer), and a plain
        // body whose connection closes before [DONE].
        for reply in [FakeStreamingServer.chatReply(["Good.", " Next"], done: false, complete: false),
                      FakeStreamingServer.chatReply(["Good.", " Next"], done: false, chunked: false)] {
            let server = try FakeStreamingServer(replies: [reply])
            let diagnostics = Recorder<OpenAIChatClient.Diagnostic>()
            let client = OpenAIChatClient(settings: settings(server), onDiagnostic: { diagnostics.record($0) })
            let deltas = try await collect(client.streamCompletion(messages: [.user("Hi")]))
            XCTAssertEqual(deltas, ["Good.", " Next"])
            XCTAssertEqual(diagnostics.values, [.truncatedAfterText(characters: 10)])
            XCTAssertEqual(server.requests.count, 1)
        }
    }

    func testTruncatedStreamWithoutTextIsRetriedThenFails() async throws {
        let empty = FakeStreamingServer.chatReply([], done: false, chunked: false)
        let server = try FakeStreamingServer(replies: [empty, FakeStreamingServer.chatReply(["Second try."])])
        let deltas = try await collect(OpenAIChatClient(settings: settings(server)).streamCompletion(messages: [.user("Hi")]))
        XCTAssertEqual(deltas, ["Second try."])

        let always = try FakeStreamingServer(replies: Array(repeating: empty, count: 20))
        do {
            _ = try await collect(OpenAIChatClient(settings: settings(always, deadline: .milliseconds(900))).streamCompletion(messages: [.user("Hi")]))
            XCTFail("expected an error")
        } catch let failure as OpenAIChatClient.Failure {
            XCTAssertEqual(failure, .truncated)
        }
        XCTAssertGreaterThan(always.requests.count, 1)
    }

    func testSlowFirstTokenHitsTheDeadline() async throws {
        var slow = FakeStreamingServer.chatReply(["Too late."])
        slow.headDelay = .seconds(3)
        let server = try FakeStreamingServer(replies: [slow])
        let clock = ContinuousClock()
        let started = clock.now
        do {
            _ = try await collect(OpenAIChatClient(settings: settings(server, firstToken: .milliseconds(300))).streamCompletion(messages: [.user("Hi")]))
            XCTFail("expected an error")
        } catch let failure as OpenAIChatClient.Failure {
            XCTAssertEqual(failure, .firstTokenTimeout(.milliseconds(300)))
        }
        XCTAssertLessThan(clock.now - started, .seconds(2), "the deadline ends the wait, not the server")
    }

    func testMalformedEventsAreSkippedAndCountedUpToALimit() async throws {
        let bad = Array("data: {not json\n\n".utf8)
        var reply = FakeStreamingServer.chatReply(["One.", " Two."])
        reply.parts.insert(FakeStreamingServer.Part(delay: .zero, bytes: bad), at: 2)
        reply.parts.insert(FakeStreamingServer.Part(delay: .zero, bytes: Array(": keep-alive\n\n".utf8)), at: 1)
        let server = try FakeStreamingServer(replies: [reply])
        let diagnostics = Recorder<OpenAIChatClient.Diagnostic>()
        let client = OpenAIChatClient(settings: settings(server), onDiagnostic: { diagnostics.record($0) })
        let deltas = try await collect(client.streamCompletion(messages: [.user("Hi")]))
        XCTAssertEqual(deltas, ["One.", " Two."])
        XCTAssertEqual(diagnostics.values, [.malformedEvent("{not json")])

        var garbage = FakeStreamingServer.Reply()
        garbage.parts = Array(repeating: FakeStreamingServer.Part(delay: .zero, bytes: bad), count: 4)
        let server2 = try FakeStreamingServer(replies: [garbage, FakeStreamingServer.chatReply(["Fine."])])
        var strict = settings(server2)
        strict.maxMalformedEvents = 2
        let strictDeltas = try await collect(OpenAIChatClient(settings: strict).streamCompletion(messages: [.user("Hi")]))
        XCTAssertEqual(strictDeltas, ["Fine."])
        XCTAssertEqual(server2.requests.count, 2, "the garbled attempt failed and was retried")
    }

    func testErrorEventInTheStreamFailsTheAttempt() async throws {
        let errorEvent = FakeStreamingServer.Reply(parts: [FakeStreamingServer.Part(delay: .zero, bytes: Array(#"data: {"error":{"message":"model crashed"}}"#.utf8) + [10, 10])])
        let server = try FakeStreamingServer(replies: [errorEvent, errorEvent, errorEvent, errorEvent, errorEvent, errorEvent, errorEvent, errorEvent])
        do {
            _ = try await collect(OpenAIChatClient(settings: settings(server, deadline: .milliseconds(500))).streamCompletion(messages: [.user("Hi")]))
            XCTFail("expected an error")
        } catch let failure as OpenAIChatClient.Failure {
            XCTAssertEqual(failure, .streamError("model crashed"))
        }
    }

    func testNonStreamingJSONReplyIsAccepted() async throws {
        let json = FakeStreamingServer.Reply(contentType: "application/json",
                                             parts: [FakeStreamingServer.Part(delay: .zero, bytes: Array(#"{"choices":[{"message":{"role":"assistant","content":"Whole reply."}}]}"#.utf8))])
        let server = try FakeStreamingServer(replies: [json])
        let deltas = try await collect(OpenAIChatClient(settings: settings(server)).streamCompletion(messages: [.user("Hi")]))
        XCTAssertEqual(deltas, ["Whole reply."])
    }

    func testCancellingTheConsumerStopsReading() async throws {
        let long = FakeStreamingServer.chatReply((0..<60).map { " word\($0)." }, gap: .milliseconds(50))
        let server = try FakeStreamingServer(replies: [long])
        var received = 0
        for try await _ in OpenAIChatClient(settings: settings(server, deadline: .seconds(10), requestTimeout: .seconds(10))).streamCompletion(messages: [.user("Hi")]) {
            received += 1
            if received == 2 { break }
        }
        XCTAssertTrue(server.wait(for: .seconds(3)) { $0.clientHangUps == 1 }, "the server sees the client hang up")
        XCTAssertLessThan(server.partsSent, 60)
    }

    // MARK: - Policy

    func testPolicyMessagesHaveSystemHistoryAndInstruction() {
        let policy = OpenAIChatPolicy(chat: .init(baseURL: "http://127.0.0.1:1"), settings: .init(historyLimit: 1))
        let messages = policy.messages(for: prompt)
        XCTAssertEqual(messages.count, 3)
        XCTAssertEqual(messages[0].role, .system)
        XCTAssertTrue(messages[0].content.contains("concise, friendly technical interviewer"))
        XCTAssertEqual(messages[1], .user("I built a queue in Go."))
        XCTAssertEqual(messages[2].role, .system)
        XCTAssertTrue(messages[2].content.hasSuffix("Acknowledge briefly and ask: \"How did you test it?\""))
    }

    func testPolicyStreamsTheFirstSentenceBeforeTheReplyEnds() async throws {
        var reply = FakeStreamingServer.chatReply(["**Thanks", " for that", ".**", " How did you", " test it?"])
        reply.parts[5].delay = .milliseconds(800)  // hold back the end of the reply
        let server = try FakeStreamingServer(replies: [reply])
        var segments: [SpokenSegment] = []
        var partsSentAtFirstSegment: Int?
        for try await segment in OpenAIChatPolicy(chat: settings(server)).reply(to: prompt) {
            if partsSentAtFirstSegment == nil { partsSentAtFirstSegment = server.partsSent }
            segments.append(segment)
        }
        XCTAssertEqual(segments, [SpokenSegment("Thanks for that."), SpokenSegment("How did you test it?")])
        XCTAssertLessThanOrEqual(partsSentAtFirstSegment ?? 99, 5, "the first sentence was ready before the end was sent")
    }

    func testPolicyFallsBackWhenTheModelIsSlowToStart() async throws {
        var slow = FakeStreamingServer.chatReply(["Late."])
        slow.headDelay = .seconds(3)
        let server = try FakeStreamingServer(replies: [slow])
        let fallbacks = Recorder<Error>()
        let policy = OpenAIChatPolicy(chat: settings(server, firstToken: .milliseconds(300)), onFallback: { fallbacks.record($0) })
        var segments: [SpokenSegment] = []
        for try await segment in policy.reply(to: prompt) { segments.append(segment) }
        XCTAssertEqual(segments, [SpokenSegment("Thanks.", source: .fallback), SpokenSegment("How did you test it?", source: .fallback)])
        XCTAssertEqual(fallbacks.values.count, 1)
        XCTAssertEqual(fallbacks.values.first as? OpenAIChatClient.Failure, .firstTokenTimeout(.milliseconds(300)))
    }

    func testPolicyWithoutFallbackThrowsAndEmptyReplyCountsAsFailure() async throws {
        let server = try FakeStreamingServer(replies: [FakeStreamingServer.chatReply(["  ", "**"])])
        let bare = InterviewTurnPrompt(history: [], instruction: "Say hello.")
        do {
            for try await _ in OpenAIChatPolicy(chat: settings(server)).reply(to: bare) {}
            XCTFail("expected an error")
        } catch let error as ChatPolicyError {
            XCTAssertEqual(error, .emptyReply)
        }
    }

    func testPolicyRecoversWhenTheModelStallsMidReply() async throws {
        var stalled = FakeStreamingServer.chatReply(["I see, a queue.", " So how did", " you"], done: false)
        stalled.parts.append(FakeStreamingServer.Part(delay: .seconds(3), bytes: FakeStreamingServer.done))
        let server = try FakeStreamingServer(replies: [stalled])
        let fallbacks = Recorder<Error>()
        let policy = OpenAIChatPolicy(chat: settings(server, deadline: .milliseconds(900)), onFallback: { fallbacks.record($0) })
        var segments: [SpokenSegment] = []
        for try await segment in policy.reply(to: prompt) { segments.append(segment) }
        XCTAssertEqual(segments, [SpokenSegment("I see, a queue."), SpokenSegment("How did you test it?", source: .recovery)])
        XCTAssertEqual(fallbacks.values.first as? OpenAIChatClient.Failure, .deadlineExceeded(.milliseconds(900)))
    }
}
