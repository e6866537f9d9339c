import CurlHTTP
import Dispatch
import Foundation

/// Streams a chat completion from an OpenAI-compatible `POST {base}/v1/chat/completions` with
/// `"stream": true` (OpenAI, Ollama, vLLM, llama.cpp server, …) as text deltas
/// (`choices[0].delta.content` of each server-sent event, until `data: [DONE]`).
///
/// Reliability rules (all times from the call to ``streamCompletion(messages:)``):
/// - Attempts that fail **before any text was yielded** are retried (100, 200, … 400 ms apart)
///   while the deadlines allow: 5xx, 408, 429, transport errors, a stream closed early, an error
///   event in the stream. Other 4xx (401, 403, 404, 400 …) fail at once. Connection refused twice
///   fails at once (nobody is listening). Once text was yielded nothing is retried (it would repeat).
/// - ``Settings/firstTokenDeadline``: no text by then → ``Failure/firstTokenTimeout(_:)``.
/// - ``Settings/deadline``: the whole reply, all attempts → ``Failure/deadlineExceeded(_:)``
///   (also after partial text; the consumer decides what to do with what it got).
/// - A stream closed (cleanly or by a broken connection, or cut by ``Settings/requestTimeout``)
///   before `[DONE]` after some text: the text received is treated as the final reply (the stream
///   finishes normally; ``Diagnostic/truncatedAfterText(characters:)`` is reported). Closed
///   before any text: ``Failure/truncated`` (or a transport error), retried.
/// - Malformed event lines (invalid JSON) are **skipped and counted** (``Diagnostic/malformedEvent(_:)``);
///   more than ``Settings/maxMalformedEvents`` in one attempt fail it with ``Failure/badResponse(_:)``.
/// - A server that ignores `stream` and answers `application/json` is accepted
///   (`choices[0].message.content` is yielded as one delta).
///
/// Cancelling the consuming task (or dropping the stream) aborts the transfer; the deadline
/// errors are delivered at the deadline even if the server is still silent.
public struct OpenAIChatClient: Sendable {
    public struct Settings: Sendable, Equatable {
        /// e.g. `http://127.0.0.1:11434` or `https://api.openai.com`; `/v1/chat/completions` is
        /// appended (a base already ending in `/v1` gets only `/chat/completions`).
        public var baseURL: String
        /// Sent as `Authorization: Bearer …` when non-empty.
        public var apiKey: String?
        public var model: String
        public var temperature: Double?
        /// `max_tokens` of the request; nil leaves it to the server.
        public var maxTokens: Int?
        /// Limit for one attempt (connect + the whole stream).
        public var requestTimeout: Duration
        /// The first text delta must arrive within this time (over all attempts).
        public var firstTokenDeadline: Duration
        /// The whole reply must be complete within this time (over all attempts).
        public var deadline: Duration
        public var connectTimeout: Duration
        /// Malformed events tolerated (skipped) per attempt before it fails.
        public var maxMalformedEvents: Int

        public init(baseURL: String, apiKey: String? = nil, model: String = "gpt-4o-mini", temperature: Double? = 0.6,
                    maxTokens: Int? = 200, requestTimeout: Duration = .seconds(20), firstTokenDeadline: Duration = .seconds(4),
                    deadline: Duration = .seconds(20), connectTimeout: Duration = .seconds(2), maxMalformedEvents: Int = 8) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.model = model
            self.temperature = temperature
            self.maxTokens = maxTokens
            self.requestTimeout = requestTimeout
            self.firstTokenDeadline = firstTokenDeadline
            self.deadline = deadline
            self.connectTimeout = connectTimeout
            self.maxMalformedEvents = maxMalformedEvents
        }

        /// The completions endpoint for ``baseURL``.
        public var endpoint: String { Self.endpoint(baseURL: baseURL, path: "chat/completions") }

        static func endpoint(baseURL: String, path: String) -> String {
            let base = baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            return base.hasSuffix("/v1") ? "\(base)/\(path)" : "\(base)/v1/\(path)"
        }
    }

    /// Why a completion failed.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible, RetryableProviderFailure {
        case http(status: Int, message: String)
        case transport(String)
        /// The stream closed before `[DONE]` without any text.
        case truncated
        /// The stream carried an error object (`data: {"error": …}`).
        case streamError(String)
        /// Unusable response (too many malformed events, an oversized line, a bad JSON body).
        case badResponse(String)
        case firstTokenTimeout(Duration)
        case deadlineExceeded(Duration)

        public var description: String {
            switch self {
            case .http(let status, let message): "chat service answered \(status): \(message)"
            case .transport(let why): "chat service unreachable: \(why)"
            case .truncated: "chat stream closed before any text"
            case .streamError(let message): "chat stream reported an error: \(message)"
            case .badResponse(let why): "chat service sent an unusable response: \(why)"
            case .firstTokenTimeout(let limit): "chat service sent no text within \(limit)"
            case .deadlineExceeded(let limit): "chat reply not complete within \(limit)"
            }
        }

        /// Worth another attempt (before any text was yielded)?
        var isConnectionRefused: Bool {
            if case .transport(let why) = self { return why.contains("onnect") }
            return false
        }

        var isRetryable: Bool {
            switch self {
            case .http(let status, _): status >= 500 || status == 408 || status == 429
            case .transport, .truncated, .streamError, .badResponse: true
            case .firstTokenTimeout, .deadlineExceeded: false
            }
        }
    }

    /// Things worth logging and counting that do not (yet) fail the completion.
    public enum Diagnostic: Sendable, Equatable {
        /// Attempt `attempt` failed with `error`; another follows.
        case retrying(attempt: Int, error: Failure)
        /// An event whose data was not valid JSON was skipped (its first 120 characters).
        case malformedEvent(String)
        /// The stream closed before `[DONE]`; the text received (this many characters) is final.
        case truncatedAfterText(characters: Int)
    }

    public let settings: Settings
    /// Called from a background thread for each ``Diagnostic``.
    public let onDiagnostic: @Sendable (Diagnostic) -> Void

    public init(settings: Settings, onDiagnostic: @escaping @Sendable (Diagnostic) -> Void = { _ in }) {
        self.settings = settings
        self.onDiagnostic = onDiagnostic
    }

    /// Starts the request at once and returns the reply's text deltas in order.
    /// - Parameter responseFormat: the request's `response_format` as JSON text (e.g. a
    ///   `json_schema` for structured output); nil sends none.
    public func streamCompletion(messages: [ChatMessage], responseFormat: String? = nil) -> AsyncThrowingStream<String, Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: String.self)
        let run = ProviderStreamRun<String>(continuation: continuation)
        continuation.onTermination = { _ in run.finish(nil) }
        let request: HTTPClientRequest
        do {
            request = try makeRequest(messages: messages, responseFormat: responseFormat)
        } catch {
            run.finish(Failure.badResponse("could not encode the request: \(error)"))
            return stream
        }
        let settings = settings, onDiagnostic = onDiagnostic
        run.schedule(after: settings.firstTokenDeadline) { run in
            if !run.hasYielded { run.finish(Failure.firstTokenTimeout(settings.firstTokenDeadline)) }
        }
        run.schedule(after: settings.deadline) { run in run.finish(Failure.deadlineExceeded(settings.deadline)) }
        Thread.detachNewThread {
            Self.attempts(run: run, request: request, settings: settings, onDiagnostic: onDiagnostic)
        }
        return stream
    }

    func makeRequest(messages: [ChatMessage], responseFormat: String? = nil) throws -> HTTPClientRequest {
        struct Body: Encodable {
            let model: String
            let messages: [ChatMessage]
            let stream: Bool
            let temperature: Double?
            let max_tokens: Int?
        }
        var body = try JSONEncoder().encode(Body(model: settings.model, messages: messages, stream: true,
                                                 temperature: settings.temperature, max_tokens: settings.maxTokens))
        if let responseFormat {
            guard var object = try JSONSerialization.jsonObject(with: body) as? [String: Any],
                  let format = try? JSONSerialization.jsonObject(with: Data(responseFormat.utf8)) as? [String: Any] else {
                throw Failure.badResponse("response_format is not a JSON object")
            }
            object["response_format"] = format
            body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
        var headers = [HTTPHeaderField("Content-Type", "application/json"), HTTPHeaderField("Accept", "text/event-stream")]
        if let key = settings.apiKey, !key.isEmpty { headers.append(HTTPHeaderField("Authorization", "Bearer \(key)")) }
        return HTTPClientRequest(method: "POST", url: settings.endpoint, headers: headers, body: Array(body),
                                 timeout: settings.requestTimeout, connectTimeout: settings.connectTimeout)
    }

    // MARK: - Attempts (on a thread of their own: curl blocks)

    private static func attempts(run: ProviderStreamRun<String>, request: HTTPClientRequest, settings: Settings,
                                 onDiagnostic: @Sendable (Diagnostic) -> Void) {
        run.retry(request: request, deadline: settings.deadline, requestTimeout: settings.requestTimeout, failure: Failure.self,
                  onRetry: { attempt, failure in onDiagnostic(.retrying(attempt: attempt, error: failure)) },
                  attemptOnce: { try attemptOnce(run: run, request: $0, settings: settings, onDiagnostic: onDiagnostic) })
    }

    /// One request; returns normally when the reply is complete (or the run was finished meanwhile).
    private static func attemptOnce(run: ProviderStreamRun<String>, request: HTTPClientRequest, settings: Settings,
                                    onDiagnostic: @Sendable (Diagnostic) -> Void) throws {
        let client: CurlClient
        do { client = try CurlClient() } catch { throw Failure.transport("\(error)") }
        guard run.setClient(client) else { return }

        var status = 0
        var isJSONBody = false
        var body: [UInt8] = []  // error body, or a whole non-streamed JSON reply
        var parser = ServerSentEventParser()
        var sawDone = false
        var malformed = 0
        var failure: Failure?
        do {
            try client.stream(request: request, onHead: { head in
                status = head.status
                isJSONBody = head.header("Content-Type")?.lowercased().contains("json") ?? false
                return run.isFinished ? .stop : .continue
            }, onChunk: { bytes in
                if run.isFinished { return .stop }
                if status != 200 || isJSONBody {
                    if body.count < 1 << 20 { body += bytes }
                    return .continue
                }
                let events: [ServerSentEvent]
                do { events = try parser.feed(bytes) } catch {
                    failure = .badResponse("\(error)")
                    return .stop
                }
                for event in events {
                    if event.isDoneSentinel {
                        sawDone = true
                        return .stop
                    }
                    switch ChatStreamChunk(parsing: event.data) {
                    case .text(let text):
                        if !text.isEmpty, !run.yield(text, size: text.count) { return .stop }
                    case .nothing:
                        continue
                    case .error(let message):
                        failure = .streamError(message)
                        return .stop
                    case .malformed:
                        malformed += 1
                        onDiagnostic(.malformedEvent(String(event.data.prefix(120))))
                        if malformed > settings.maxMalformedEvents {
                            failure = .badResponse("more than \(settings.maxMalformedEvents) malformed events")
                            return .stop
                        }
                    }
                }
                return .continue
            })
        } catch let error as CurlError {
            if run.isFinished { return }
            // A connection that breaks after text arrived is a truncated reply: keep what came.
            if status == 200, !isJSONBody, run.hasYielded {
                onDiagnostic(.truncatedAfterText(characters: run.yieldedSize))
                return
            }
            throw Failure.transport(error.isTimeout ? "timed out (\(error.detail))" : "\(error)")
        }
        if run.isFinished { return }
        guard status == 200 else {
            throw Failure.http(status: status, message: ChatStreamChunk.errorMessage(in: body) ?? String(decoding: body.prefix(300), as: UTF8.self))
        }
        if let failure { throw failure }
        if sawDone { return }
        if isJSONBody {
            switch ChatStreamChunk(parsing: String(decoding: body, as: UTF8.self)) {
            case .text(let text) where !text.isEmpty:
                _ = run.yield(text, size: text.count)
                return
            case .error(let message): throw Failure.streamError(message)
            default: throw Failure.badResponse(String(decoding: body.prefix(200), as: UTF8.self))
            }
        }
        // Closed before [DONE].
        guard run.hasYielded else { throw Failure.truncated }
        onDiagnostic(.truncatedAfterText(characters: run.yieldedSize))
    }
}

/// What one streamed event (or a whole non-streamed body) carries.
enum ChatStreamChunk: Equatable {
    case text(String)
    /// Valid but without text (the role-only first chunk, `finish_reason`, usage).
    case nothing
    case error(String)
    case malformed

    init(parsing data: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)), let dictionary = object as? [String: Any] else {
            self = .malformed
            return
        }
        if let message = Self.errorMessage(dictionary) {
            self = .error(message)
            return
        }
        guard let choice = (dictionary["choices"] as? [Any])?.first as? [String: Any] else {
            self = .nothing
            return
        }
        if let delta = choice["delta"] as? [String: Any], let content = delta["content"] as? String {
            self = .text(content)
        } else if let message = choice["message"] as? [String: Any], let content = message["content"] as? String {
            self = .text(content)
        } else if let text = choice["text"] as? String {
            self = .text(text)
        } else {
            self = .nothing
        }
    }

    static func errorMessage(_ dictionary: [String: Any]) -> String? {
        switch dictionary["error"] {
        case let error as [String: Any]: return error["message"] as? String ?? "\(error)"
        case let error as String: return error
        default: return nil
        }
    }

    static func errorMessage(in body: [UInt8]) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        return errorMessage(object)
    }
}
