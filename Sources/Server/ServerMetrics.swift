import Foundation
import Prometheus
import SignalingProtocol

/// The Prometheus instruments for latency tuning (README, "Tuning latency"), registered
/// directly in the registry `/metrics` emits, with buckets chosen for the ranges each one
/// lives in. Thread-safe (the histograms lock internally).
final class ServerMetrics: Sendable {
    /// One stage of a turn's end-of-speech → first-audio latency (see ``TurnTiming``).
    enum Stage: String, CaseIterable, Sendable {
        case jitterBuffer = "jitter_buffer"
        case endpointing
        case sttFinal = "stt_final"
        case policyFirstToken = "policy_first_token"
        case ttsFirstChunk = "tts_first_chunk"
        case firstPacketOut = "first_packet_out"

        func value(in metrics: TurnMetrics) -> Double? {
            switch self {
            case .jitterBuffer: metrics.jitterBufferMs
            case .endpointing: metrics.endpointingMs
            case .sttFinal: metrics.sttFinalMs
            case .policyFirstToken: metrics.policyFirstTokenMs
            case .ttsFirstChunk: metrics.ttsFirstChunkMs
            case .firstPacketOut: metrics.firstPacketOutMs
            }
        }
    }

    let registry: PrometheusCollectorRegistry
    let turnStages: [Stage: DurationHistogram]
    let endOfSpeechToFirstAudio: DurationHistogram
    let jitterBufferDelay: DurationHistogram
    let encodeSend: DurationHistogram
    let pacingJitter: DurationHistogram
    let activeCalls: Gauge

    /// Turn-scale latencies: 5 ms … 10 s.
    static let turnBuckets: [Duration] = [5, 10, 20, 50, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000]
        .map { .milliseconds($0) }
    /// Jitter-buffer waits: 1 … 500 ms (bounded by `jitterMaxDelayMs`).
    static let jitterBufferBuckets: [Duration] = [1, 5, 10, 20, 30, 40, 60, 80, 100, 150, 200, 300, 400, 500].map { .milliseconds($0) }
    /// Per-frame work and timer error: 50 µs … 100 ms, fine around the 10 ms pacing limit of
    /// the capacity benchmark.
    static let frameBuckets: [Duration] = [50, 100, 250, 500, 1000, 2000, 3000, 5000, 7500, 10000, 15000, 20000, 30000, 50000, 100_000]
        .map { .microseconds($0) }

    init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        turnStages = Dictionary(uniqueKeysWithValues: Stage.allCases.map { stage in
            (stage, registry.makeDurationHistogram(
                descriptor: MetricNameDescriptor(
                    namespace: "parley", metricName: "turn_stage", unitName: "seconds",
                    helpText: "Per-turn latency stages; per turn they add up to parley_end_of_speech_to_first_audio_seconds"),
                labels: [("stage", stage.rawValue)], buckets: Self.turnBuckets))
        })
        endOfSpeechToFirstAudio = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "parley", metricName: "end_of_speech_to_first_audio", unitName: "seconds",
                helpText: "Arrival of the candidate's last audible packet to the send time of the first audible reply packet"),
            buckets: Self.turnBuckets)
        jitterBufferDelay = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "parley", metricName: "jitter_buffer_delay", unitName: "seconds",
                helpText: "Per decoded 20 ms frame: packet arrival to the frame leaving the jitter buffer"),
            buckets: Self.jitterBufferBuckets)
        encodeSend = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "parley", metricName: "encode_send", unitName: "seconds",
                helpText: "Per outgoing frame: Opus encode, RTP serialize, SRTP protect and socket write"),
            buckets: Self.frameBuckets)
        pacingJitter = registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "parley", metricName: "outgoing_frame_pacing_jitter", unitName: "seconds",
                helpText: "Per outgoing frame: |time written to the socket - its slot on the 20 ms grid|"),
            buckets: Self.frameBuckets)
        activeCalls = registry.makeGauge(descriptor: MetricNameDescriptor(
            namespace: "parley", metricName: "active_calls", unitName: "", helpText: "Calls with a media session"))
    }

    /// The event-loop lag histogram of one loop (`loop` label).
    func eventLoopLag(loop: String) -> DurationHistogram {
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "parley", metricName: "event_loop_lag", unitName: "seconds",
                helpText: "How late a task scheduled on the event loop ran"),
            labels: [("loop", loop)], buckets: Self.frameBuckets + [.milliseconds(250), .milliseconds(500), .seconds(1)])
    }

    /// Records one turn's stages and total. Negative spans (a stage finished before the one
    /// before it, e.g. a reply prepared before the final transcript) are recorded as zero.
    func record(_ turn: TurnMetrics) {
        for stage in Stage.allCases {
            if let ms = stage.value(in: turn), let histogram = turnStages[stage] { histogram.record(Self.duration(ms: ms)) }
        }
        endOfSpeechToFirstAudio.record(Self.duration(ms: turn.endOfSpeechToFirstAudioMs))
    }

    static func duration(ms: Double) -> Duration {
        guard ms.isFinite, ms > 0 else { return .zero }
        return .nanoseconds(Int64((ms * 1_000_000).rounded()))
    }
}
