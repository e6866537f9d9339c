import CurlHTTP
import Foundation

/// One incremental transcription of a turn on Parley's local Whisper service (`Services/whisper`:
/// `POST /v1/parley/stream/{id}` appends raw PCM16LE 16 kHz mono, `POST …/final` returns the final,
/// `DELETE` drops it). The service re-decodes while the candidate speaks and during the
/// endpointing pause, so the final is mostly ready when asked for.
///
/// Audio is sent in batches of at least `batchMs`, on a serial queue of its own with one kept-alive
/// connection (never on the caller's thread). Bounded: when sending falls more than `maxBacklogMs`
/// behind, or a request fails, the session gives up and ``finish(_:timeout:)`` throws — the caller
/// then transcribes the turn in one request. A service without these routes (404/405: any
/// OpenAI-compatible server but Parley's) is reported through `onUnsupported`.
public final class WhisperStreamSession: @unchecked Sendable {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case unsupported(status: Int)
        case failed(String)

        public var description: String {
            switch self {
            case .unsupported(let status): "the transcription service has no stream routes (HTTP \(status))"
            case .failed(let why): "streamed transcription failed: \(why)"
            }
        }
    }

    public let id: String
    private let baseURL: String
    private let apiKey: String?
    private let prompt: String?
    private let batchSamples: Int
    private let maxBacklogSamples: Int
    private let onUnsupported: @Sendable () -> Void
    private let queue = DispatchQueue(label: "parley.stt-stream")
    private let client: CurlClient?

    // Guarded by `lock`.
    private let lock = NSLock()
    private var unsent: [Int16] = []
    private var inFlightSamples = 0
    private var failure: Failure?
    private var sentAny = false

    public init(baseURL: String, apiKey: String?, prompt: String?, batchMs: Int = 200, maxBacklogMs: Int = 3_000,
                onUnsupported: @escaping @Sendable () -> Void = {}) {
        id = "parley-" + UUID().uuidString.lowercased()
        self.baseURL = baseURL.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        self.apiKey = apiKey
        self.prompt = prompt
        batchSamples = batchMs * 16
        maxBacklogSamples = maxBacklogMs * 16
        self.onUnsupported = onUnsupported
        client = try? CurlClient()
        if client == nil { failure = .failed("no HTTP client") }
    }

    /// Adds the turn's next samples; they are sent once a batch has gathered.
    public func append(_ samples: [Int16]) {
        let batch: [Int16]? = lock.withLock {
            guard failure == nil else { return nil }
            unsent += samples
            guard unsent.count >= batchSamples else { return nil }
            if inFlightSamples + unsent.count > maxBacklogSamples {
                failure = .failed("the service fell \(inFlightSamples / 16) ms of audio behind")
                return nil
            }
            defer { unsent.removeAll(keepingCapacity: true) }
            inFlightSamples += unsent.count
            return unsent
        }
        guard let batch else { return }
        queue.async { [self] in
            defer { lock.withLock { inFlightSamples -= batch.count } }
            guard lock.withLock({ failure == nil }) else { return }
            var path = "/v1/parley/stream/\(id)"
            if !lock.withLock({ sentAny }), let prompt, !prompt.isEmpty,
               let query = prompt.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
                path += "?language=en&prompt=\(query)"
            }
            do {
                _ = try post(path, samples: batch, timeout: .seconds(5))
                lock.withLock { sentAny = true }
            } catch let failure as Failure {
                // Only the first append tells whether the service has the routes at all.
                if case .unsupported(let status) = failure, lock.withLock({ sentAny }) {
                    fail(.failed("HTTP \(status): the session is gone"))
                } else {
                    fail(failure)
                }
            } catch {
                fail(.failed("\(error)"))
            }
        }
    }

    /// Sends the rest and returns the service's final text. Throws when the session gave up or
    /// the service fails; cancelling the calling task stops the request.
    public func finish(_ samples: [Int16] = [], timeout: Duration) async throws -> Transcript {
        let rest: [Int16]? = lock.withLock {
            guard failure == nil else { return nil }
            defer { unsent.removeAll() }
            return unsent + samples
        }
        guard let rest else { throw lock.withLock { failure } ?? Failure.failed("gave up") }
        guard !rest.isEmpty || lock.withLock({ sentAny }) else { throw Failure.failed("no audio was streamed") }
        let body: Data = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                queue.async { [self] in
                    if let failure = lock.withLock({ failure }) { return continuation.resume(throwing: failure) }
                    continuation.resume(with: Result {
                        do {
                            return try post("/v1/parley/stream/\(id)/final", samples: rest, timeout: timeout)
                        } catch Failure.unsupported(let status) {
                            throw Failure.failed("HTTP \(status) at the final")
                        }
                    })
                }
            }
        } onCancel: {
            client?.cancel()
        }
        struct Final: Decodable { let text: String }
        guard let final = try? JSONDecoder().decode(Final.self, from: body) else {
            throw Failure.failed("unusable final: \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        return Transcript(text: final.text.trimmingCharacters(in: .whitespacesAndNewlines), engine: "whisper-stream")
    }

    /// Drops the session on the service (the turn was abandoned); best effort.
    public func cancel() {
        lock.withLock { if failure == nil { failure = .failed("cancelled") } }
        queue.async { [self] in
            guard lock.withLock({ sentAny }), let client else { return }
            _ = try? client.perform(request: HTTPClientRequest(method: "DELETE", url: baseURL + "/v1/parley/stream/\(id)",
                                                               headers: headers(), timeout: .seconds(2), connectTimeout: .seconds(1)))
        }
    }

    private func fail(_ failure: Failure) {
        lock.withLock { if self.failure == nil { self.failure = failure } }
        if case .unsupported = failure { onUnsupported() }
    }

    private func headers() -> [HTTPHeaderField] {
        var headers = [HTTPHeaderField("Content-Type", "application/octet-stream")]
        if let apiKey { headers.append(HTTPHeaderField("Authorization", "Bearer \(apiKey)")) }
        return headers
    }

    /// One request on the queue's connection; the body on 200.
    private func post(_ path: String, samples: [Int16], timeout: Duration) throws -> Data {
        guard let client else { throw Failure.failed("no HTTP client") }
        var body = [UInt8]()
        body.reserveCapacity(samples.count * 2)
        for sample in samples {
            let value = UInt16(bitPattern: sample)
            body.append(UInt8(value & 0xFF))
            body.append(UInt8(value >> 8))
        }
        let response: HTTPClientResponse
        do {
            response = try client.perform(request: HTTPClientRequest(
                method: "POST", url: baseURL + path, headers: headers(), body: body, timeout: timeout, connectTimeout: .seconds(2)))
        } catch {
            throw Failure.failed("\(error)")
        }
        if response.status == 404 || response.status == 405 { throw Failure.unsupported(status: response.status) }
        guard response.status == 200 else {
            throw Failure.failed("HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
        return Data(response.body)
    }
}
