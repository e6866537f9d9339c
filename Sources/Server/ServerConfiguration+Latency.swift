import Foundation

extension ServerConfiguration {
    /// Latency knobs that were fixed in code before (README, "Tuning latency"): the endpointer's
    /// speech-probability thresholds and the audio buffered before the interviewer starts speaking.
    /// (How long a turn waits for the transcription service is `sttDeadlineMs`, with the STT settings.)
    static let latencySettings: [Setting] = [
        Setting(key: "vadSpeechThreshold", environment: "PARLEY_VAD_SPEECH_THRESHOLD", flag: "--vad-speech-threshold") { c, v, name in
            c.tuning.vadSpeechThreshold = try parseProbability(v, setting: name)
        },
        Setting(key: "vadContinueThreshold", environment: "PARLEY_VAD_CONTINUE_THRESHOLD", flag: "--vad-continue-threshold") { c, v, name in
            c.tuning.vadContinueThreshold = try parseProbability(v, setting: name)
        },
        Setting(key: "ttsStartBufferMs", environment: "PARLEY_TTS_START_BUFFER_MS", flag: "--tts-start-buffer-ms") { c, v, name in
            c.tuning.ttsStartBufferMs = try parseInt(v, setting: name, range: 20...2000)
        },
    ]

    static func parseProbability(_ value: String, setting: String) throws -> Float {
        guard let number = Float(value), (0.01...0.99).contains(number) else {
            throw ConfigurationError(setting: setting, message: "'\(value)' is not a probability from 0.01 to 0.99")
        }
        return number
    }

    /// The endpointer thresholds must keep hysteresis: continuing speech needs no more than starting it.
    static func validateLatencySettings(_ configuration: ServerConfiguration) throws {
        if configuration.tuning.vadContinueThreshold > configuration.tuning.vadSpeechThreshold {
            throw ConfigurationError(setting: "vadContinueThreshold",
                                     message: "must not exceed vadSpeechThreshold (\(configuration.tuning.vadSpeechThreshold))")
        }
    }
}
