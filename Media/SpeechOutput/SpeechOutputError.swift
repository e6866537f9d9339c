/// An error from feeding a ``SpeechOutputStream``.
public enum SpeechOutputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A chunk's sample rate differs from the utterance's earlier chunks.
    case sampleRateChanged(utteranceId: String, was: Int, now: Int)
    /// Audio arrived after ``SpeechOutputStream/finishUtterance(_:)``.
    case utteranceAlreadyFinished(String)
    /// The sample rate is not positive or the resampler could not be made for it.
    case unsupportedSampleRate(Int)
    /// The Opus encoder could not be created or configured.
    case codec(String)

    public var description: String {
        switch self {
        case .sampleRateChanged(let id, let was, let now):
            return "utterance \(id) changed sample rate from \(was) Hz to \(now) Hz mid-stream"
        case .utteranceAlreadyFinished(let id):
            return "utterance \(id) was already finished; no more audio can be added"
        case .unsupportedSampleRate(let rate):
            return "cannot resample TTS audio at \(rate) Hz to 48 kHz"
        case .codec(let message):
            return "Opus encoder: \(message)"
        }
    }
}
