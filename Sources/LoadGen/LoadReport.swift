import Foundation

/// `parley-load-report.json`: the run's settings, summary counts, a distribution summary (with
/// its CDF) of every metric, the caller-side minus server-side latency per turn, every call, and
/// one sample call with its timeline.
public struct LoadReport: Sendable, Codable {
    /// One answer clip the callers spoke.
    public struct AnswerInfo: Sendable, Codable, Equatable {
        public var name: String
        public var text: String?
        public var durationMs: Int
    }

    /// Counts of callers, calls, turns and barge-ins.
    public struct Summary: Sendable, Codable, Equatable {
        public var callers: Int
        public var callersFinished: Int
        public var calls: Int
        public var callsCompleted: Int
        public var callsFailed: Int
        public var callsInterrupted: Int
        public var turns: Int
        public var turnsWithServerMetrics: Int
        public var bargeInAttempts: Int
        public var bargeIns: Int
    }

    /// Min, median and max of a signed quantity.
    public struct Spread: Sendable, Codable, Equatable {
        public var min: Double
        public var median: Double
        public var max: Double

        public init?(_ values: [Double]) {
            let sorted = values.filter(\.isFinite).sorted()
            guard let first = sorted.first, let last = sorted.last else { return nil }
            let mid = sorted.count / 2
            min = first
            max = last
            median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
    }

    /// The caller-side latency against the server's `turnMetrics`.
    public struct ServerComparison: Sendable, Codable, Equatable {
        /// Turns with both a caller-side figure and the server's `turnMetrics`.
        public var turns: Int
        /// Caller-side end of speech → first audio minus the server's, per turn.
        public var callerMinusServerMs: Spread?
        /// Turns where that difference is within ±10 ms.
        public var turnsWithin10Ms: Int
        /// Turns where both ends chose the same two boundary packets.
        public var turnsOnSamePackets: Int
        /// Turns where the server ended the turn at an earlier packet of the answer than the caller.
        public var turnsServerEndedEarlier: Int
        /// Turns where the caller heard other interviewer audio before the server's first reply packet.
        public var turnsCallerHeardOtherAudioFirst: Int
        /// The server's own boundary packets timed on the caller's clock minus the server's
        /// figure: the two ends' instruments on the very same interval.
        public var serverPacketsMinusServerMs: Spread?
        /// The server's per-stage fields across turns (p50, p95, …; no CDF).
        public var serverStagesMs: [String: MetricSummary]
    }

    public var tool = "parley load"
    public var startedAt: String
    public var elapsedS: Double
    public var interrupted: Bool
    public var exitStatus: Int32
    public var mode: String
    public var settings: LoadSettings
    public var answerSource: String
    public var answers: [AnswerInfo]
    public var summary: Summary
    /// By name: joinMs, connectMs, endOfSpeechToFirstAudioMs, bargeInStopMs, roundTripMs,
    /// receiveLossPercent, sendLossPercent, receiveJitterMs, sendJitterMs, mos.
    public var metrics: [String: MetricSummary]
    public var serverComparison: ServerComparison
    /// Error messages of failed calls, with how many calls had each.
    public var errors: [String: Int]
    public var calls: [CallResult]
    public var sampleCall: CallResult?

    /// The metrics in report order, with their titles.
    public static let metricTitles: [(key: String, title: String)] = [
        ("joinMs", "Join: WebSocket open → first interviewer audio"),
        ("connectMs", "Connect: WebSocket open → DTLS-SRTP up"),
        ("endOfSpeechToFirstAudioMs", "End of speech → first interviewer audio"),
        ("bargeInStopMs", "Barge-in onset → last interviewer packet"),
        ("roundTripMs", "Echo round trip: speech sent → speech heard back"),
        ("receiveLossPercent", "Loss, interviewer → caller"),
        ("sendLossPercent", "Loss, caller → interviewer (server's view)"),
        ("receiveJitterMs", "Jitter, interviewer → caller (RFC 3550)"),
        ("sendJitterMs", "Jitter, caller → interviewer (server's view)"),
        ("mos", "Estimated MOS (E-model, worse direction)"),
    ]

    public init(_ outcome: LoadOutcome) {
        let calls = outcome.calls
        let turns = calls.flatMap(\.turns)
        var histograms: [String: MetricHistogram] = [:]
        func record(_ key: String, _ value: Double?, unit: String) {
            guard let value else { return }
            histograms[key, default: MetricHistogram(name: key, unit: unit)].record(value)
        }
        for call in calls {
            record("joinMs", call.joinMs, unit: "ms")
            record("connectMs", call.connectMs, unit: "ms")
            for turn in call.turns {
                record("endOfSpeechToFirstAudioMs", turn.endOfSpeechToFirstAudioMs, unit: "ms")
                record("bargeInStopMs", turn.bargeInStopMs, unit: "ms")
            }
            for roundTrip in call.roundTripsMs { record("roundTripMs", roundTrip, unit: "ms") }
            if let media = call.media {
                record("receiveLossPercent", media.receiveLossPercent, unit: "%")
                record("sendLossPercent", media.sendLossPercent, unit: "%")
                record("receiveJitterMs", media.receiveJitterMs, unit: "ms")
                record("sendJitterMs", media.sendJitterMs, unit: "ms")
                record("mos", media.mos, unit: "MOS")
            }
        }
        metrics = histograms.mapValues(\.summary)

        var stages: [String: MetricHistogram] = [:]
        for turn in turns {
            for (key, value) in turn.server ?? [:] where key.hasSuffix("Ms") {
                stages[key, default: MetricHistogram(name: key, unit: "ms")].record(value)
            }
        }
        let compared = turns.compactMap(\.callerMinusServerMs)
        serverComparison = ServerComparison(
            turns: compared.count, callerMinusServerMs: Spread(compared),
            turnsWithin10Ms: compared.filter { abs($0) <= 10 }.count,
            turnsOnSamePackets: turns.filter { $0.serverEndOfSpeechFrameOffset == 0 && $0.serverFirstAudioIsCallers == true }.count,
            turnsServerEndedEarlier: turns.filter { ($0.serverEndOfSpeechFrameOffset ?? 0) < 0 }.count,
            turnsCallerHeardOtherAudioFirst: turns.filter { $0.serverFirstAudioIsCallers == false }.count,
            serverPacketsMinusServerMs: Spread(turns.compactMap(\.serverPacketsMinusServerMs)),
            serverStagesMs: stages.mapValues { var s = $0.summary; s.cdf = []; return s })

        startedAt = ISO8601DateFormatter().string(from: outcome.startedAt)
        elapsedS = outcome.elapsedS
        interrupted = outcome.interrupted
        exitStatus = outcome.interrupted ? 130 : outcome.exitStatus
        mode = outcome.settings.echo ? "echo" : "interview"
        settings = outcome.settings
        answerSource = outcome.answers.source
        answers = outcome.answers.clips.map { AnswerInfo(name: $0.name, text: $0.text, durationMs: $0.durationMs) }
        summary = Summary(
            callers: outcome.settings.callers, callersFinished: outcome.callersFinished, calls: calls.count,
            callsCompleted: calls.filter { $0.status == .completed }.count, callsFailed: calls.filter { $0.status == .failed }.count,
            callsInterrupted: calls.filter { $0.status == .interrupted }.count, turns: turns.count,
            turnsWithServerMetrics: turns.filter { $0.server != nil }.count,
            bargeInAttempts: turns.filter(\.bargeInAttempt).count, bargeIns: turns.filter(\.bargedIn).count)
        errors = calls.compactMap(\.error).reduce(into: [:]) { $0[$1, default: 0] += 1 }
        // The sample: a completed call with the most turns (else any call with media), timeline kept.
        sampleCall = calls.filter { $0.status == .completed }.max { ($0.turns.count, $0.roundTripsMs.count) < ($1.turns.count, $1.roundTripsMs.count) }
            ?? calls.first { $0.media != nil }
        self.calls = calls.map { var call = $0; call.timeline = nil; return call }
    }

    /// Compact JSON with sorted keys.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }

    /// Writes `parley-load-report.json` and `parley-load-report.html` into `folder` (created if
    /// needed); returns their paths.
    public func write(to folder: String) throws -> (json: String, html: String) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let jsonPath = (folder as NSString).appendingPathComponent("parley-load-report.json")
        let htmlPath = (folder as NSString).appendingPathComponent("parley-load-report.html")
        try json().write(to: URL(fileURLWithPath: jsonPath), options: .atomic)
        try Data(LoadReportHTML.render(self).utf8).write(to: URL(fileURLWithPath: htmlPath), options: .atomic)
        return (jsonPath, htmlPath)
    }
}
