/// What a ``SpeechRecognizer`` loads: acoustic model, pronunciation dictionary and the
/// language source that constrains what it can hear.
public struct SpeechRecognizerConfiguration: Sendable, Equatable {
    /// What the recogniser listens for.
    public enum LanguageSource: Sendable, Equatable {
        /// An n-gram language model file (ARPA or binary `.lm.bin`): open vocabulary.
        case languageModel(path: String)
        /// A JSGF grammar given as text (`#JSGF V1.0; grammar g; public <s> = …;`).
        /// Every word must be in the dictionary. Most accurate for known phrasings.
        case jsgfGrammar(String)
        /// Spot one key phrase; `threshold` trades misses for false alarms (1e-50 … 1e-5).
        /// Measured on eSpeak NG speech: the single word "swift" is found at 1e-20…1e-50,
        /// the phrase "worked with swift" at no threshold — prefer a grammar for phrases.
        case keyphrase(String, threshold: Double = 1e-20)
    }

    /// The Debian package's US English model directory.
    public static let defaultModelDirectory = "/usr/share/pocketsphinx/model/en-us"

    /// Acoustic model directory (`-hmm`).
    public var acousticModel: String
    /// Pronunciation dictionary (`-dict`).
    public var dictionary: String
    public var language: LanguageSource
    /// Input sample rate (`-samprate`); the model expects 16000.
    public var sampleRate: Int
    /// Extra `-name value` options passed to PocketSphinx as is.
    public var extraArguments: [String: String]

    public init(
        acousticModel: String = defaultModelDirectory + "/en-us",
        dictionary: String = defaultModelDirectory + "/cmudict-en-us.dict",
        language: LanguageSource = .languageModel(path: defaultModelDirectory + "/en-us.lm.bin"),
        sampleRate: Int = 16000,
        extraArguments: [String: String] = [:]
    ) {
        self.acousticModel = acousticModel
        self.dictionary = dictionary
        self.language = language
        self.sampleRate = sampleRate
        self.extraArguments = extraArguments
    }
}
