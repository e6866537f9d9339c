import XCTest
@testable import LoadGen

/// The JSON report carries every documented field; the HTML is self-contained (no scripts, no
/// external resources), draws a CDF per measured metric and the sample call's timeline, and
/// escapes what the server said.
final class LoadReportTests: XCTestCase {
    func outcome() -> LoadOutcome {
        var settings = LoadSettings()
        settings.callers = 3
        settings.adminToken = "secret-token-xyz"
        settings.seed = 99
        var calls: [CallResult] = []
        for caller in 0..<3 {
            var call = CallResult(caller: caller, call: 0, status: caller == 2 ? .failed : .completed, startedAtS: Double(caller) / 2)
            call.interviewId = "iv_\(caller)"
            call.durationS = 30
            call.connectMs = 40 + Double(caller)
            call.joinMs = 900 + Double(caller) * 10
            call.turns = (0..<2).map { n in
                TurnResult(index: n, answer: "answer\(n + 1)", bargeInAttempt: n == 1, bargedIn: n == 1 && caller == 0,
                           onsetAtMs: 5000, endOfSpeechAtMs: 10_000, firstAudioAtMs: 10_400 + Double(caller) * 50,
                           endOfSpeechToFirstAudioMs: 400 + Double(caller) * 50 + Double(n),
                           server: ["endOfSpeechToFirstAudioMs": 390 + Double(caller) * 50, "sttFinalMs": 250, "questionIndex": Double(n)],
                           callerMinusServerMs: 10 + Double(n), bargeInStopMs: n == 1 && caller == 0 ? 230 : nil)
            }
            call.media = MediaResult(packetsSent: 1500, packetsDroppedByImpairment: 0, packetsReceived: 1400, receiveLost: caller,
                                     receiveLossPercent: Double(caller) / 14, receiveJitterMs: 1.5, receiveBurstRatio: 1,
                                     sendLossPercent: 0, sendJitterMs: 2, sendBurstRatio: 1, rttMs: 1, mosReceive: 4.4, mosSend: 4.39, mos: 4.39)
            call.timeline = CallTimeline(answers: [.init(startMs: 5000, endMs: 10_200)], interviewer: [.init(startMs: 900, endMs: 4000)],
                                         markers: [.init(atMs: 10_000, label: "end of speech 1")], endMs: 12_000)
            if caller == 2 { call.error = "server error <bad_message>: \"oops\" & more" }
            calls.append(call)
        }
        return LoadOutcome(settings: settings, answers: AnswerSet(clips: [AnswerClip(name: "answer1", text: "I have worked", frames: [[1]], windowLevels: [-20, -20])], source: "espeak-ng"),
                           startedAt: Date(timeIntervalSince1970: 1_800_000_000), elapsedS: 42.5, interrupted: false, calls: calls)
    }

    func testJSONFields() throws {
        let report = LoadReport(outcome())
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: try report.json()) as? [String: Any])
        for key in ["tool", "startedAt", "elapsedS", "interrupted", "exitStatus", "mode", "settings", "answerSource", "answers",
                    "summary", "metrics", "serverComparison", "errors", "calls", "sampleCall"] {
            XCTAssertNotNil(object[key], "missing \(key)")
        }
        XCTAssertEqual(object["exitStatus"] as? Int, 1, "one caller failed")
        let summary = try XCTUnwrap(object["summary"] as? [String: Any])
        XCTAssertEqual(summary["callersFinished"] as? Int, 2)
        XCTAssertEqual(summary["callsFailed"] as? Int, 1)
        XCTAssertEqual(summary["turns"] as? Int, 6)
        XCTAssertEqual(summary["bargeIns"] as? Int, 1)
        XCTAssertEqual(summary["bargeInAttempts"] as? Int, 3)
        let metrics = try XCTUnwrap(object["metrics"] as? [String: [String: Any]])
        let latency = try XCTUnwrap(metrics["endOfSpeechToFirstAudioMs"])
        XCTAssertEqual(latency["count"] as? Int, 6)
        XCTAssertEqual(latency["p50"] as? Double ?? 0, 450, accuracy: 1)
        XCTAssertEqual(latency["max"] as? Double ?? 0, 501, accuracy: 1)
        XCTAssertFalse((latency["cdf"] as? [Any] ?? []).isEmpty)
        XCTAssertEqual(metrics["bargeInStopMs"]?["count"] as? Int, 1)
        XCTAssertNil(metrics["roundTripMs"], "nothing measured, nothing reported")
        let comparison = try XCTUnwrap(object["serverComparison"] as? [String: Any])
        XCTAssertEqual(comparison["turns"] as? Int, 6)
        let spread = try XCTUnwrap(comparison["callerMinusServerMs"] as? [String: Double])
        XCTAssertEqual(spread, ["min": 10, "median": 10.5, "max": 11])
        let stages = try XCTUnwrap(comparison["serverStagesMs"] as? [String: Any])
        XCTAssertNotNil(stages["sttFinalMs"])
        XCTAssertNil(stages["questionIndex"], "only the …Ms fields are stages")
        // The sample call keeps its timeline; the call list does not repeat it.
        XCTAssertNotNil((object["sampleCall"] as? [String: Any])?["timeline"])
        XCTAssertNil((object["calls"] as? [[String: Any]])?.first?["timeline"])
        let text = String(decoding: try report.json(), as: UTF8.self)
        XCTAssertFalse(text.contains("secret-token-xyz"), "the admin token stays out of the report")
    }

    func testInterruptedRunsExit130() {
        var interrupted = outcome()
        interrupted.interrupted = true
        XCTAssertEqual(LoadReport(interrupted).exitStatus, 130)
        var allGood = outcome()
        allGood.calls[2].status = .completed
        XCTAssertEqual(LoadReport(allGood).exitStatus, 0)
        var none = outcome()
        none.calls.removeAll { $0.caller == 1 }
        none.calls[1].status = .completed
        XCTAssertEqual(none.callersFinished, 2, "a caller that never called did not finish")
    }

    func testHTMLIsSelfContainedWithChartsAndTimeline() throws {
        let html = LoadReportHTML.render(LoadReport(outcome()))
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertFalse(html.contains("<script"), "no scripts")
        XCTAssertFalse(html.contains("src="), "no external resources")
        XCTAssertFalse(html.contains("href="), "no links out")
        XCTAssertFalse(html.contains("@import"))
        let charts = html.components(separatedBy: "<svg").count - 1
        XCTAssertEqual(charts, 9 + 1, "a CDF per measured metric (9) and the timeline")
        XCTAssertTrue(html.contains("End of speech → first interviewer audio"))
        XCTAssertTrue(html.contains("Timeline"))
        XCTAssertTrue(html.contains("server error &lt;bad_message&gt;: &quot;oops&quot; &amp; more"))
        XCTAssertFalse(html.contains("<bad_message>"))
        XCTAssertTrue(html.contains("median 10.5 ms"))
        // Every opened SVG closes.
        XCTAssertEqual(charts, html.components(separatedBy: "</svg>").count - 1)
        let summary = LoadSummaryText.render(LoadReport(outcome()))
        XCTAssertTrue(summary.contains("2/3 callers finished"), summary)
    }

    func testWritesBothFiles() throws {
        let folder = NSTemporaryDirectory() + "parley-load-\(UUID().uuidString)/nested"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let paths = try LoadReport(outcome()).write(to: folder)
        XCTAssertTrue(paths.json.hasSuffix("parley-load-report.json"))
        XCTAssertTrue(paths.html.hasSuffix("parley-load-report.html"))
        let decoded = try JSONDecoder().decode(LoadReport.self, from: Data(contentsOf: URL(fileURLWithPath: paths.json)))
        XCTAssertEqual(decoded.summary.calls, 3)
    }
}
