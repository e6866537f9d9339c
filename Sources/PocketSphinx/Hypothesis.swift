/// A recognition result: the best word sequence, its score, and where each word lies.
public struct Hypothesis: Sendable, Equatable {
    /// One recognised word with its frame span (PocketSphinx frames, 10 ms each by default).
    public struct Word: Sendable, Equatable {
        /// The word, with any alternate-pronunciation suffix such as "(2)" removed.
        public var word: String
        /// First frame of the word.
        public var startFrame: Int
        /// Last frame of the word (inclusive).
        public var endFrame: Int

        /// Start in milliseconds, assuming 100 frames per second.
        public var startMs: Int { startFrame * 10 }
        /// End in milliseconds (exclusive), assuming 100 frames per second.
        public var endMs: Int { (endFrame + 1) * 10 }

        public init(word: String, startFrame: Int, endFrame: Int) {
            self.word = word
            self.startFrame = startFrame
            self.endFrame = endFrame
        }
    }

    /// Recognised words separated by single spaces ("" when nothing was recognised).
    public var text: String
    /// Path score (log domain, larger is better; only comparable within one utterance).
    public var score: Int
    /// Spoken words in order; silences and fillers (`<s>`, `<sil>`, `[NOISE]`, …) are left out.
    public var words: [Word]

    public init(text: String, score: Int, words: [Word]) {
        self.text = text
        self.score = score
        self.words = words
    }
}
