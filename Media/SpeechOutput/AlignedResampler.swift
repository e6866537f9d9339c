import SpeexDSP

/// A streaming resampler whose output sample *n* lines up with input time
/// `n / outputRate`: the speexdsp filter delay (leading zeros) is removed from the start
/// and the held-back tail is pushed out by ``finish()``. That keeps TTS word timings,
/// converted with ``outputIndex(forInputIndex:)``, on the audio they label.
///
/// With equal rates it is a pass-through. Thread safety: one thread at a time.
public final class AlignedResampler {
    public let inputRate: Int
    public let outputRate: Int
    private let resampler: Resampler?
    /// Leading output samples (filter delay) still to discard.
    private var delayToDrop: Int
    private var finished = false
    private var inputCount = 0
    private var outputCount = 0

    /// - Throws: ``SpeechOutputError/unsupportedSampleRate(_:)`` for a non-positive rate.
    public init(inputRate: Int, outputRate: Int = 48_000, quality: Int = 5) throws {
        guard inputRate > 0, outputRate > 0 else { throw SpeechOutputError.unsupportedSampleRate(inputRate) }
        self.inputRate = inputRate
        self.outputRate = outputRate
        if inputRate == outputRate {
            resampler = nil
            delayToDrop = 0
        } else {
            do {
                let made = try Resampler(inputRate: inputRate, outputRate: outputRate, channels: 1, quality: quality)
                resampler = made
                delayToDrop = made.outputLatency
            } catch {
                throw SpeechOutputError.unsupportedSampleRate(inputRate)
            }
        }
    }

    /// Resamples the next piece of mono audio.
    public func process(_ samples: [Int16]) -> [Int16] {
        guard let resampler else { return samples }
        guard !finished else { return [] }
        inputCount += samples.count
        return counted(dropDelay(resampler.process(samples)))
    }

    /// Returns the last samples still held in the filter; call once at the end. The
    /// whole output is then exactly `outputIndex(forInputIndex: inputCount)` samples long
    /// (the filter's rounding is trimmed or zero-padded).
    public func finish() -> [Int16] {
        guard let resampler, !finished else { return [] }
        finished = true
        var tail = dropDelay(resampler.flush())
        let missing = outputIndex(forInputIndex: inputCount) - outputCount
        if missing < tail.count {
            tail.removeLast(tail.count - max(missing, 0))
        } else {
            tail.append(contentsOf: repeatElement(0, count: missing - tail.count))
        }
        return counted(tail)
    }

    /// The output sample index of input sample `index` (rounded to nearest).
    public func outputIndex(forInputIndex index: Int) -> Int {
        guard inputRate != outputRate else { return index }
        return Int((Double(index) * Double(outputRate) / Double(inputRate)).rounded())
    }

    private func counted(_ output: [Int16]) -> [Int16] {
        outputCount += output.count
        return output
    }

    private func dropDelay(_ output: [Int16]) -> [Int16] {
        guard delayToDrop > 0 else { return output }
        let dropped = min(delayToDrop, output.count)
        delayToDrop -= dropped
        return Array(output.dropFirst(dropped))
    }
}
