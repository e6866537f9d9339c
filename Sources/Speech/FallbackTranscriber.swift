/// Tries the primary recogniser and, when it fails (unreachable, erroring, too slow), answers with
/// the fallback for that utterance, so the candidate never waits on a dead provider.
///
/// `deadline` bounds the primary end to end: when it passes, the fallback answers at once, even
/// if the primary is stuck somewhere its own timeouts do not reach (a transfer that ignores its
/// timeout, a thread that is slow to start on a loaded machine). The primary is cancelled.
public struct FallbackTranscriber: UtteranceTranscriber {
    public let primary: any UtteranceTranscriber
    public let fallback: any UtteranceTranscriber
    /// Longest wait for the primary; nil trusts the primary's own deadline.
    public let deadline: Duration?
    /// Called with the primary's error each time the fallback is used (log it, count it).
    public let onFallback: @Sendable (Error) -> Void
    /// Opens an incremental session on the primary for a turn (nil: transcribe each turn in one
    /// request). Set when the primary is Parley's Whisper service (`PARLEY_STT_STREAMING`).
    public var openStream: (@Sendable (_ prompt: String?) -> WhisperStreamSession?)?

    public init(primary: any UtteranceTranscriber, fallback: any UtteranceTranscriber, deadline: Duration? = nil,
                onFallback: @escaping @Sendable (Error) -> Void = { _ in }) {
        self.primary = primary
        self.fallback = fallback
        self.deadline = deadline
        self.onFallback = onFallback
    }

    public func transcribe(samples16k: [Int16], prompt: String?) async throws -> Transcript {
        try await transcribe(samples16k: samples16k, prompt: prompt, preferredFallback: nil)
    }

    /// Like ``transcribe(samples16k:prompt:)``; when the primary fails, `preferredFallback` (e.g. the
    /// live-caption decoder's final hypothesis, already computed) answers before the fallback engine
    /// is asked to decode the utterance again. It returns nil when it has nothing.
    /// With `stream` (the turn's incremental session), the primary's final is that session's;
    /// when the session gave up, the turn is sent in one request, within the same deadline.
    public func transcribe(samples16k: [Int16], prompt: String?, preferredFallback: (@Sendable () async -> Transcript?)?,
                           stream: WhisperStreamSession? = nil) async throws -> Transcript {
        let primary = primary, limit = deadline ?? .seconds(30)
        let attempt: @Sendable () async throws -> Transcript = {
            if let stream {
                do {
                    return try await stream.finish(timeout: limit)
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    // fall through to one request
                }
            }
            return try await primary.transcribe(samples16k: samples16k, prompt: prompt)
        }
        do {
            if let deadline {
                return try await raceDeadline(deadline, attempt)
            }
            return try await attempt()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            onFallback(error)
            if let preferredFallback, let transcript = await preferredFallback() { return transcript }
            return try await fallback.transcribe(samples16k: samples16k, prompt: prompt)
        }
    }
}
