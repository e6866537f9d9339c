import XCTest
@testable import Server

/// The latency knobs that used to be fixed in code: endpointer thresholds, TTS start buffer,
/// STT deadline — each settable by flag, variable or file key, with clear errors.
final class LatencySettingsTests: XCTestCase {
    func testLatencyKnobsResolveAndValidate() throws {
        let defaults = try ServerConfiguration.resolve()
        XCTAssertEqual(defaults.tuning.vadSpeechThreshold, 0.7)
        XCTAssertEqual(defaults.tuning.vadContinueThreshold, 0.5)
        XCTAssertEqual(defaults.tuning.ttsStartBufferMs, 20)
        XCTAssertEqual(defaults.sttDeadlineMs, 5_000)

        let tuned = try ServerConfiguration.resolve(
            environment: ["PARLEY_VAD_SPEECH_THRESHOLD": "0.8", "PARLEY_STT_DEADLINE_MS": "2500"],
            flags: ["--vad-continue-threshold": "0.4", "--tts-start-buffer-ms": "60"])
        XCTAssertEqual(tuned.tuning.vadSpeechThreshold, 0.8)
        XCTAssertEqual(tuned.tuning.vadContinueThreshold, 0.4)
        XCTAssertEqual(tuned.tuning.ttsStartBufferMs, 60)
        XCTAssertEqual(tuned.sttDeadlineMs, 2_500)

        for (flag, value) in [("--vad-speech-threshold", "1.5"), ("--vad-continue-threshold", "x"),
                              ("--tts-start-buffer-ms", "0"), ("--stt-deadline-ms", "100")] {
            XCTAssertThrowsError(try ServerConfiguration.resolve(flags: [flag: value])) { error in
                XCTAssertEqual((error as? ConfigurationError)?.setting, flag)
            }
        }
        XCTAssertThrowsError(try ServerConfiguration.resolve(flags: ["--vad-speech-threshold": "0.4", "--vad-continue-threshold": "0.6"])) { error in
            XCTAssertEqual((error as? ConfigurationError)?.setting, "vadContinueThreshold")
        }
    }
}
