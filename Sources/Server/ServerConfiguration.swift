import Foundation
import Logging

/// Everything `parley serve` needs to run, resolved from defaults, an optional JSON
/// configuration file, `PARLEY_*` environment variables and command-line flags
/// (later sources win, flags last), then validated.
public struct ServerConfiguration: Sendable, Equatable {
    /// Address for HTTP and media (`PARLEY_HOST`).
    public var host: String = "0.0.0.0"
    /// REST, WebSocket and pages (`PARLEY_HTTP_PORT`).
    public var httpPort: Int = 8080
    /// The one UDP port for all calls (`PARLEY_MEDIA_PORT`); 0 picks a free port.
    public var mediaPort: Int = 40000
    /// Address announced in the host candidate when behind NAT (`PARLEY_PUBLIC_IP`).
    public var publicIP: String?
    /// SQLite database and generated certificate (`PARLEY_DATA_DIR`).
    public var dataDir: String = "./data"
    /// Media test mode: each call's decoded audio is sent back, no interview (`PARLEY_ECHO`).
    public var echo: Bool = false
    /// Admin bearer token (`PARLEY_ADMIN_TOKEN`); generated at start when unset.
    public var adminToken: String?
    /// Log level (`PARLEY_LOG_LEVEL`): trace, debug, info, notice, warning, error, critical.
    public var logLevel: Logger.Level = .info
    /// Whether `/metrics` answers without the admin token (`PARLEY_METRICS_PUBLIC`).
    public var metricsPublic: Bool = true
    /// Allowed CORS origin for the REST API (`PARLEY_CORS_ORIGIN`); none when unset.
    public var corsOrigin: String?
    /// How long a join token stays valid, in seconds (`PARLEY_JOIN_TOKEN_TTL`).
    public var joinTokenTTLSeconds: Int = 7 * 24 * 3600
    /// Largest signalling WebSocket message accepted, in bytes (`PARLEY_MAX_MESSAGE_BYTES`).
    public var maxMessageBytes: Int = 64 * 1024
    /// ICE consent freshness timeout, in seconds (`PARLEY_CONSENT_TIMEOUT`, RFC 7675 says 30).
    public var consentTimeoutSeconds: Double = 30
    /// Base URL used in join links (`PARLEY_PUBLIC_URL`); derived from host and port when unset.
    public var publicURL: String?

    /// OpenAI-compatible transcription service for final transcripts (`PARLEY_STT_URL`); the
    /// default is Parley's local Whisper tiny.en service (`Services/whisper`). When it fails,
    /// PocketSphinx answers in-process for that turn.
    public var sttURL: String = "http://127.0.0.1:8091"
    /// Model name sent to the transcription service (`PARLEY_STT_MODEL`).
    public var sttModel: String = "whisper-1"
    /// Bearer key for the transcription service (`PARLEY_STT_API_KEY`).
    public var sttAPIKey: String?
    /// Longest wait for the transcription service's final of one turn, all retries included
    /// (`PARLEY_STT_DEADLINE_MS`); after it the embedded engine answers that turn.
    public var sttDeadlineMs: Int = 5_000

    /// OpenAI-compatible chat endpoint that words the interviewer's lines (`PARLEY_LLM_URL`,
    /// e.g. an Ollama or vLLM server); unset: the rule-based interviewer speaks its own lines.
    public var llmURL: String?
    public var llmModel: String = "gpt-4o-mini"
    public var llmAPIKey: String?
    /// OpenAI-compatible speech endpoint for the interviewer's voice (`PARLEY_TTS_URL`); unset: eSpeak NG.
    public var ttsURL: String?
    public var ttsModel: String = "tts-1"
    public var ttsVoice: String = "alloy"
    public var ttsAPIKey: String?

    /// The latency/accuracy knobs of the voice loop (README, "Tuning latency").
    public var tuning = VoiceTuning()

    public init() {}

    /// The SQLite database file inside `dataDir`.
    public var databasePath: String { (dataDir as NSString).appendingPathComponent("parley.sqlite") }
    /// The DTLS certificate and key (PEM) inside `dataDir`.
    public var certificatePath: String { (dataDir as NSString).appendingPathComponent("dtls-cert.pem") }
    public var privateKeyPath: String { (dataDir as NSString).appendingPathComponent("dtls-key.pem") }

    /// The base URL for links printed and handed out.
    public var baseURL: String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        let shown = (host == "0.0.0.0" || host == "::") ? "127.0.0.1" : host
        return shown.contains(":") ? "http://[\(shown)]:\(httpPort)" : "http://\(shown):\(httpPort)"
    }
}

/// Knobs that trade latency for accuracy or robustness in the voice loop.
public struct VoiceTuning: Sendable, Equatable {
    /// Speech must last this long before a turn starts (VAD onset), ms.
    public var vadOnsetMs = 40
    /// Silence that ends a turn (endpointing hangover), ms.
    public var vadHangoverMs = 600
    /// Candidate speech must last this long while the interviewer speaks to cut it off, ms.
    public var bargeInOnsetMs = 200
    /// ... and be at least this loud, dBFS.
    public var bargeInEnergyDB = -45.0
    /// Ignore onsets this soon after the interviewer starts (its own voice leaking back), ms.
    public var bargeInEchoGuardMs = 250
    /// Jitter buffer delay bounds, ms.
    public var jitterMinDelayMs = 20
    public var jitterMaxDelayMs = 400
    /// Outgoing Opus bitrate (bit/s) and encoder complexity (0–10).
    public var opusBitrate = 32_000
    public var opusComplexity = 5
    /// Endpointer speech probability that starts (or resumes) speech, and that continues it.
    public var vadSpeechThreshold: Float = 0.7
    public var vadContinueThreshold: Float = 0.5
    /// Interviewer audio buffered before an utterance starts playing, ms (whole 20 ms frames).
    public var ttsStartBufferMs = 20
    /// Live captions: PocketSphinx partials of the candidate's speech (`PARLEY_LIVE_CAPTIONS`).
    public var liveCaptions = true
    /// Shortest interval between two caption partials of a turn, ms (`PARLEY_CAPTION_INTERVAL_MS`).
    public var captionIntervalMs = 300
    /// Synthesize the next line while the candidate still speaks when it cannot depend on the
    /// answer (`PARLEY_PREEMPTIVE_REPLIES`; needs live captions and the rule-based interviewer).
    public var preemptiveReplies = false

    public init() {}
}

/// A configuration value that cannot be used, named by the setting it came from.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The setting as the user wrote it: a flag, an environment variable or a file key.
    public let setting: String
    public let message: String

    public init(setting: String, message: String) {
        self.setting = setting
        self.message = message
    }

    public var description: String { "\(setting): \(message)" }
}
