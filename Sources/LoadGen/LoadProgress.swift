import NIOConcurrencyHelpers

/// Live counters of a run for the progress line: callers in a connected call, calls and turns
/// done, and the distribution of the turn latencies (echo mode: round trips) measured so far.
public final class LoadProgress: Sendable {
    /// The counters at one moment.
    public struct Snapshot: Sendable {
        public var connected = 0
        public var callsStarted = 0
        public var callsCompleted = 0
        public var callsFailed = 0
        public var callsInterrupted = 0
        public var turns = 0
        public var latency = MetricHistogram(name: "latency", unit: "ms")
    }

    private let state = NIOLockedValueBox(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLockedValue { $0 } }

    func callStarted() { state.withLockedValue { $0.callsStarted += 1 } }
    func connected(_ delta: Int) { state.withLockedValue { $0.connected += delta } }
    func callEnded(_ status: CallResult.Status) {
        state.withLockedValue {
            switch status {
            case .completed: $0.callsCompleted += 1
            case .failed: $0.callsFailed += 1
            case .interrupted: $0.callsInterrupted += 1
            }
        }
    }

    func turn(latencyMs: Double) {
        state.withLockedValue {
            $0.turns += 1
            $0.latency.record(latencyMs)
        }
    }

    /// One line: elapsed time, callers, calls, turns, p50/p95 so far.
    public func line(elapsedS: Double, callers: Int, echo: Bool) -> String {
        let s = snapshot
        func ms(_ v: Double?) -> String { v.map { "\(Int($0.rounded())) ms" } ?? "–" }
        let what = echo ? "round trip" : "end of speech → first audio"
        return "[\(String(format: "%6.1f", elapsedS)) s] callers \(s.connected)/\(callers) connected · calls \(s.callsCompleted) done, "
            + "\(s.callsFailed) failed, \(s.callsStarted - s.callsCompleted - s.callsFailed - s.callsInterrupted) running · \(echo ? "answers" : "turns") \(s.turns) · "
            + "\(what) p50 \(ms(s.latency.value(atPercentile: 50))) p95 \(ms(s.latency.value(atPercentile: 95)))"
    }
}
