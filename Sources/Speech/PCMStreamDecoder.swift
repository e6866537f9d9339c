/// Turns a raw 16-bit little-endian mono PCM byte stream, split anywhere (odd byte counts
/// included), into samples: a trailing odd byte is kept for the next chunk.
public struct PCMStreamDecoder: Sendable {
    private var carry: UInt8?

    public init() {}

    /// True when an odd byte waits for its partner (at end of stream it is dropped).
    public var hasPendingByte: Bool { carry != nil }

    /// Decodes the next chunk; returns the complete samples it finished.
    public mutating func feed(_ bytes: [UInt8]) -> [Int16] {
        var samples: [Int16] = []
        samples.reserveCapacity((bytes.count + 1) / 2)
        var index = 0
        if let low = carry, let high = bytes.first {
            samples.append(Int16(bitPattern: UInt16(low) | UInt16(high) << 8))
            carry = nil
            index = 1
        }
        while index + 1 < bytes.count {
            samples.append(Int16(bitPattern: UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8))
            index += 2
        }
        if index < bytes.count { carry = bytes[index] }
        return samples
    }
}

/// Estimates where each word of a text starts in speech synthesized from it when the service
/// gives no timings (OpenAI's `/v1/audio/speech`). **An estimate**: while audio streams in, a
/// word's start is its character offset times an assumed speaking rate
/// (``charactersPerSecond``); words whose estimate is not yet covered by the audio received so
/// far wait. At the end, the words still waiting are placed proportionally to their character
/// offsets over the audio actually received (never before the last word already placed).
public struct WordTimingEstimator: Sendable {
    public let sampleRate: Int
    public let charactersPerSecond: Double
    /// Each word with its offset in the text, in characters.
    let words: [(word: String, offset: Int)]
    let totalCharacters: Int
    private var next = 0
    private var lastStart = 0

    public init(text: String, sampleRate: Int, charactersPerSecond: Double = 15) {
        self.sampleRate = sampleRate
        self.charactersPerSecond = max(1, charactersPerSecond)
        var words: [(String, Int)] = []
        var current = ""
        var start = 0
        var offset = 0
        for character in text {
            if character.isWhitespace {
                if !current.isEmpty { words.append((current, start)) }
                current = ""
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
            offset += 1
        }
        if !current.isEmpty { words.append((current, start)) }
        self.words = words
        self.totalCharacters = max(1, offset)
    }

    /// Words not yet placed.
    public var remainingWords: Int { words.count - next }

    /// Words whose estimated start lies before `receivedSamples`, with their estimated start sample.
    public mutating func words(upTo receivedSamples: Int) -> [(word: String, startSample: Int)] {
        var placed: [(word: String, startSample: Int)] = []
        let samplesPerCharacter = Double(sampleRate) / charactersPerSecond
        while next < words.count {
            let estimate = Int(Double(words[next].offset) * samplesPerCharacter)
            guard estimate < receivedSamples else { break }
            let start = max(estimate, lastStart)
            placed.append((words[next].word, start))
            lastStart = start
            next += 1
        }
        return placed
    }

    /// Places every remaining word proportionally over `totalSamples` (the whole audio).
    public mutating func finish(totalSamples: Int) -> [(word: String, startSample: Int)] {
        var placed: [(word: String, startSample: Int)] = []
        while next < words.count {
            let proportional = Int(Double(words[next].offset) / Double(totalCharacters) * Double(totalSamples))
            let start = min(max(proportional, lastStart), max(0, totalSamples - 1))
            placed.append((words[next].word, start))
            lastStart = start
            next += 1
        }
        return placed
    }
}
