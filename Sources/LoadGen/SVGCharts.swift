import Foundation

/// Inline SVG for the HTML report: a cumulative distribution (step line over 0–100 %) and a call
/// timeline (answer spans, interviewer speech spans, event markers).
enum SVGCharts {
    /// Round numbers for an axis from 0 to at least `maximum`: (top, step).
    static func niceAxis(_ maximum: Double, ticks: Int = 5) -> (top: Double, step: Double) {
        guard maximum.isFinite, maximum > 0 else { return (1, 0.2) }
        let raw = maximum / Double(ticks)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return (ceil(maximum / step) * step, step)
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    static func axisLabel(_ value: Double, step: Double) -> String {
        step >= 1 ? String(format: "%.0f", value) : String(format: step >= 0.1 ? "%.1f" : "%.2f", value)
    }

    /// A CDF chart of `metric` (value on x, cumulative % on y), with p50 and p95 marked.
    static func cdf(_ metric: MetricSummary, title: String) -> String {
        let width = 420.0, height = 240.0, left = 46.0, right = 12.0, top = 26.0, bottom = 34.0
        let plotW = width - left - right, plotH = height - top - bottom
        let maxValue = metric.cdf.map(\.value).max() ?? 0
        let (xTop, xStep) = niceAxis(maxValue)
        func x(_ v: Double) -> Double { left + plotW * min(max(v / xTop, 0), 1) }
        func y(_ fraction: Double) -> Double { top + plotH * (1 - min(max(fraction, 0), 1)) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(LoadReportHTML.escape(title))\">"
        svg += "<text x=\"\(f(left))\" y=\"16\" style=\"font-weight:600;fill:#1d2330\">\(LoadReportHTML.escape(title))</text>"
        // Grid and axes.
        for i in 0...4 {
            let fy = y(Double(i) / 4)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(fy))\" x2=\"\(f(left + plotW))\" y2=\"\(f(fy))\" stroke=\"#eef0f4\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(fy + 4))\" text-anchor=\"end\">\(i * 25)%</text>"
        }
        var tick = 0.0
        while tick <= xTop + xStep / 2 {
            svg += "<line x1=\"\(f(x(tick)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x(tick)))\" y2=\"\(f(top + plotH + 4))\" stroke=\"#8a93a6\"/>"
            svg += "<text x=\"\(f(x(tick)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">\(axisLabel(tick, step: xStep))</text>"
            tick += xStep
        }
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#8a93a6\"/>"
        svg += "<text x=\"\(f(left + plotW))\" y=\"\(f(height - 2))\" text-anchor=\"end\">\(LoadReportHTML.escape(metric.unit))</text>"
        // Percentile markers.
        for (row, (label, value)) in [("p50", metric.p50), ("p95", metric.p95)].enumerated() {
            guard let value else { continue }
            let anchor = x(value) > left + plotW - 40 ? "end" : "start"
            svg += "<line x1=\"\(f(x(value)))\" y1=\"\(f(top))\" x2=\"\(f(x(value)))\" y2=\"\(f(top + plotH))\" stroke=\"#c5cbd6\" stroke-dasharray=\"3 3\"/>"
            svg += "<text x=\"\(f(x(value) + (anchor == "end" ? -3 : 3)))\" y=\"\(f(top + 10 + 13 * Double(row)))\" text-anchor=\"\(anchor)\">\(label)</text>"
        }
        // The step line.
        if let first = metric.cdf.first {
            var d = "M\(f(x(first.value))) \(f(y(0)))"
            for point in metric.cdf {
                d += " H\(f(x(point.value))) V\(f(y(point.fraction)))"
            }
            svg += "<path d=\"\(d)\" fill=\"none\" stroke=\"#2f6fde\" stroke-width=\"2\"/>"
        }
        svg += "</svg>"
        return svg
    }

    /// The sample call: two lanes (caller answers, interviewer speech) over time, with markers.
    static func timeline(_ t: CallTimeline) -> String {
        let width = 1000.0, left = 110.0, right = 16.0, laneH = 22.0
        let plotW = width - left - right
        let answerY = 34.0, interviewerY = answerY + laneH + 14, markerY = interviewerY + laneH + 14
        let height = markerY + 70
        let (xTop, xStep) = niceAxis(max(t.endMs, 1000) / 1000, ticks: 10)
        func x(_ ms: Double) -> Double { left + plotW * min(max(ms / 1000 / xTop, 0), 1) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"timeline of the sample call\">"
        svg += "<text x=\"\(f(left))\" y=\"16\" style=\"font-weight:600;fill:#1d2330\">Timeline (seconds since the WebSocket opened)</text>"
        svg += "<text x=\"\(f(left - 8))\" y=\"\(f(answerY + 15))\" text-anchor=\"end\">caller answers</text>"
        svg += "<text x=\"\(f(left - 8))\" y=\"\(f(interviewerY + 15))\" text-anchor=\"end\">interviewer audio</text>"
        svg += "<text x=\"\(f(left - 8))\" y=\"\(f(markerY + 12))\" text-anchor=\"end\">events</text>"
        var tick = 0.0
        while tick <= xTop + xStep / 2 {
            let tx = left + plotW * tick / xTop
            svg += "<line x1=\"\(f(tx))\" y1=\"\(f(answerY - 4))\" x2=\"\(f(tx))\" y2=\"\(f(markerY + 26))\" stroke=\"#eef0f4\"/>"
            svg += "<text x=\"\(f(tx))\" y=\"\(f(markerY + 40))\" text-anchor=\"middle\">\(axisLabel(tick, step: xStep))</text>"
            tick += xStep
        }
        for span in t.answers {
            svg += "<rect x=\"\(f(x(span.startMs)))\" y=\"\(f(answerY))\" width=\"\(f(max(1, x(span.endMs) - x(span.startMs))))\" height=\"\(f(laneH))\" fill=\"#2f6fde\" rx=\"2\"><title>answer \(f(span.startMs / 1000))–\(f(span.endMs / 1000)) s</title></rect>"
        }
        for span in t.interviewer {
            svg += "<rect x=\"\(f(x(span.startMs)))\" y=\"\(f(interviewerY))\" width=\"\(f(max(1, x(span.endMs) - x(span.startMs))))\" height=\"\(f(laneH))\" fill=\"#e8833a\" rx=\"2\"><title>interviewer \(f(span.startMs / 1000))–\(f(span.endMs / 1000)) s</title></rect>"
        }
        for marker in t.markers {
            let color: String
            switch marker.label {
            case let l where l.hasPrefix("end of speech"): color = "#2f6fde"
            case let l where l.hasPrefix("first audio"): color = "#e8833a"
            case "bargeIn": color = "#b3261e"
            case "complete": color = "#1b6e3a"
            default: color = "#6b7488"
            }
            let mx = x(marker.atMs)
            svg += "<g><title>\(LoadReportHTML.escape(marker.label)) at \(String(format: "%.3f", marker.atMs / 1000)) s</title>"
                + "<line x1=\"\(f(mx))\" y1=\"\(f(answerY - 4))\" x2=\"\(f(mx))\" y2=\"\(f(markerY + 20))\" stroke=\"\(color)\" stroke-width=\"1\" stroke-opacity=\"0.7\"/>"
                + "<path d=\"M\(f(mx - 4)) \(f(markerY)) h8 l-4 8 z\" fill=\"\(color)\"/></g>"
        }
        // Legend.
        let legend: [(String, String)] = [("#2f6fde", "answer / end of speech"), ("#e8833a", "interviewer / first audio"), ("#b3261e", "bargeIn"), ("#1b6e3a", "complete"), ("#6b7488", "connected")]
        var lx = left
        for (color, label) in legend {
            svg += "<rect x=\"\(f(lx))\" y=\"\(f(height - 14))\" width=\"10\" height=\"10\" fill=\"\(color)\"/><text x=\"\(f(lx + 14))\" y=\"\(f(height - 5))\">\(label)</text>"
            lx += 30 + Double(label.count) * 6
        }
        svg += "</svg>"
        return svg
    }
}
