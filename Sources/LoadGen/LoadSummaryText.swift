import Foundation

/// The summary `parley load` prints when it ends (or is interrupted).
public enum LoadSummaryText {
    public static func render(_ r: LoadReport) -> String {
        let s = r.summary
        var lines = [
            "parley load \(r.interrupted ? "(interrupted) " : "")— \(r.mode) mode, \(format(r.elapsedS, 1)) s: "
                + "\(s.callersFinished)/\(s.callers) callers finished; \(s.calls) calls: \(s.callsCompleted) completed, "
                + "\(s.callsFailed) failed, \(s.callsInterrupted) interrupted"
                + (r.mode == "interview" ? "; \(s.turns) turns, \(s.bargeIns)/\(s.bargeInAttempts) barge-ins" : ""),
        ]
        let width = LoadReport.metricTitles.map(\.title.count).max() ?? 40
        for (key, title) in LoadReport.metricTitles {
            guard let m = r.metrics[key], m.count > 0 else { continue }
            let digits = m.unit == "MOS" ? 2 : (m.unit == "%" ? 2 : 0)
            let unit = m.unit == "MOS" ? "" : " " + m.unit
            func v(_ x: Double?) -> String { x.map { format($0, digits) + unit } ?? "–" }
            lines.append("  " + title.padding(toLength: width, withPad: " ", startingAt: 0)
                         + "  n=\(m.count)  p50 \(v(m.p50))  p95 \(v(m.p95))  p99 \(v(m.p99))  max \(v(m.max))")
        }
        let c = r.serverComparison
        if let spread = c.callerMinusServerMs {
            lines.append("  caller − server end of speech → first audio, per turn (\(c.turns) turns): "
                         + "min \(format(spread.min, 1)) ms, median \(format(spread.median, 1)) ms, max \(format(spread.max, 1)) ms; "
                         + "within 10 ms: \(c.turnsWithin10Ms) of \(c.turns)")
            lines.append("    same boundary packets at both ends: \(c.turnsOnSamePackets) turns; server ended the turn earlier in the answer: "
                         + "\(c.turnsServerEndedEarlier); caller heard other interviewer audio first: \(c.turnsCallerHeardOtherAudioFirst)")
        }
        if let spread = c.serverPacketsMinusServerMs {
            lines.append("    the server's boundary packets on the caller's clock − server: min \(format(spread.min, 2)) ms, "
                         + "median \(format(spread.median, 2)) ms, max \(format(spread.max, 2)) ms")
        }
        for (message, count) in r.errors.sorted(by: { $0.value > $1.value }).prefix(5) {
            lines.append("  error ×\(count): \(message)")
        }
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
