import XCTest
@testable import Server

/// The transcription, caption and preemptive-reply settings: defaults, sources, bad values.
final class VoiceSettingsTests: XCTestCase {
    func testDefaultsAndValues() throws {
        let defaults = try ServerConfiguration.resolve()
        XCTAssertEqual(defaults.sttDeadlineMs, 5_000)
        XCTAssertEqual(defaults.sttStreaming, .auto)
        XCTAssertTrue(defaults.tuning.liveCaptions)
        XCTAssertEqual(defaults.tuning.captionIntervalMs, 300)
        XCTAssertFalse(defaults.tuning.preemptiveReplies)

        let set = try ServerConfiguration.resolve(
            environment: ["PARLEY_STT_DEADLINE_MS": "2500", "PARLEY_STT_STREAMING": "OFF", "PARLEY_LIVE_CAPTIONS": "0"],
            flags: ["--caption-interval-ms": "500", "--preemptive-replies": "on"])
        XCTAssertEqual(set.sttDeadlineMs, 2_500)
        XCTAssertEqual(set.sttStreaming, .off)
        XCTAssertFalse(set.tuning.liveCaptions)
        XCTAssertEqual(set.tuning.captionIntervalMs, 500)
        XCTAssertTrue(set.tuning.preemptiveReplies)
    }

    func testBadValuesNameTheirSetting() {
        for (variable, value) in [("PARLEY_STT_DEADLINE_MS", "50"), ("PARLEY_STT_STREAMING", "sometimes"),
                                  ("PARLEY_LIVE_CAPTIONS", "maybe"), ("PARLEY_CAPTION_INTERVAL_MS", "10"),
                                  ("PARLEY_PREEMPTIVE_REPLIES", "2")] {
            XCTAssertThrowsError(try ServerConfiguration.resolve(environment: [variable: value])) { error in
                XCTAssertEqual((error as? ConfigurationError)?.setting, variable)
            }
        }
    }
}
