/// An error from eSpeak NG or from checking arguments before calling it.
public enum ESpeakError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `espeak_Initialize` failed (data files missing or unreadable).
    case initializationFailed
    /// No voice with this name (e.g. "en-us", "en-gb", "de").
    case voiceNotFound(String)
    /// A parameter call failed.
    case parameterRejected(name: String, value: Int)
    /// `espeak_Synth` returned an `EE_*` error code.
    case synthesisFailed(code: Int)
    /// The text is empty or contains a NUL character.
    case invalidText(String)

    public var description: String {
        switch self {
        case .initializationFailed:
            return "eSpeak NG could not be initialised (is the espeak-ng-data package installed?)"
        case .voiceNotFound(let name):
            return "eSpeak NG has no voice named \"\(name)\""
        case .parameterRejected(let name, let value):
            return "eSpeak NG rejected \(name) = \(value)"
        case .synthesisFailed(let code):
            return "eSpeak NG synthesis failed (espeak_ERROR \(code))"
        case .invalidText(let reason):
            return "cannot synthesise this text: \(reason)"
        }
    }
}
