internal import CSpeexDSP

/// A streaming sample-rate converter (speexdsp's windowed-sinc resampler), e.g. WebRTC's
/// 48 kHz Opus audio to 16 kHz for speech recognition, or 22.05 kHz TTS audio to 48 kHz.
///
/// It keeps filter state across ``process(_:)`` calls, so feeding a stream in pieces of
/// any size gives the same output as feeding it at once. Output lags input by
/// ``outputLatency`` samples; ``flush()`` pushes the tail out at the end of a stream.
///
/// Owns one `SpeexResamplerState`, freed on release. Thread safety: use each instance
/// from one thread at a time; distinct instances are independent.
public final class Resampler {
    public let inputRate: Int
    public let outputRate: Int
    /// 1 or more; samples are interleaved.
    public let channels: Int
    /// 0 (fastest) ... 10 (best). 3 is speexdsp's VoIP default, 4–5 desktop.
    public let quality: Int

    private let state: OpaquePointer

    /// Creates a resampler.
    /// - Throws: ``SpeexDSPError`` for non-positive rates/channels or quality outside 0...10.
    public init(inputRate: Int, outputRate: Int, channels: Int = 1, quality: Int = 5) throws {
        guard inputRate > 0, outputRate > 0, inputRate <= Int(Int32.max), outputRate <= Int(Int32.max) else {
            throw SpeexDSPError.invalidArgument("sample rates must be positive, got \(inputRate) → \(outputRate)")
        }
        guard (1...255).contains(channels) else { throw SpeexDSPError.invalidArgument("channel count must be 1...255, not \(channels)") }
        guard (0...10).contains(quality) else { throw SpeexDSPError.invalidArgument("resampler quality must be 0...10, not \(quality)") }
        var error: Int32 = 0
        guard let state = speex_resampler_init(UInt32(channels), UInt32(inputRate), UInt32(outputRate), Int32(quality), &error),
              error == 0 else {
            throw SpeexDSPError.resampler(code: Int(error), operation: "speex_resampler_init")
        }
        self.state = state
        self.inputRate = inputRate
        self.outputRate = outputRate
        self.channels = channels
        self.quality = quality
    }

    deinit { speex_resampler_destroy(state) }

    /// Filter delay in input samples (per channel).
    public var inputLatency: Int { Int(speex_resampler_get_input_latency(state)) }
    /// Filter delay in output samples (per channel): how far output lags input.
    public var outputLatency: Int { Int(speex_resampler_get_output_latency(state)) }

    /// Clears the filter memory, as if newly created.
    public func reset() {
        _ = speex_resampler_reset_mem(state)
    }

    /// Resamples the next piece of an interleaved Int16 stream.
    ///
    /// All of `samples` is consumed; the output holds every sample the filter could
    /// produce so far (about `samples.count × outputRate / inputRate`, give or take one as
    /// the fractional position carries over between calls).
    public func process(_ samples: [Int16]) -> [Int16] {
        run(samples, zero: 0) { state, input, inLength, output, outLength in
            speex_resampler_process_interleaved_int(state, input, inLength, output, outLength)
        }
    }

    /// Resamples the next piece of an interleaved Float stream (nominal range ±1.0 or
    /// ±32768; the resampler is linear, so any scale works). Do not mix with the Int16
    /// form on one instance mid-stream unless the scales match.
    public func process(_ samples: [Float]) -> [Float] {
        run(samples, zero: 0) { state, input, inLength, output, outLength in
            speex_resampler_process_interleaved_float(state, input, inLength, output, outLength)
        }
    }

    /// Pushes ``inputLatency`` samples of silence through, returning the tail of the
    /// stream still held in the filter. Call once at the end of a stream, then ``reset()``
    /// before reusing the instance.
    public func flush() -> [Int16] {
        process([Int16](repeating: 0, count: inputLatency * channels))
    }

    private typealias ProcessFunction<T> = (OpaquePointer, UnsafePointer<T>, UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<T>, UnsafeMutablePointer<UInt32>) -> Int32

    private func run<T>(_ samples: [T], zero: T, _ process: ProcessFunction<T>) -> [T] {
        let inFrames = samples.count / channels
        guard inFrames > 0 else { return [] }
        // Ratio estimate plus headroom; the loop below handles any shortfall.
        let capacityFrames = inFrames * outputRate / inputRate + 16
        var output = [T](repeating: zero, count: capacityFrames * channels)
        var produced = 0
        var consumed = 0
        samples.withUnsafeBufferPointer { input in
            guard let inBase = input.baseAddress else { return }
            while consumed < inFrames {
                if produced == output.count / channels {
                    output.append(contentsOf: repeatElement(zero, count: 64 * channels))
                }
                var inLength = UInt32(inFrames - consumed)
                var outLength = UInt32(output.count / channels - produced)
                let result: Int32 = output.withUnsafeMutableBufferPointer { out in
                    guard let outBase = out.baseAddress else { return -1 }
                    return process(state, inBase + consumed * channels, &inLength, outBase + produced * channels, &outLength)
                }
                if result != 0 { break }  // only RESAMPLER_ERR_* on bad pointers, which cannot happen here
                consumed += Int(inLength)
                produced += Int(outLength)
                if inLength == 0 && outLength == 0 { break }
            }
        }
        output.removeSubrange((produced * channels)...)
        return output
    }
}
