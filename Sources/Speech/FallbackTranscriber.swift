/// Tries the primary recogniser and, when it fails (unreachable, erroring, too slow), answers with
/// the fallback for that utterance, so the candidate never waits on a dead provider.
public struct FallbackTranscriber: UtteranceTranscriber {
    public let primary: any UtteranceTranscriber
    public let fallback: any UtteranceTranscriber
    /// Called with the primary's error each time the fallback is used (log it, count it).
    public let onFallback: @Sendable (Error) -> Void

    public init(primary: any UtteranceTranscriber, fallback: any UtteranceTranscriber,
                onFallback: @escaping @Sendable (Error) -> Void = { _ in }) {
        self.primary = primary
        self.fallback = fallback
        self.onFallback = onFallback
    }

    public func transcribe(samples16k: [Int16], prompt: String?) async throws -> Transcript {
        do {
            return try await primary.transcribe(samples16k: samples16k, prompt: prompt)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            onFallback(error)
            return try await fallback.transcribe(samples16k: samples16k, prompt: prompt)
        }
    }
}
