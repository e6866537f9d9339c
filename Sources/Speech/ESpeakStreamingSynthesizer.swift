import Dispatch
import ESpeakNG
import Foundation

/// The embedded TTS: eSpeak NG (22050 Hz) streamed in ~50 ms chunks with word-boundary events,
/// synthesized on a background queue; cancelling the consumer stops eSpeak at its next chunk.
public struct ESpeakStreamingSynthesizer: StreamingSynthesizer {
    public var voice: String
    public var wordsPerMinute: Int
    public var pitch: Int

    public init(voice: String = "en-us", wordsPerMinute: Int = 175, pitch: Int = 50) {
        self.voice = voice
        self.wordsPerMinute = wordsPerMinute
        self.pitch = pitch
    }

    /// eSpeak NG is process-global: one queue serialises it.
    private static let queue = DispatchQueue(label: "parley.espeak", qos: .userInitiated)

    public func synthesize(_ text: String) -> AsyncThrowingStream<SpeechAudioChunk, Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: SpeechAudioChunk.self)
        let cancelled = CancellationFlag()
        continuation.onTermination = { _ in cancelled.set() }
        let voice = voice, rate = wordsPerMinute, pitch = pitch
        Self.queue.async {
            do {
                let engine = try ESpeakSynthesizer.shared()
                let sampleRate = engine.sampleRate
                _ = try engine.synthesize(text: text, voice: voice, rate: rate, pitch: pitch) { chunk in
                    if cancelled.isSet { return .stop }
                    continuation.yield(SpeechAudioChunk(
                        samples: chunk.samples, sampleRate: sampleRate,
                        words: chunk.words.map { ($0.word, $0.startSample) }))
                    return cancelled.isSet ? .stop : .continue
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        return stream
    }
}

/// A flag set once from any thread.
final class CancellationFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
