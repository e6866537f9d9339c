import CurlHTTP
import Foundation

/// Speech recognition through an OpenAI-compatible `POST /v1/audio/transcriptions` endpoint:
/// OpenAI, a whisper.cpp server, or Parley's own local Whisper tiny.en service
/// (`Services/whisper`). Failed attempts are retried until `deadline`; then the error is thrown
/// (a `FallbackTranscriber` turns that into the embedded engine's answer).
public struct OpenAITranscriber: UtteranceTranscriber {
    public struct Settings: Sendable, Equatable {
        /// e.g. `http://127.0.0.1:8091` (the path `/v1/audio/transcriptions` is appended).
        public var baseURL: String
        public var apiKey: String?
        public var model: String
        /// Time allowed for one attempt.
        public var requestTimeout: Duration
        /// Time allowed for all attempts of one utterance.
        public var deadline: Duration

        public init(baseURL: String, apiKey: String? = nil, model: String = "whisper-1",
                    requestTimeout: Duration = .seconds(5), deadline: Duration = .seconds(8)) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.model = model
            self.requestTimeout = requestTimeout
            self.deadline = deadline
        }
    }

    public enum Failure: Error, CustomStringConvertible, Equatable {
        case http(status: Int, message: String)
        case badResponse(String)
        case transport(String)

        public var description: String {
            switch self {
            case .http(let status, let message): "transcription service answered \(status): \(message)"
            case .badResponse(let why): "transcription service sent an unusable response: \(why)"
            case .transport(let why): "transcription service unreachable: \(why)"
            }
        }
    }

    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    public func transcribe(samples16k: [Int16], prompt: String?) async throws -> Transcript {
        let clock = ContinuousClock()
        let deadline = clock.now + settings.deadline
        var lastError: Error = Failure.transport("no attempt made")
        var attempt = 0
        var refused = 0
        while clock.now < deadline {
            attempt += 1
            let remaining = deadline - clock.now
            do {
                let client: CurlClient
                do { client = try CurlClient() } catch { throw Failure.transport("\(error)") }
                return try await withTaskCancellationHandler {
                    try await Self.runBlocking {
                        try self.attempt(samples16k: samples16k, prompt: prompt, timeout: min(remaining, settings.requestTimeout), client: client)
                    }
                } onCancel: {
                    client.cancel()
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch let failure as Failure {
                lastError = failure
                // Nobody listening: two quick tries, then let the fallback answer.
                if case .transport(let why) = failure, why.contains("onnect") {
                    refused += 1
                    if refused >= 2 { throw failure }
                }
                // 4xx other than 408/429 will not get better by retrying.
                if case .http(let status, _) = failure, (400..<500).contains(status), status != 408, status != 429 { throw failure }
            } catch {
                lastError = error
            }
            try Task.checkCancellation()
            try await Task.sleep(for: .milliseconds(min(400, 100 * attempt)))
        }
        throw lastError
    }

    func attempt(samples16k: [Int16], prompt: String?, timeout: Duration, client: CurlClient) throws -> Transcript {
        let boundary = "parley-" + UUID().uuidString
        var body: [UInt8] = []
        func field(_ name: String, _ value: String) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        field("model", settings.model)
        field("response_format", "json")
        field("language", "en")
        if let prompt, !prompt.isEmpty { field("prompt", prompt) }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"utterance.wav\"\r\nContent-Type: audio/wav\r\n\r\n".utf8)
        body += WAVFile.encode(samples: samples16k, sampleRate: 16_000)
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        var headers = [HTTPHeaderField("Content-Type", "multipart/form-data; boundary=\(boundary)")]
        if let key = settings.apiKey { headers.append(HTTPHeaderField("Authorization", "Bearer \(key)")) }
        let url = settings.baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + "/v1/audio/transcriptions"
        let response: HTTPClientResponse
        do {
            response = try client.perform(request: HTTPClientRequest(
                method: "POST", url: url, headers: headers, body: body, timeout: timeout, connectTimeout: .seconds(2)))
        } catch {
            throw Failure.transport("\(error)")
        }
        guard response.status == 200 else {
            throw Failure.http(status: response.status, message: String(decoding: response.body.prefix(300), as: UTF8.self))
        }
        struct Body: Decodable { let text: String }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: Data(response.body)) else {
            throw Failure.badResponse(String(decoding: response.body.prefix(200), as: UTF8.self))
        }
        return Transcript(text: decoded.text.trimmingCharacters(in: .whitespacesAndNewlines), engine: "openai:\(settings.model)")
    }

    /// Runs blocking work (a curl transfer) on a thread of its own, not on the cooperative pool.
    static func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
