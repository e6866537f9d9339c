import Foundation
import PocketSphinx

/// The in-process recogniser: PocketSphinx over a whole utterance (16 kHz). Fast and always
/// there, but inaccurate on open speech with its generic language model; Parley uses it as the
/// fallback when the configured transcription service fails.
public final class PocketSphinxTranscriber: UtteranceTranscriber, @unchecked Sendable {
    private let configuration: SpeechRecognizerConfiguration
    private let lock = NSLock()
    private var recognizer: SpeechRecognizer?

    public init(configuration: SpeechRecognizerConfiguration = SpeechRecognizerConfiguration()) {
        self.configuration = configuration
    }

    /// Loads the models now (off the caller's thread), so the first fallback does not pay for it.
    public func warmUp() {
        Thread.detachNewThread { [self] in
            lock.withLock {
                if recognizer == nil { recognizer = try? SpeechRecognizer(configuration: configuration) }
            }
        }
    }

    public func transcribe(samples16k: [Int16], prompt: String?) async throws -> Transcript {
        try await OpenAITranscriber.runBlocking { [self] in
            try lock.withLock {
                if recognizer == nil { recognizer = try SpeechRecognizer(configuration: configuration) }
                guard let recognizer else { return Transcript(text: "", engine: "pocketsphinx") }
                let hypothesis = try recognizer.recognize(samples16k)
                return Transcript(text: hypothesis.text,
                                  words: hypothesis.words.map { TimedWord(word: $0.word, startMs: $0.startMs, endMs: $0.endMs) },
                                  engine: "pocketsphinx")
            }
        }
    }
}
