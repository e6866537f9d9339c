/// An error from PocketSphinx or from checking a configuration before using it.
public enum SpeechRecognizerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A model, dictionary or language-model file does not exist.
    case fileNotFound(String)
    /// The command-line style configuration was rejected.
    case invalidConfiguration(String)
    /// `ps_init` failed (usually a bad or mismatched acoustic model).
    case decoderInitFailed
    /// Installing the language source failed (bad JSGF, words missing from the dictionary, …).
    case searchSetupFailed(String)
    /// A decoding call returned a negative status.
    case decodingFailed(operation: String, code: Int)
    /// ``SpeechRecognizer/process(_:)`` or ``SpeechRecognizer/endUtterance()`` without ``SpeechRecognizer/startUtterance()``.
    case noUtteranceInProgress

    public var description: String {
        switch self {
        case .fileNotFound(let path): return "PocketSphinx file not found: \(path)"
        case .invalidConfiguration(let detail): return "invalid PocketSphinx configuration: \(detail)"
        case .decoderInitFailed: return "PocketSphinx decoder initialisation failed (check the acoustic model and dictionary)"
        case .searchSetupFailed(let detail): return "PocketSphinx search setup failed: \(detail)"
        case .decodingFailed(let operation, let code): return "\(operation) failed (\(code))"
        case .noUtteranceInProgress: return "no utterance in progress; call startUtterance() first"
        }
    }
}
