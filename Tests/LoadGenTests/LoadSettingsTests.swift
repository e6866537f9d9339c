import XCTest
@testable import LoadGen

/// Argument validation: every bad value is refused naming its flag; good ones pass.
final class LoadSettingsTests: XCTestCase {
    func valid() -> LoadSettings {
        var s = LoadSettings()
        s.adminToken = "token-0123456789"
        s.output = NSTemporaryDirectory()
        return s
    }

    func testDefaultsWithATokenAreValid() throws {
        XCTAssertNoThrow(try valid().validate())
        var s = valid()
        s.server = "http://10.0.0.5:9000/"
        s.callers = 200
        s.durationS = 60
        s.bargeIn = 1
        s.lossPercent = 5
        s.burst = 3
        s.jitterMs = 40
        s.reorderPercent = 2
        s.echo = true
        XCTAssertNoThrow(try s.validate())
        XCTAssertEqual(s.impairment, NetworkImpairment.Settings(loss: 0.05, burst: 3, jitterMs: 40, reorder: 0.02))
    }

    func testEachBadValueNamesItsFlag() {
        let cases: [(String, (inout LoadSettings) -> Void)] = [
            ("--server", { $0.server = "ftp://host" }),
            ("--server", { $0.server = "http://" }),
            ("--server", { $0.server = "https://secure.example" }),
            ("--server", { $0.server = "http://host:8080/some/path" }),
            ("--admin-token", { $0.adminToken = "" }),
            ("--callers", { $0.callers = 0 }),
            ("--callers", { $0.callers = 10_001 }),
            ("--duration", { $0.durationS = -1 }),
            ("--duration", { $0.durationS = .nan }),
            ("--ramp", { $0.ramp = 0 }),
            ("--questions", { $0.questions = 0 }),
            ("--answer-delay", { $0.answerDelayS = -0.1 }),
            ("--call-timeout", { $0.callTimeoutS = 0 }),
            ("--barge-in", { $0.bargeIn = 1.5 }),
            ("--loss", { $0.lossPercent = 100 }),
            ("--loss", { $0.lossPercent = -1 }),
            ("--burst", { $0.burst = 0.5 }),
            ("--jitter", { $0.jitterMs = -3 }),
            ("--reorder", { $0.reorderPercent = 101 }),
            ("--answers", { $0.answersDir = "/nonexistent/answers" }),
            ("--output", { $0.output = "/etc/hostname" }),
        ]
        for (flag, change) in cases {
            var s = valid()
            change(&s)
            XCTAssertThrowsError(try s.validate(), "expected \(flag) to be refused") { error in
                XCTAssertEqual((error as? LoadSettings.Invalid)?.flag, flag, "\(error)")
            }
        }
    }

    func testPercentages() {
        XCTAssertEqual(LoadSettings.percent("2"), 2)
        XCTAssertEqual(LoadSettings.percent("2.5%"), 2.5)
        XCTAssertEqual(LoadSettings.percent(" 1% "), 1)
        XCTAssertNil(LoadSettings.percent("two"))
        XCTAssertNil(LoadSettings.percent("%"))
    }

    func testTheTokenNeverReachesTheReport() throws {
        let data = try JSONEncoder().encode(valid())
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertFalse(text.contains("token-0123456789"))
        XCTAssertTrue(text.contains("\"callers\""))
        XCTAssertEqual(try JSONDecoder().decode(LoadSettings.self, from: data).callers, 1)
    }
}
