/// One utterance's audio queue inside a ``SpeechOutputStream``: 48 kHz samples not yet
/// sent, word timings at 48 kHz, and playback progress.
final class Utterance {
    let id: String
    let inputRate: Int
    private let resampler: AlignedResampler
    private var samples: [Int16] = []
    private var readIndex = 0
    /// Samples (48 kHz) appended so far, sent or not.
    private(set) var totalSamples = 0
    /// Samples (48 kHz) sent so far.
    private(set) var playedSamples = 0
    private(set) var words: [SpokenWord] = []
    private(set) var isFinished = false
    var startedAt: ContinuousClock.Instant?

    init(id: String, inputRate: Int, resamplerQuality: Int) throws {
        self.id = id
        self.inputRate = inputRate
        resampler = try AlignedResampler(inputRate: inputRate, outputRate: 48_000, quality: resamplerQuality)
    }

    var bufferedSamples: Int { samples.count - readIndex }

    func append(pcm: [Int16], words newWords: [SpokenWord]) {
        for word in newWords {
            words.append(SpokenWord(word: word.word, startSample: max(0, resampler.outputIndex(forInputIndex: word.startSample))))
        }
        if newWords.count > 0 { words.sort { $0.startSample < $1.startSample } }
        append48k(resampler.process(pcm))
    }

    func finish() {
        guard !isFinished else { return }
        append48k(resampler.finish())
        isFinished = true
    }

    /// Takes up to `count` samples, zero-padded to exactly `count`.
    func take(_ count: Int) -> [Int16] {
        let available = min(count, bufferedSamples)
        var frame = Array(samples[readIndex..<readIndex + available])
        readIndex += available
        playedSamples += available
        if available < count { frame.append(contentsOf: repeatElement(0, count: count - available)) }
        if readIndex >= 48_000 {  // compact about once a second of audio
            samples.removeFirst(readIndex)
            readIndex = 0
        }
        return frame
    }

    /// The heard words after `playedSamples` were sent (rule: ``UtteranceInterruption``).
    func heardWords() -> [String] {
        var heard: [String] = []
        let audioEnd = max(totalSamples, playedSamples)
        for (index, word) in words.enumerated() {
            let end = index + 1 < words.count ? words[index + 1].startSample : audioEnd
            let span = max(end - word.startSample, 0)
            let played = playedSamples - word.startSample
            guard played >= 0, played * 2 >= span else { break }
            heard.append(word.word)
        }
        return heard
    }

    private func append48k(_ pcm: [Int16]) {
        samples.append(contentsOf: pcm)
        totalSamples += pcm.count
    }
}
