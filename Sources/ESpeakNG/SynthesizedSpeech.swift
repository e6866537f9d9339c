/// Where one word of the input text starts in the synthesised audio, from eSpeak NG's
/// `espeakEVENT_WORD` events.
public struct WordTiming: Sendable, Equatable {
    /// The word as it appears in the input text.
    public var word: String
    /// Offset of the word in the input text, in Unicode scalars (eSpeak counts characters).
    public var textOffset: Int
    /// Length of the word in Unicode scalars.
    public var textLength: Int
    /// First sample of the word in the utterance's audio (at the synthesiser's sample rate).
    public var startSample: Int
    /// Start of the word in milliseconds from the beginning of the utterance.
    public var startMs: Int

    public init(word: String, textOffset: Int, textLength: Int, startSample: Int, startMs: Int) {
        self.word = word
        self.textOffset = textOffset
        self.textLength = textLength
        self.startSample = startSample
        self.startMs = startMs
    }
}

/// A whole synthesised utterance: mono 16-bit PCM plus word start times.
public struct SynthesizedSpeech: Sendable, Equatable {
    /// Mono PCM samples at ``sampleRate``.
    public var samples: [Int16]
    /// Samples per second (22050 for eSpeak NG's standard voices).
    public var sampleRate: Int
    /// One entry per spoken word, in order.
    public var words: [WordTiming]

    /// Duration in milliseconds.
    public var durationMs: Int { sampleRate > 0 ? samples.count * 1000 / sampleRate : 0 }

    public init(samples: [Int16], sampleRate: Int, words: [WordTiming]) {
        self.samples = samples
        self.sampleRate = sampleRate
        self.words = words
    }
}

/// One piece of a streamed synthesis: the next audio samples and any words that start
/// in them.
public struct SpeechChunk: Sendable, Equatable {
    /// Mono PCM samples continuing the utterance (may be empty when a chunk carries only events).
    public var samples: [Int16]
    /// Index of `samples[0]` in the whole utterance.
    public var startSample: Int
    /// Words whose start events arrived with this chunk (their `startSample` is utterance-relative).
    public var words: [WordTiming]

    public init(samples: [Int16], startSample: Int, words: [WordTiming]) {
        self.samples = samples
        self.startSample = startSample
        self.words = words
    }
}

/// What a streaming callback wants the synthesiser to do next.
public enum SynthesisControl: Sendable, Equatable {
    case `continue`
    /// Abort this utterance now (e.g. barge-in); no more chunks are delivered.
    case stop
}

/// How a streamed synthesis ended.
public struct SynthesisSummary: Sendable, Equatable {
    /// Samples delivered to the callback.
    public var totalSamples: Int
    /// Words delivered to the callback.
    public var wordCount: Int
    /// True when the callback returned ``SynthesisControl/stop``.
    public var wasCancelled: Bool

    public init(totalSamples: Int, wordCount: Int, wasCancelled: Bool) {
        self.totalSamples = totalSamples
        self.wordCount = wordCount
        self.wasCancelled = wasCancelled
    }
}
