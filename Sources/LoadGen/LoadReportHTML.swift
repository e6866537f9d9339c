import Foundation

/// `parley-load-report.html`: one self-contained page (inline CSS and SVG, no scripts, no external
/// resources) with the run's summary, a latency CDF per metric, the sample call's timeline, the
/// caller-versus-server comparison per turn and the list of calls.
public enum LoadReportHTML {
    public static func render(_ report: LoadReport) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>parley load — \(escape(report.startedAt))</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2330;background:#fff}
        h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
        table{border-collapse:collapse;margin:6px 0} td,th{padding:3px 10px;border-bottom:1px solid #eef0f4;text-align:left;vertical-align:top}
        th{font-weight:600;color:#4a5468} td.n{text-align:right;font-variant-numeric:tabular-nums}
        .charts{display:flex;flex-wrap:wrap;gap:18px} figure{margin:0;border:1px solid #e3e7ee;border-radius:6px;padding:8px}
        figcaption{font-size:13px;color:#4a5468;max-width:420px} .bad{color:#b3261e} .ok{color:#1b6e3a} .muted{color:#6b7488}
        svg text{font:11px system-ui,sans-serif;fill:#4a5468}
        </style></head><body>
        <h1>parley load</h1>
        <p class="muted">Started \(escape(report.startedAt)) · \(format(report.elapsedS, 1)) s · \(escape(report.mode)) mode · \
        \(report.interrupted ? "<span class=\"bad\">interrupted</span>" : "ran to the end") · exit status \(report.exitStatus)</p>
        """
        html += summarySection(report)
        html += "<h2>Distributions</h2><div class=\"charts\">"
        var charts = 0
        for (key, title) in LoadReport.metricTitles {
            guard let metric = report.metrics[key], metric.count > 0 else { continue }
            html += "<figure>" + SVGCharts.cdf(metric, title: title) + "<figcaption>" + caption(metric) + "</figcaption></figure>"
            charts += 1
        }
        if charts == 0 { html += "<p class=\"muted\">Nothing was measured.</p>" }
        html += "</div>"
        if let sample = report.sampleCall, let timeline = sample.timeline {
            html += "<h2>Sample call: caller \(sample.caller + 1), call \(sample.call + 1)\(sample.interviewId.map { " (" + escape($0) + ")" } ?? "")</h2>"
            html += SVGCharts.timeline(timeline)
        }
        html += comparisonSection(report)
        html += callsSection(report)
        html += "</body></html>\n"
        return html
    }

    static func summarySection(_ r: LoadReport) -> String {
        let s = r.summary, settings = r.settings
        var rows: [(String, String)] = [
            ("Server", escape(settings.server)),
            ("Callers finished", "<span class=\"\(s.callersFinished == s.callers ? "ok" : "bad")\">\(s.callersFinished) of \(s.callers)</span>"),
            ("Calls", "\(s.calls): \(s.callsCompleted) completed, \(s.callsFailed) failed, \(s.callsInterrupted) interrupted"),
            (r.mode == "echo" ? "Answers echoed" : "Turns", r.mode == "echo" ? "\(r.metrics["roundTripMs"]?.count ?? 0)" : "\(s.turns) (\(s.turnsWithServerMetrics) with server turnMetrics)"),
            ("Barge-ins", "\(s.bargeIns) of \(s.bargeInAttempts) attempts (probability \(format(settings.bargeIn, 2)))"),
            ("Settings", "duration \(format(settings.durationS, 0)) s, ramp \(format(settings.ramp, 1))/s, \(settings.questions) question\(settings.questions == 1 ? "" : "s"), "
                + "answer delay \(format(settings.answerDelayS, 2)) s, call timeout \(format(settings.callTimeoutS, 0)) s, seed \(settings.seed)"),
            ("Impairment (sender)", "loss \(format(settings.lossPercent, 1)) %, burst \(format(settings.burst, 1)), jitter \(format(settings.jitterMs, 0)) ms, reorder \(format(settings.reorderPercent, 1)) %"),
            ("Answers", escape(r.answerSource) + ": " + r.answers.map { "\(escape($0.name)) (\(format(Double($0.durationMs) / 1000, 1)) s)" }.joined(separator: ", ")),
        ]
        if !r.errors.isEmpty {
            rows.append(("Errors", r.errors.sorted { $0.value > $1.value }.map { "\($0.value) × \(escape($0.key))" }.joined(separator: "<br>")))
        }
        return "<table>" + rows.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" }.joined() + "</table>"
    }

    static func caption(_ m: MetricSummary) -> String {
        let u = m.unit == "MOS" ? "" : " " + m.unit
        func v(_ x: Double?) -> String { x.map { format($0, m.unit == "MOS" ? 2 : 1) + u } ?? "–" }
        return "n = \(m.count) · p50 \(v(m.p50)) · p95 \(v(m.p95)) · p99 \(v(m.p99)) · max \(v(m.max))"
    }

    static func comparisonSection(_ r: LoadReport) -> String {
        guard r.mode == "interview" else { return "" }
        var html = "<h2>Caller side versus server side, per turn</h2>"
        if let spread = r.serverComparison.callerMinusServerMs {
            html += "<p>Caller-side end of speech → first audio minus the server's <code>turnMetrics</code> figure over "
                + "\(r.serverComparison.turns) turns: min \(format(spread.min, 1)) ms, median \(format(spread.median, 1)) ms, max \(format(spread.max, 1)) ms; "
                + "within 10 ms in \(r.serverComparison.turnsWithin10Ms) turns. Both ends chose the same boundary packets in "
                + "\(r.serverComparison.turnsOnSamePackets) turns; the server ended the turn earlier in the answer in "
                + "\(r.serverComparison.turnsServerEndedEarlier); the caller heard other interviewer audio first in "
                + "\(r.serverComparison.turnsCallerHeardOtherAudioFirst).</p>"
            if let same = r.serverComparison.serverPacketsMinusServerMs {
                html += "<p>The server's own boundary packets timed on the caller's clock, minus the server's figure: "
                    + "min \(format(same.min, 2)) ms, median \(format(same.median, 2)) ms, max \(format(same.max, 2)) ms.</p>"
            }
        } else {
            html += "<p class=\"muted\">No turn had both figures.</p>"
        }
        if !r.serverComparison.serverStagesMs.isEmpty {
            html += "<table><tr><th>server field</th><th>n</th><th>p50 ms</th><th>p95 ms</th><th>max ms</th></tr>"
            for (key, m) in r.serverComparison.serverStagesMs.sorted(by: { $0.key < $1.key }) {
                html += "<tr><td>\(escape(key))</td><td class=\"n\">\(m.count)</td><td class=\"n\">\(format(m.p50 ?? 0, 1))</td>"
                    + "<td class=\"n\">\(format(m.p95 ?? 0, 1))</td><td class=\"n\">\(format(m.max ?? 0, 1))</td></tr>"
            }
            html += "</table>"
        }
        return html
    }

    static func callsSection(_ r: LoadReport) -> String {
        var html = "<h2>Calls</h2><table><tr><th>caller</th><th>call</th><th>status</th><th>join ms</th>"
            + "<th>\(r.mode == "echo" ? "round trips" : "turns")</th><th>median latency ms</th><th>loss in/out %</th><th>MOS</th><th>error</th></tr>"
        for call in r.calls.prefix(500) {
            let latencies = r.mode == "echo" ? call.roundTripsMs : call.turns.compactMap(\.endOfSpeechToFirstAudioMs)
            let median = LoadReport.Spread(latencies)?.median
            let loss = call.media.map { format($0.receiveLossPercent, 2) + " / " + ($0.sendLossPercent.map { format($0, 2) } ?? "–") } ?? "–"
            html += "<tr><td class=\"n\">\(call.caller + 1)</td><td class=\"n\">\(call.call + 1)</td>"
                + "<td class=\"\(call.status == .completed ? "ok" : "bad")\">\(call.status.rawValue)</td>"
                + "<td class=\"n\">\(call.joinMs.map { format($0, 0) } ?? "–")</td><td class=\"n\">\(latencies.count)</td>"
                + "<td class=\"n\">\(median.map { format($0, 0) } ?? "–")</td><td class=\"n\">\(loss)</td>"
                + "<td class=\"n\">\(call.media.map { format($0.mos, 2) } ?? "–")</td><td>\(escape(call.error ?? ""))</td></tr>"
        }
        html += "</table>"
        if r.calls.count > 500 { html += "<p class=\"muted\">\(r.calls.count - 500) more calls are in the JSON report.</p>" }
        return html
    }

    static func format(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    /// Escapes text for HTML and SVG.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
