#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CPocketSphinx

/// Streaming speech-to-text with CMU PocketSphinx (Debian's 5prealpha API), on 16 kHz
/// mono 16-bit PCM.
///
/// Usage: ``startUtterance()``, then ``process(_:)`` for each chunk of audio (poll
/// ``partialHypothesis()`` and ``inSpeech`` as you go), then ``endUtterance()`` for the
/// final ``Hypothesis``.
///
/// Owns one `ps_decoder_t` (with its loaded models), freed on release. Thread safety: use
/// each instance from one thread at a time; separate instances may decode in parallel.
/// Creating one loads the acoustic model and dictionary (~0.3–1 s), so reuse instances.
public final class SpeechRecognizer {
    public let configuration: SpeechRecognizerConfiguration
    private let decoder: OpaquePointer
    private var inUtterance = false

    /// Name under which the configured language source is installed.
    private static let searchName = "parley"

    /// Loads the models and installs the language source.
    public init(configuration: SpeechRecognizerConfiguration = SpeechRecognizerConfiguration()) throws {
        Self.silenceLogging
        try Self.checkFile(configuration.acousticModel)
        try Self.checkFile(configuration.dictionary)

        var arguments = [
            "-hmm", configuration.acousticModel,
            "-dict", configuration.dictionary,
            "-samprate", String(configuration.sampleRate),
        ]
        if case .languageModel(let path) = configuration.language {
            try Self.checkFile(path)
            arguments += ["-lm", path]
        }
        if case .keyphrase(_, let threshold) = configuration.language {
            arguments += ["-kws_threshold", String(threshold)]
        }
        for (name, value) in configuration.extraArguments.sorted(by: { $0.key < $1.key }) {
            arguments += [name.hasPrefix("-") ? name : "-" + name, value]
        }

        guard let config = Self.makeConfig(arguments) else {
            throw SpeechRecognizerError.invalidConfiguration(arguments.joined(separator: " "))
        }
        defer { _ = cmd_ln_free_r(config) }
        guard let decoder = ps_init(config) else { throw SpeechRecognizerError.decoderInitFailed }

        switch configuration.language {
        case .languageModel:
            break
        case .jsgfGrammar(let grammar):
            guard ps_set_jsgf_string(decoder, Self.searchName, grammar) == 0,
                  ps_set_search(decoder, Self.searchName) == 0 else {
                _ = ps_free(decoder)
                throw SpeechRecognizerError.searchSetupFailed("the JSGF grammar was rejected (syntax error or a word missing from the dictionary)")
            }
        case .keyphrase(let phrase, _):
            guard ps_set_keyphrase(decoder, Self.searchName, phrase.lowercased()) == 0,
                  ps_set_search(decoder, Self.searchName) == 0 else {
                _ = ps_free(decoder)
                throw SpeechRecognizerError.searchSetupFailed("the key phrase \"\(phrase)\" was rejected (a word missing from the dictionary?)")
            }
        }
        self.decoder = decoder
        self.configuration = configuration
    }

    deinit { _ = ps_free(decoder) }

    /// Whether an utterance is open (between ``startUtterance()`` and ``endUtterance()``).
    public var isUtteranceInProgress: Bool { inUtterance }

    /// Whether PocketSphinx's own voice-activity detector currently hears speech.
    public var inSpeech: Bool { ps_get_in_speech(decoder) != 0 }

    /// Opens a new utterance. An utterance already in progress is ended and discarded.
    public func startUtterance() throws {
        if inUtterance { _ = ps_end_utt(decoder) }
        let status = ps_start_utt(decoder)
        guard status >= 0 else { throw SpeechRecognizerError.decodingFailed(operation: "ps_start_utt", code: Int(status)) }
        inUtterance = true
    }

    /// Feeds the next samples of the utterance (16 kHz mono, any chunk size).
    public func process(_ samples16k: [Int16]) throws {
        guard inUtterance else { throw SpeechRecognizerError.noUtteranceInProgress }
        guard !samples16k.isEmpty else { return }
        let status: Int32 = samples16k.withUnsafeBufferPointer { buffer in
            ps_process_raw(decoder, buffer.baseAddress, buffer.count, 0, 0)
        }
        guard status >= 0 else { throw SpeechRecognizerError.decodingFailed(operation: "ps_process_raw", code: Int(status)) }
    }

    /// The best guess so far in the open utterance, or nil if nothing is recognised yet.
    public func partialHypothesis() -> String? {
        var score: Int32 = 0
        guard let hyp = ps_get_hyp(decoder, &score) else { return nil }
        let text = String(cString: hyp)
        return text.isEmpty ? nil : text
    }

    /// Closes the utterance and returns the final result (text "" if nothing was heard).
    public func endUtterance() throws -> Hypothesis {
        guard inUtterance else { throw SpeechRecognizerError.noUtteranceInProgress }
        inUtterance = false
        let status = ps_end_utt(decoder)
        guard status >= 0 else { throw SpeechRecognizerError.decodingFailed(operation: "ps_end_utt", code: Int(status)) }

        var score: Int32 = 0
        let text = ps_get_hyp(decoder, &score).map { String(cString: $0) } ?? ""
        var words: [Hypothesis.Word] = []
        var segment = ps_seg_iter(decoder)
        while let current = segment {
            if let cWord = ps_seg_word(current), let word = Self.spokenWord(String(cString: cWord)) {
                var start: Int32 = 0
                var end: Int32 = 0
                ps_seg_frames(current, &start, &end)
                words.append(Hypothesis.Word(word: word, startFrame: Int(start), endFrame: Int(end)))
            }
            segment = ps_seg_next(current)  // frees the iterator when it returns NULL
        }
        return Hypothesis(text: text, score: Int(score), words: words)
    }

    /// Convenience: decodes one whole utterance.
    public func recognize(_ samples16k: [Int16]) throws -> Hypothesis {
        try startUtterance()
        try process(samples16k)
        return try endUtterance()
    }

    // MARK: - Helpers

    /// Turns off PocketSphinx/SphinxBase logging once per process (it writes to stderr by default).
    private static let silenceLogging: Void = {
        err_set_logfp(nil)
    }()

    /// Drops fillers and silences, strips "(2)" alternate-pronunciation markers.
    static func spokenWord(_ raw: String) -> String? {
        if raw.hasPrefix("<") || raw.hasPrefix("[") || raw.hasPrefix("+") { return nil }
        if raw.hasSuffix(")"), let open = raw.lastIndex(of: "(") { return String(raw[..<open]) }
        return raw
    }

    private static func checkFile(_ path: String) throws {
        guard access(path, R_OK) == 0 else { throw SpeechRecognizerError.fileNotFound(path) }
    }

    /// Builds a `cmd_ln_t` from `-name value` pairs, as the PocketSphinx command line does.
    private static func makeConfig(_ arguments: [String]) -> OpaquePointer? {
        let argv0 = ["parley"] + arguments
        var cStrings: [UnsafeMutablePointer<CChar>?] = argv0.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let config = cStrings.withUnsafeMutableBufferPointer { buffer in
            parley_ps_config_from_argv(Int32(buffer.count), buffer.baseAddress)
        }
        return config
    }
}
