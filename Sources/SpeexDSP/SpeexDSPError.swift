internal import CSpeexDSP

/// An error from speexdsp or from checking arguments before calling it.
public enum SpeexDSPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A speexdsp resampler call failed with a `RESAMPLER_ERR_*` code.
    case resampler(code: Int, operation: String)
    /// An argument is outside the accepted range.
    case invalidArgument(String)
    /// The preprocessor could not be created.
    case preprocessorCreationFailed(frameSize: Int, sampleRate: Int)

    public var description: String {
        switch self {
        case .resampler(let code, let operation):
            let text = speex_resampler_strerror(Int32(clamping: code)).map { String(cString: $0) } ?? "unknown error"
            return "\(operation) failed: \(text) (\(code))"
        case .invalidArgument(let message):
            return message
        case .preprocessorCreationFailed(let frameSize, let sampleRate):
            return "speex_preprocess_state_init(\(frameSize), \(sampleRate)) failed"
        }
    }
}
