/// The provider seams of Parley's voice loop: speech recognition and speech synthesis, embedded
/// or remote (OpenAI-compatible), behind small async protocols so the interview code drives any
/// of them the same way.

/// A word with its time in the utterance, in milliseconds.
public struct TimedWord: Sendable, Equatable, Codable {
    public var word: String
    public var startMs: Int
    public var endMs: Int?

    public init(word: String, startMs: Int, endMs: Int? = nil) {
        self.word = word
        self.startMs = startMs
        self.endMs = endMs
    }
}

/// A recognition result of one utterance.
public struct Transcript: Sendable, Equatable {
    public var text: String
    public var words: [TimedWord]
    /// Which engine produced it (e.g. "whisper", "pocketsphinx"), for logs and metrics.
    public var engine: String

    public init(text: String, words: [TimedWord] = [], engine: String) {
        self.text = text
        self.words = words
        self.engine = engine
    }
}

/// Recognises a whole utterance: 16 kHz mono PCM in, text out. Implementations must be safe to
/// call from any task; they may block a thread (call them off event loops).
public protocol UtteranceTranscriber: Sendable {
    /// - Parameter prompt: words the utterance is likely to contain (the question, the tech stack),
    ///   passed to engines that accept biasing.
    func transcribe(samples16k: [Int16], prompt: String?) async throws -> Transcript
}

/// One chunk of synthesized speech, with the words that start in it.
public struct SpeechAudioChunk: Sendable, Equatable {
    public var samples: [Int16]
    public var sampleRate: Int
    /// Words starting in this chunk, with their start sample counted from the utterance start.
    public var words: [(word: String, startSample: Int)]

    public init(samples: [Int16], sampleRate: Int, words: [(word: String, startSample: Int)]) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.words = words
    }

    public static func == (lhs: SpeechAudioChunk, rhs: SpeechAudioChunk) -> Bool {
        lhs.samples == rhs.samples && lhs.sampleRate == rhs.sampleRate
            && lhs.words.map(\.word) == rhs.words.map(\.word) && lhs.words.map(\.startSample) == rhs.words.map(\.startSample)
    }
}

/// Streams speech for a text as it is synthesized; cancelling the consuming task stops synthesis.
public protocol StreamingSynthesizer: Sendable {
    func synthesize(_ text: String) -> AsyncThrowingStream<SpeechAudioChunk, Error>
}
