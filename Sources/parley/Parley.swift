import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import Server

/// The `parley` command: `parley serve`, `parley load`, `parley version`.
@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "A self-hosted real-time voice server for AI interviews.",
        version: ParleyVersion.current,
        subcommands: [Serve.self, Load.self, Version.self]
    )
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Parley's version.")
    func run() { print("parley \(ParleyVersion.current)") }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve HTTP, the signalling WebSocket and the UDP media port.",
        discussion: "Settings come from --config (a JSON object), then PARLEY_* environment variables, then flags (flags win).")

    @Option(help: "A JSON configuration file (keys: host, httpPort, mediaPort, publicIP, dataDir, echo, adminToken, logLevel, …).")
    var config: String?
    @Option(help: "Address for HTTP and media (PARLEY_HOST, default 0.0.0.0).") var host: String?
    @Option(help: "REST, WebSocket and pages (PARLEY_HTTP_PORT, default 8080).") var httpPort: String?
    @Option(help: "The one UDP port for all calls (PARLEY_MEDIA_PORT, default 40000; 0 = any free port).") var mediaPort: String?
    @Option(help: "Address announced in the host candidate when behind NAT (PARLEY_PUBLIC_IP).") var publicIp: String?
    @Option(help: "SQLite database and generated certificate (PARLEY_DATA_DIR, default ./data).") var dataDir: String?
    @Flag(help: "Media test mode: each call's decoded audio is sent back, no interview (PARLEY_ECHO=1).") var echo = false
    @Option(help: "Admin bearer token (PARLEY_ADMIN_TOKEN; generated and printed when unset).") var adminToken: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical (PARLEY_LOG_LEVEL, default info).") var logLevel: String?
    @Option(help: "Base URL used in join links (PARLEY_PUBLIC_URL).") var publicUrl: String?
    @Option(help: "ICE consent timeout in seconds (PARLEY_CONSENT_TIMEOUT, default 30).") var consentTimeout: String?
    @Option(help: "OpenAI-compatible transcription endpoint (PARLEY_STT_URL, default the local Whisper service).") var sttUrl: String?
    @Option(help: "Model name for the transcription endpoint (PARLEY_STT_MODEL).") var sttModel: String?
    @Option(help: "Bearer key for the transcription endpoint (PARLEY_STT_API_KEY).") var sttApiKey: String?
    @Option(help: "OpenAI-compatible chat endpoint that words the interviewer's lines (PARLEY_LLM_URL; default: rule-based lines).") var llmUrl: String?
    @Option(help: "Chat model name (PARLEY_LLM_MODEL).") var llmModel: String?
    @Option(help: "OpenAI-compatible speech endpoint for the interviewer's voice (PARLEY_TTS_URL; default: eSpeak NG).") var ttsUrl: String?
    @Option(help: "Speech model name (PARLEY_TTS_MODEL).") var ttsModel: String?
    @Option(help: "Speech voice (PARLEY_TTS_VOICE).") var ttsVoice: String?
    @Option(help: "Speech needed before a turn starts, ms (PARLEY_VAD_ONSET_MS, default 40).") var vadOnsetMs: String?
    @Option(help: "Silence that ends a turn, ms (PARLEY_VAD_HANGOVER_MS, default 600).") var vadHangoverMs: String?
    @Option(help: "Speech needed to interrupt the interviewer, ms (PARLEY_BARGE_IN_ONSET_MS, default 200).") var bargeInOnsetMs: String?
    @Option(help: "Level needed to interrupt, dBFS (PARLEY_BARGE_IN_ENERGY_DB, default -45).") var bargeInEnergyDb: String?
    @Option(help: "Onsets ignored after the interviewer starts, ms (PARLEY_BARGE_IN_ECHO_GUARD_MS, default 250).") var bargeInEchoGuardMs: String?
    @Option(help: "Jitter buffer minimum delay, ms (PARLEY_JITTER_MIN_DELAY_MS, default 20).") var jitterMinDelayMs: String?
    @Option(help: "Jitter buffer maximum delay, ms (PARLEY_JITTER_MAX_DELAY_MS, default 400).") var jitterMaxDelayMs: String?
    @Option(help: "Outgoing Opus bitrate, bit/s (PARLEY_OPUS_BITRATE, default 32000).") var opusBitrate: String?
    @Option(help: "Opus encoder complexity 0–10 (PARLEY_OPUS_COMPLEXITY, default 5).") var opusComplexity: String?

    func run() async throws {
        var flags: [String: String] = [:]
        flags["--host"] = host
        flags["--http-port"] = httpPort
        flags["--media-port"] = mediaPort
        flags["--public-ip"] = publicIp
        flags["--data-dir"] = dataDir
        if echo { flags["--echo"] = "true" }
        flags["--admin-token"] = adminToken
        flags["--log-level"] = logLevel
        flags["--public-url"] = publicUrl
        flags["--consent-timeout"] = consentTimeout
        flags["--stt-url"] = sttUrl
        flags["--stt-model"] = sttModel
        flags["--stt-api-key"] = sttApiKey
        flags["--llm-url"] = llmUrl
        flags["--llm-model"] = llmModel
        flags["--tts-url"] = ttsUrl
        flags["--tts-model"] = ttsModel
        flags["--tts-voice"] = ttsVoice
        flags["--vad-onset-ms"] = vadOnsetMs
        flags["--vad-hangover-ms"] = vadHangoverMs
        flags["--barge-in-onset-ms"] = bargeInOnsetMs
        flags["--barge-in-energy-db"] = bargeInEnergyDb
        flags["--barge-in-echo-guard-ms"] = bargeInEchoGuardMs
        flags["--jitter-min-delay-ms"] = jitterMinDelayMs
        flags["--jitter-max-delay-ms"] = jitterMaxDelayMs
        flags["--opus-bitrate"] = opusBitrate
        flags["--opus-complexity"] = opusComplexity

        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.resolve(
                file: config, environment: ProcessInfo.processInfo.environment, flags: flags)
            try configuration.validateEnvironment()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("parley: invalid configuration: \(error)\n".utf8))
            throw ExitCode(2)
        }

        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "parley")

        let server = ParleyServer(configuration: configuration, logger: logger, metrics: registry)
        let token = server.adminToken
        let generated = configuration.adminToken == nil
        do {
            try await server.run { httpPort, mediaPort in
                var shown = configuration
                shown.httpPort = httpPort
                print("Parley \(ParleyVersion.current) serving at \(shown.baseURL)  (media UDP port \(mediaPort)\(configuration.echo ? ", echo mode" : ""))")
                print("Admin token\(generated ? " (generated; set PARLEY_ADMIN_TOKEN to fix it)" : ""): \(token)")
                fflush(nil)
            }
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("parley: invalid configuration: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("parley: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
