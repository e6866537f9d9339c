/// Speaks with the primary synthesizer (e.g. ``OpenAISpeechSynthesizer``) and, when it fails,
/// with the fallback (e.g. ``ESpeakStreamingSynthesizer``), so the candidate never hears dead air:
///
/// - **Before the first chunk** (error, deadline, unreachable): `onFallback(error)`, then the whole
///   text is synthesized by the fallback and its chunks are passed on unchanged (at its own rate).
/// - **Mid-stream** (best effort): `onFallback(error)`, then the fallback says the rest of the text,
///   starting again at the last word the primary announced in `words` (that word may have been cut,
///   so it is repeated; with the primary's estimated timings this is approximate). The fallback's
///   audio is converted by linear interpolation to the primary's sample rate, because one utterance
///   must keep one rate, and its word start samples are shifted to follow the audio already sent.
///
/// If the fallback fails too, its error is thrown. Cancelling the consumer stops both.
public struct FallbackSynthesizer: StreamingSynthesizer {
    public let primary: any StreamingSynthesizer
    public let fallback: any StreamingSynthesizer
    /// Called with the primary's error each time the fallback is used (log it, count it).
    public let onFallback: @Sendable (Error) -> Void

    public init(primary: any StreamingSynthesizer, fallback: any StreamingSynthesizer,
                onFallback: @escaping @Sendable (Error) -> Void = { _ in }) {
        self.primary = primary
        self.fallback = fallback
        self.onFallback = onFallback
    }

    public func synthesize(_ text: String) -> AsyncThrowingStream<SpeechAudioChunk, Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: SpeechAudioChunk.self)
        let primary = primary, fallback = fallback, onFallback = onFallback
        let task = Task {
            var rate: Int?
            var samplesSent = 0
            var wordsAnnounced = 0
            do {
                for try await chunk in primary.synthesize(text) {
                    if rate == nil { rate = chunk.sampleRate }
                    samplesSent += chunk.samples.count
                    wordsAnnounced += chunk.words.count
                    continuation.yield(chunk)
                }
                continuation.finish()
                return
            } catch {
                if Task.isCancelled || error is CancellationError { return continuation.finish() }
                onFallback(error)
            }
            do {
                guard let rate else {
                    for try await chunk in fallback.synthesize(text) { continuation.yield(chunk) }
                    return continuation.finish()
                }
                let words = text.split(whereSeparator: { $0.isWhitespace })
                let rest = words.dropFirst(max(0, wordsAnnounced - 1)).joined(separator: " ")
                guard !rest.isEmpty else { return continuation.finish() }
                var resampler: LinearResampler?
                var inputRate = 0
                for try await chunk in fallback.synthesize(rest) {
                    if resampler == nil {
                        inputRate = chunk.sampleRate
                        resampler = LinearResampler(inputRate: chunk.sampleRate, outputRate: rate)
                    }
                    guard var converter = resampler, chunk.sampleRate == inputRate else { continue }
                    let samples = converter.process(chunk.samples)
                    resampler = converter
                    let shifted = chunk.words.map { (word: $0.word, startSample: samplesSent + converter.outputIndex(forInputIndex: $0.startSample)) }
                    continuation.yield(SpeechAudioChunk(samples: samples, sampleRate: rate, words: shifted))
                }
                continuation.finish()
            } catch {
                if Task.isCancelled || error is CancellationError { return continuation.finish() }
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}

/// Streaming sample-rate conversion by linear interpolation (adequate for a fallback path; the
/// speech output stage does the high-quality resampling to 48 kHz). Pure: feed chunks in order.
struct LinearResampler: Sendable {
    let inputRate: Int
    let outputRate: Int
    /// Input samples per output sample.
    private let step: Double
    /// Position of the next output sample, in absolute input-sample coordinates.
    private var position: Double = 0
    /// Input samples received in earlier chunks.
    private var consumed = 0
    private var last: Int16?

    init(inputRate: Int, outputRate: Int) {
        self.inputRate = max(1, inputRate)
        self.outputRate = max(1, outputRate)
        self.step = Double(self.inputRate) / Double(self.outputRate)
    }

    mutating func process(_ input: [Int16]) -> [Int16] {
        guard inputRate != outputRate else { return input }
        guard !input.isEmpty else { return [] }
        let base = consumed - (last == nil ? 0 : 1)  // absolute index of buffer[0]
        let buffer = (last.map { [$0] } ?? []) + input
        var output: [Int16] = []
        output.reserveCapacity(Int(Double(input.count) / step) + 1)
        while true {
            let whole = position.rounded(.down)
            let index = Int(whole) - base
            guard index >= 0, index + 1 < buffer.count else { break }
            let fraction = position - whole
            let value = Double(buffer[index]) * (1 - fraction) + Double(buffer[index + 1]) * fraction
            output.append(Int16(clamping: Int(value.rounded())))
            position += step
        }
        consumed += input.count
        last = input.last
        return output
    }

    /// The output sample index matching input sample `index`.
    func outputIndex(forInputIndex index: Int) -> Int {
        inputRate == outputRate ? index : Int((Double(index) / step).rounded())
    }
}
