import Foundation
import Logging

extension ServerConfiguration {
    /// One setting: its key in a configuration file, its environment variable and its flag.
    struct Setting {
        let key: String
        let environment: String
        let flag: String
        let apply: (inout ServerConfiguration, String, String) throws -> Void
    }

    static let settings: [Setting] = [
        Setting(key: "host", environment: "PARLEY_HOST", flag: "--host") { c, v, name in
            c.host = try parseAddress(v, setting: name)
        },
        Setting(key: "httpPort", environment: "PARLEY_HTTP_PORT", flag: "--http-port") { c, v, name in
            c.httpPort = try parsePort(v, setting: name, allowZero: false)
        },
        Setting(key: "mediaPort", environment: "PARLEY_MEDIA_PORT", flag: "--media-port") { c, v, name in
            c.mediaPort = try parsePort(v, setting: name, allowZero: true)
        },
        Setting(key: "publicIP", environment: "PARLEY_PUBLIC_IP", flag: "--public-ip") { c, v, name in
            guard IPAddressText.isIPv4(v) || IPAddressText.isIPv6(v) else {
                throw ConfigurationError(setting: name, message: "'\(v)' is not an IPv4 or IPv6 address")
            }
            c.publicIP = v
        },
        Setting(key: "dataDir", environment: "PARLEY_DATA_DIR", flag: "--data-dir") { c, v, name in
            guard !v.isEmpty else { throw ConfigurationError(setting: name, message: "must not be empty") }
            c.dataDir = v
        },
        Setting(key: "echo", environment: "PARLEY_ECHO", flag: "--echo") { c, v, name in
            c.echo = try parseBool(v, setting: name)
        },
        Setting(key: "adminToken", environment: "PARLEY_ADMIN_TOKEN", flag: "--admin-token") { c, v, name in
            guard v.count >= 16, v.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw ConfigurationError(setting: name, message: "must be at least 16 visible ASCII characters")
            }
            c.adminToken = v
        },
        Setting(key: "logLevel", environment: "PARLEY_LOG_LEVEL", flag: "--log-level") { c, v, name in
            guard let level = Logger.Level(rawValue: v.lowercased()) else {
                throw ConfigurationError(setting: name, message: "'\(v)' is not one of trace, debug, info, notice, warning, error, critical")
            }
            c.logLevel = level
        },
        Setting(key: "metricsPublic", environment: "PARLEY_METRICS_PUBLIC", flag: "--metrics-public") { c, v, name in
            c.metricsPublic = try parseBool(v, setting: name)
        },
        Setting(key: "corsOrigin", environment: "PARLEY_CORS_ORIGIN", flag: "--cors-origin") { c, v, name in
            guard v == "*" || URL(string: v)?.scheme != nil else {
                throw ConfigurationError(setting: name, message: "'\(v)' is neither * nor an origin like https://example.com")
            }
            c.corsOrigin = v
        },
        Setting(key: "joinTokenTTL", environment: "PARLEY_JOIN_TOKEN_TTL", flag: "--join-token-ttl") { c, v, name in
            c.joinTokenTTLSeconds = try parseInt(v, setting: name, range: 60...(365 * 24 * 3600))
        },
        Setting(key: "maxMessageBytes", environment: "PARLEY_MAX_MESSAGE_BYTES", flag: "--max-message-bytes") { c, v, name in
            c.maxMessageBytes = try parseInt(v, setting: name, range: 1024...(16 * 1024 * 1024))
        },
        Setting(key: "consentTimeout", environment: "PARLEY_CONSENT_TIMEOUT", flag: "--consent-timeout") { c, v, name in
            guard let seconds = Double(v), seconds >= 1, seconds <= 600 else {
                throw ConfigurationError(setting: name, message: "'\(v)' is not a number of seconds from 1 to 600")
            }
            c.consentTimeoutSeconds = seconds
        },
        Setting(key: "publicURL", environment: "PARLEY_PUBLIC_URL", flag: "--public-url") { c, v, name in
            guard let url = URL(string: v), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ConfigurationError(setting: name, message: "'\(v)' is not an http(s) URL")
            }
            c.publicURL = v
        },
        Setting(key: "sttURL", environment: "PARLEY_STT_URL", flag: "--stt-url") { c, v, name in
            guard let url = URL(string: v), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ConfigurationError(setting: name, message: "'\(v)' is not an http(s) URL")
            }
            c.sttURL = v
        },
        Setting(key: "sttModel", environment: "PARLEY_STT_MODEL", flag: "--stt-model") { c, v, name in
            guard !v.isEmpty else { throw ConfigurationError(setting: name, message: "must not be empty") }
            c.sttModel = v
        },
        Setting(key: "sttAPIKey", environment: "PARLEY_STT_API_KEY", flag: "--stt-api-key") { c, v, _ in
            c.sttAPIKey = v.isEmpty ? nil : v
        },
        Setting(key: "sttDeadlineMs", environment: "PARLEY_STT_DEADLINE_MS", flag: "--stt-deadline-ms") { c, v, name in
            c.sttDeadlineMs = try parseInt(v, setting: name, range: 200...120_000)
        },
        Setting(key: "liveCaptions", environment: "PARLEY_LIVE_CAPTIONS", flag: "--live-captions") { c, v, name in
            c.tuning.liveCaptions = try parseBool(v, setting: name)
        },
        Setting(key: "captionIntervalMs", environment: "PARLEY_CAPTION_INTERVAL_MS", flag: "--caption-interval-ms") { c, v, name in
            c.tuning.captionIntervalMs = try parseInt(v, setting: name, range: 50...5_000)
        },
        Setting(key: "preemptiveReplies", environment: "PARLEY_PREEMPTIVE_REPLIES", flag: "--preemptive-replies") { c, v, name in
            c.tuning.preemptiveReplies = try parseBool(v, setting: name)
        },
        Setting(key: "vadOnsetMs", environment: "PARLEY_VAD_ONSET_MS", flag: "--vad-onset-ms") { c, v, name in
            c.tuning.vadOnsetMs = try parseInt(v, setting: name, range: 10...1000)
        },
        Setting(key: "vadHangoverMs", environment: "PARLEY_VAD_HANGOVER_MS", flag: "--vad-hangover-ms") { c, v, name in
            c.tuning.vadHangoverMs = try parseInt(v, setting: name, range: 100...5000)
        },
        Setting(key: "bargeInOnsetMs", environment: "PARLEY_BARGE_IN_ONSET_MS", flag: "--barge-in-onset-ms") { c, v, name in
            c.tuning.bargeInOnsetMs = try parseInt(v, setting: name, range: 20...2000)
        },
        Setting(key: "bargeInEchoGuardMs", environment: "PARLEY_BARGE_IN_ECHO_GUARD_MS", flag: "--barge-in-echo-guard-ms") { c, v, name in
            c.tuning.bargeInEchoGuardMs = try parseInt(v, setting: name, range: 0...2000)
        },
        Setting(key: "jitterMinDelayMs", environment: "PARLEY_JITTER_MIN_DELAY_MS", flag: "--jitter-min-delay-ms") { c, v, name in
            c.tuning.jitterMinDelayMs = try parseInt(v, setting: name, range: 0...1000)
        },
        Setting(key: "jitterMaxDelayMs", environment: "PARLEY_JITTER_MAX_DELAY_MS", flag: "--jitter-max-delay-ms") { c, v, name in
            c.tuning.jitterMaxDelayMs = try parseInt(v, setting: name, range: 20...2000)
        },
        Setting(key: "opusBitrate", environment: "PARLEY_OPUS_BITRATE", flag: "--opus-bitrate") { c, v, name in
            c.tuning.opusBitrate = try parseInt(v, setting: name, range: 6000...510000)
        },
        Setting(key: "opusComplexity", environment: "PARLEY_OPUS_COMPLEXITY", flag: "--opus-complexity") { c, v, name in
            c.tuning.opusComplexity = try parseInt(v, setting: name, range: 0...10)
        },
        Setting(key: "bargeInEnergyDB", environment: "PARLEY_BARGE_IN_ENERGY_DB", flag: "--barge-in-energy-db") { c, v, name in
            guard let value = Double(v), (-100...0).contains(value) else {
                throw ConfigurationError(setting: name, message: "'\(v)' is not a level in dBFS from -100 to 0")
            }
            c.tuning.bargeInEnergyDB = value
        },
        Setting(key: "llmURL", environment: "PARLEY_LLM_URL", flag: "--llm-url") { c, v, name in
            guard let url = URL(string: v), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ConfigurationError(setting: name, message: "'\(v)' is not an http(s) URL")
            }
            c.llmURL = v
        },
        Setting(key: "llmModel", environment: "PARLEY_LLM_MODEL", flag: "--llm-model") { c, v, name in
            guard !v.isEmpty else { throw ConfigurationError(setting: name, message: "must not be empty") }
            c.llmModel = v
        },
        Setting(key: "llmAPIKey", environment: "PARLEY_LLM_API_KEY", flag: "--llm-api-key") { c, v, _ in
            c.llmAPIKey = v.isEmpty ? nil : v
        },
        Setting(key: "ttsURL", environment: "PARLEY_TTS_URL", flag: "--tts-url") { c, v, name in
            guard let url = URL(string: v), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ConfigurationError(setting: name, message: "'\(v)' is not an http(s) URL")
            }
            c.ttsURL = v
        },
        Setting(key: "ttsModel", environment: "PARLEY_TTS_MODEL", flag: "--tts-model") { c, v, name in
            guard !v.isEmpty else { throw ConfigurationError(setting: name, message: "must not be empty") }
            c.ttsModel = v
        },
        Setting(key: "ttsVoice", environment: "PARLEY_TTS_VOICE", flag: "--tts-voice") { c, v, name in
            guard !v.isEmpty else { throw ConfigurationError(setting: name, message: "must not be empty") }
            c.ttsVoice = v
        },
        Setting(key: "ttsAPIKey", environment: "PARLEY_TTS_API_KEY", flag: "--tts-api-key") { c, v, _ in
            c.ttsAPIKey = v.isEmpty ? nil : v
        },
    ] + latencySettings

    /// Resolves a configuration: defaults, then the JSON file at `file` (if any), then the
    /// `PARLEY_*` variables of `environment`, then `flags` (keyed by flag name, e.g. `--http-port`).
    public static func resolve(
        file: String? = nil, environment: [String: String] = [:], flags: [String: String] = [:]
    ) throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        if let file {
            let values = try readFile(file)
            let known = Set(settings.map(\.key))
            if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) {
                throw ConfigurationError(setting: "\(file): \(unknown)", message: "unknown setting (known: \(settings.map(\.key).joined(separator: ", ")))")
            }
            for setting in settings {
                if let value = values[setting.key] { try setting.apply(&configuration, value, "\(file): \(setting.key)") }
            }
        }
        for setting in settings {
            if let value = environment[setting.environment] { try setting.apply(&configuration, value, setting.environment) }
        }
        for setting in settings {
            if let value = flags[setting.flag] { try setting.apply(&configuration, value, setting.flag) }
        }
        if configuration.tuning.jitterMinDelayMs > configuration.tuning.jitterMaxDelayMs {
            throw ConfigurationError(setting: "jitterMinDelayMs", message: "must not exceed jitterMaxDelayMs (\(configuration.tuning.jitterMaxDelayMs))")
        }
        try validateLatencySettings(configuration)
        return configuration
    }

    /// Reads a JSON object of settings; values may be strings, numbers or booleans.
    static func readFile(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(setting: "--config", message: "cannot read '\(path)'")
        }
        let object: [String: FileValue]
        do {
            object = try JSONDecoder().decode([String: FileValue].self, from: data)
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw ConfigurationError(setting: "--config", message: "'\(path)' must hold a JSON object")
        } catch DecodingError.typeMismatch(_, let context) {
            let key = context.codingPath.first?.stringValue ?? "?"
            throw ConfigurationError(setting: "\(path): \(key)", message: "must be a string, number or boolean")
        } catch {
            throw ConfigurationError(setting: "--config", message: "'\(path)' is not valid JSON")
        }
        var values: [String: String] = [:]
        for (key, value) in object {
            if let text = value.text { values[key] = text }
        }
        return values
    }

    /// A scalar value of a configuration file, as text.
    enum FileValue: Decodable {
        case value(String)
        case null

        var text: String? {
            if case .value(let text) = self { return text }
            return nil
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let bool = try? container.decode(Bool.self) {
                self = .value(bool ? "true" : "false")
            } else if let int = try? container.decode(Int.self) {
                self = .value(String(int))
            } else if let double = try? container.decode(Double.self) {
                self = .value(String(double))
            } else if let string = try? container.decode(String.self) {
                self = .value(string)
            } else {
                throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath, debugDescription: "not a scalar"))
            }
        }
    }

    static func parsePort(_ value: String, setting: String, allowZero: Bool) throws -> Int {
        guard let port = Int(value), port >= (allowZero ? 0 : 1), port <= 65535 else {
            throw ConfigurationError(setting: setting, message: "'\(value)' is not a port number (\(allowZero ? 0 : 1)–65535)")
        }
        return port
    }

    static func parseInt(_ value: String, setting: String, range: ClosedRange<Int>) throws -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw ConfigurationError(setting: setting, message: "'\(value)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    static func parseBool(_ value: String, setting: String) throws -> Bool {
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off", "": return false
        default: throw ConfigurationError(setting: setting, message: "'\(value)' is not a boolean (1/0, true/false, yes/no, on/off)")
        }
    }

    static func parseAddress(_ value: String, setting: String) throws -> String {
        if IPAddressText.isIPv4(value) || IPAddressText.isIPv6(value) { return value }
        if value == "localhost" { return "127.0.0.1" }
        throw ConfigurationError(setting: setting, message: "'\(value)' is not an IPv4 or IPv6 address to listen on")
    }
}

/// Checks on the text form of IP addresses (via `inet_pton`).
enum IPAddressText {
    static func isIPv4(_ text: String) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, text, &address) == 1
    }

    static func isIPv6(_ text: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }
}
