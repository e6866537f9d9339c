import CurlHTTP
import Foundation

/// Text-to-speech through an OpenAI-compatible `POST {base}/v1/audio/speech` with
/// `{"model", "input", "voice", "response_format": "pcm"}`: the service answers raw 16-bit
/// little-endian mono PCM (24 kHz for OpenAI; ``Settings/sampleRate`` for others), streamed to the
/// consumer chunk by chunk as it arrives (odd byte splits are handled).
///
/// The service gives no word timings: each chunk's `words` are **estimates** from
/// ``WordTimingEstimator`` (character offsets at ``Settings/charactersPerSecond``, the words still
/// unplaced at the end spread proportionally over the audio received, in a final chunk with no
/// samples).
///
/// Failures before the first audio chunk are retried (5xx, 408, 429, transport, empty body) within
/// ``Settings/firstChunkDeadline``; other 4xx fail at once. After audio has been yielded nothing is
/// retried: the error is thrown (``FallbackSynthesizer`` finishes the text with the embedded engine).
/// Cancelling the consumer aborts the transfer.
public struct OpenAISpeechSynthesizer: StreamingSynthesizer {
    public struct Settings: Sendable, Equatable {
        /// e.g. `https://api.openai.com`; `/v1/audio/speech` is appended (once).
        public var baseURL: String
        public var apiKey: String?
        public var model: String
        public var voice: String
        /// Speaking speed (0.25…4, OpenAI); nil leaves the service default.
        public var speed: Double?
        /// Rate of the returned PCM (OpenAI: 24000).
        public var sampleRate: Int
        /// Limit for one attempt (connect + the whole audio).
        public var requestTimeout: Duration
        /// The first audio must arrive within this time (over all attempts).
        public var firstChunkDeadline: Duration
        /// All audio must arrive within this time.
        public var deadline: Duration
        public var connectTimeout: Duration
        /// Assumed speaking rate for the word-start estimates.
        public var charactersPerSecond: Double

        public init(baseURL: String, apiKey: String? = nil, model: String = "tts-1", voice: String = "alloy", speed: Double? = nil,
                    sampleRate: Int = 24_000, requestTimeout: Duration = .seconds(20), firstChunkDeadline: Duration = .seconds(3),
                    deadline: Duration = .seconds(30), connectTimeout: Duration = .seconds(2), charactersPerSecond: Double = 15) {
            self.baseURL = baseURL
            self.apiKey = apiKey
            self.model = model
            self.voice = voice
            self.speed = speed
            self.sampleRate = sampleRate
            self.requestTimeout = requestTimeout
            self.firstChunkDeadline = firstChunkDeadline
            self.deadline = deadline
            self.connectTimeout = connectTimeout
            self.charactersPerSecond = charactersPerSecond
        }

        public var endpoint: String { OpenAIChatClient.Settings.endpoint(baseURL: baseURL, path: "audio/speech") }
    }

    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible, RetryableProviderFailure {
        case http(status: Int, message: String)
        case transport(String)
        /// 200 with no audio at all.
        case emptyAudio
        case firstChunkTimeout(Duration)
        case deadlineExceeded(Duration)

        public var description: String {
            switch self {
            case .http(let status, let message): "speech service answered \(status): \(message)"
            case .transport(let why): "speech service unreachable or stream broken: \(why)"
            case .emptyAudio: "speech service returned no audio"
            case .firstChunkTimeout(let limit): "speech service sent no audio within \(limit)"
            case .deadlineExceeded(let limit): "speech audio not complete within \(limit)"
            }
        }

        var isConnectionRefused: Bool {
            if case .transport(let why) = self { return why.contains("onnect") }
            return false
        }

        var isRetryable: Bool {
            switch self {
            case .http(let status, _): status >= 500 || status == 408 || status == 429
            case .transport, .emptyAudio: true
            case .firstChunkTimeout, .deadlineExceeded: false
            }
        }
    }

    public let settings: Settings
    /// Called from a background thread when an attempt fails and another follows (log, count).
    public let onRetry: @Sendable (Failure) -> Void

    public init(settings: Settings, onRetry: @escaping @Sendable (Failure) -> Void = { _ in }) {
        self.settings = settings
        self.onRetry = onRetry
    }

    public func synthesize(_ text: String) -> AsyncThrowingStream<SpeechAudioChunk, Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: SpeechAudioChunk.self)
        let run = ProviderStreamRun<SpeechAudioChunk>(continuation: continuation)
        continuation.onTermination = { _ in run.finish(nil) }
        guard !text.trimmingWhitespace().isEmpty else {
            run.finish(nil)
            return stream
        }
        let request: HTTPClientRequest
        do {
            request = try makeRequest(text: text)
        } catch {
            run.finish(Failure.transport("could not encode the request: \(error)"))
            return stream
        }
        let settings = settings, onRetry = onRetry
        run.schedule(after: settings.firstChunkDeadline) { run in
            if !run.hasYielded { run.finish(Failure.firstChunkTimeout(settings.firstChunkDeadline)) }
        }
        run.schedule(after: settings.deadline) { run in run.finish(Failure.deadlineExceeded(settings.deadline)) }
        Thread.detachNewThread {
            Self.attempts(run: run, request: request, text: text, settings: settings, onRetry: onRetry)
        }
        return stream
    }

    func makeRequest(text: String) throws -> HTTPClientRequest {
        struct Body: Encodable {
            let model: String
            let input: String
            let voice: String
            let response_format: String
            let speed: Double?
        }
        let body = try JSONEncoder().encode(Body(model: settings.model, input: text, voice: settings.voice, response_format: "pcm", speed: settings.speed))
        var headers = [HTTPHeaderField("Content-Type", "application/json")]
        if let key = settings.apiKey, !key.isEmpty { headers.append(HTTPHeaderField("Authorization", "Bearer \(key)")) }
        return HTTPClientRequest(method: "POST", url: settings.endpoint, headers: headers, body: Array(body),
                                 timeout: settings.requestTimeout, connectTimeout: settings.connectTimeout)
    }

    private static func attempts(run: ProviderStreamRun<SpeechAudioChunk>, request: HTTPClientRequest, text: String,
                                 settings: Settings, onRetry: @Sendable (Failure) -> Void) {
        run.retry(request: request, deadline: settings.deadline, requestTimeout: settings.requestTimeout, failure: Failure.self,
                  onRetry: { _, failure in onRetry(failure) },
                  attemptOnce: { try attemptOnce(run: run, request: $0, text: text, settings: settings) })
    }

    private static func attemptOnce(run: ProviderStreamRun<SpeechAudioChunk>, request: HTTPClientRequest, text: String, settings: Settings) throws {
        let client: CurlClient
        do { client = try CurlClient() } catch { throw Failure.transport("\(error)") }
        guard run.setClient(client) else { return }
        let rate = settings.sampleRate
        var status = 0
        var errorBody: [UInt8] = []
        var decoder = PCMStreamDecoder()
        var estimator = WordTimingEstimator(text: text, sampleRate: rate, charactersPerSecond: settings.charactersPerSecond)
        var received = 0
        do {
            try client.stream(request: request, onHead: { head in
                status = head.status
                return run.isFinished ? .stop : .continue
            }, onChunk: { bytes in
                if run.isFinished { return .stop }
                guard status == 200 else {
                    if errorBody.count < 4096 { errorBody += bytes }
                    return .continue
                }
                let samples = decoder.feed(bytes)
                guard !samples.isEmpty else { return .continue }
                received += samples.count
                let chunk = SpeechAudioChunk(samples: samples, sampleRate: rate, words: estimator.words(upTo: received))
                return run.yield(chunk, size: samples.count) ? .continue : .stop
            })
        } catch let error as CurlError {
            if run.isFinished { return }
            throw Failure.transport(error.isTimeout ? "timed out (\(error.detail))" : "\(error)")
        }
        if run.isFinished { return }
        guard status == 200 else {
            throw Failure.http(status: status, message: ChatStreamChunk.errorMessage(in: errorBody) ?? String(decoding: errorBody.prefix(300), as: UTF8.self))
        }
        guard received > 0 else { throw Failure.emptyAudio }
        let rest = estimator.finish(totalSamples: received)
        if !rest.isEmpty { _ = run.yield(SpeechAudioChunk(samples: [], sampleRate: rate, words: rest), size: 0) }
    }
}
