internal import COpus

/// An error from libopus or from checking arguments before calling it.
///
/// libopus reports failures as negative `OPUS_*` codes (RFC 6716 reference
/// implementation, `opus_defines.h`); ``code`` keeps the raw value when there is one.
public enum OpusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A libopus call returned a negative error code.
    case library(code: Int, operation: String)
    /// The sample rate is not one Opus supports (8, 12, 16, 24 or 48 kHz).
    case unsupportedSampleRate(Int)
    /// The channel count is not 1 or 2.
    case unsupportedChannelCount(Int)
    /// The PCM frame is not 2.5, 5, 10, 20, 40 or 60 ms long at the codec's rate.
    case invalidFrameSize(samplesPerChannel: Int, sampleRate: Int)
    /// An argument is outside the range libopus accepts.
    case invalidArgument(String)

    /// The raw libopus error code, if the error came from the library.
    public var code: Int? {
        if case .library(let code, _) = self { return code }
        return nil
    }

    public var description: String {
        switch self {
        case .library(let code, let operation):
            let text = opus_strerror(Int32(clamping: code)).map { String(cString: $0) } ?? "unknown error"
            return "\(operation) failed: \(text) (\(code))"
        case .unsupportedSampleRate(let rate):
            return "Opus does not support a sample rate of \(rate) Hz (use 8000, 12000, 16000, 24000 or 48000)"
        case .unsupportedChannelCount(let channels):
            return "Opus supports 1 or 2 channels, not \(channels)"
        case .invalidFrameSize(let samples, let rate):
            return "\(samples) samples per channel is not a valid Opus frame at \(rate) Hz (2.5, 5, 10, 20, 40 or 60 ms)"
        case .invalidArgument(let message):
            return message
        }
    }
}

extension OpusError {
    /// Throws `.library` when a libopus return value is negative; otherwise returns it.
    @discardableResult
    static func check(_ result: Int32, _ operation: String) throws -> Int {
        if result < 0 { throw OpusError.library(code: Int(result), operation: operation) }
        return Int(result)
    }
}
