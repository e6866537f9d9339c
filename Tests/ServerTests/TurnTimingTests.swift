import SignalingProtocol
import SpeechOutput
import XCTest
@testable import Server

/// The turn-latency arithmetic on fabricated instants: the stages are consecutive spans of
/// end of speech → first audio, so they add up to it exactly; and the end of speech is the
/// last audible 10 ms window (−41 dBFS) before the endpointer fired.
final class TurnTimingTests: XCTestCase {
    let t0 = ContinuousClock.now
    func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    func testStagesAreConsecutiveSpansAndAddUpExactly() throws {
        var turn = TurnTiming(
            speechEnd: .init(arrival: at(1_000), leftBuffer: at(1_047), end: at(1_050), levelDBFS: -30, rtpTimestamp: 4_294_966_336),
            endpointed: at(1_760), questionIndex: 2)
        turn.finalReady = at(2_410)
        turn.policyReady = at(2_412)
        turn.firstChunk = at(2_530)
        let metrics = try XCTUnwrap(turn.metrics(firstAudio: at(2_601) + .microseconds(250), firstAudioRtpTimestamp: 77_760))
        XCTAssertEqual(metrics.endOfSpeechRtpTimestamp, 4_294_966_336, "the candidate's packet that ended the speech")
        XCTAssertEqual(metrics.firstAudioRtpTimestamp, 77_760, "the reply packet that was first audible")
        XCTAssertEqual(metrics.jitterBufferMs, 47)
        XCTAssertEqual(metrics.endpointingMs, 713)
        XCTAssertEqual(metrics.sttFinalMs, 650)
        XCTAssertEqual(metrics.policyFirstTokenMs, 2)
        XCTAssertEqual(metrics.ttsFirstChunkMs, 118)
        XCTAssertEqual(metrics.firstPacketOutMs, 71.25)
        XCTAssertEqual(metrics.endOfSpeechToFirstAudioMs, 1_601.25)
        XCTAssertEqual(metrics.questionIndex, 2)
        XCTAssertEqual(Self.stageSum(metrics), metrics.endOfSpeechToFirstAudioMs, accuracy: 1e-9)
    }

    func testMissingInstantsMakeZeroStagesAndTheSumStillHolds() throws {
        var turn = TurnTiming(speechEnd: .init(arrival: at(0), leftBuffer: at(30), end: at(40), levelDBFS: -20), endpointed: at(700))
        turn.finalReady = at(1_500)
        turn.policyReady = at(1_499)  // a reply ready before the final transcript: a negative stage
        let metrics = try XCTUnwrap(turn.metrics(firstAudio: at(1_800)))
        XCTAssertEqual(metrics.policyFirstTokenMs, -1)
        XCTAssertEqual(metrics.ttsFirstChunkMs, 301, "no chunk noted: the span runs to first audio")
        XCTAssertEqual(metrics.firstPacketOutMs, 0)
        XCTAssertEqual(Self.stageSum(metrics), 1_800, accuracy: 1e-9)
        XCTAssertNil(TurnTiming().metrics(firstAudio: at(5)), "no speech end, no turn")
    }

    func testTheEndOfSpeechIsTheLastAudibleWindowBeforeTheEndpointerFired() throws {
        var locator = SpeechEndLocator(memory: .seconds(3))
        // 10 ms windows ending every 10 ms; packets arrive 5 ms before their audio leaves the buffer.
        func window(_ endMs: Int, _ level: Double) -> SpeechEndLocator.Window {
            .init(arrival: at(endMs - 25), leftBuffer: at(endMs - 20), end: at(endMs), levelDBFS: level)
        }
        for ms in stride(from: 10, through: 500, by: 10) { locator.record(window(ms, -20)) }  // speech
        locator.record(window(510, -40.9))  // a faint tail: still audible
        for ms in stride(from: 520, through: 1_400, by: 10) { locator.record(window(ms, ms == 900 ? -41.1 : -70)) }
        // The VAD ended speech at 600 ms and the endpointer fired 600 ms later.
        let end = try XCTUnwrap(locator.speechEnd(from: at(0), through: at(1_200), speechEndedAt: at(600)))
        XCTAssertEqual(end, window(510, -40.9), "−41.1 dBFS at 900 ms is not audible; −40.9 at 510 ms is")
        // Audible audio before the look-back does not count: fall back to the speech end.
        let fallback = try XCTUnwrap(locator.speechEnd(from: at(520), through: at(1_200), speechEndedAt: at(600)))
        XCTAssertEqual(fallback.end, at(600))
        XCTAssertNil(SpeechEndLocator(memory: .seconds(1)).speechEnd(from: at(0), through: at(10), speechEndedAt: at(5)))
    }

    func testConcealmentAfterTheLastPacketIsNotTheEndOfSpeech() throws {
        var locator = SpeechEndLocator(memory: .seconds(3))
        for ms in stride(from: 10, through: 500, by: 10) {
            locator.record(.init(arrival: at(ms - 25), leftBuffer: at(ms - 20), end: at(ms), levelDBFS: -20, rtpTimestamp: UInt32(ms * 48)))
        }
        // The buffer ran dry: 180 ms of audible concealment, then silence.
        for ms in stride(from: 510, through: 1_400, by: 10) {
            locator.record(.init(arrival: at(ms - 20), leftBuffer: at(ms - 20), end: at(ms), levelDBFS: ms <= 690 ? -30 : -80))
        }
        let end = try XCTUnwrap(locator.speechEnd(from: at(0), through: at(1_300), speechEndedAt: at(700)))
        XCTAssertEqual(end.rtpTimestamp, 500 * 48, "the last window a packet carried")
        XCTAssertEqual(end.arrival, at(475))
    }

    func testTheLocatorForgetsBeyondItsMemory() throws {
        var locator = SpeechEndLocator(memory: .milliseconds(500))
        for ms in stride(from: 10, through: 5_000, by: 10) {
            locator.record(.init(arrival: at(ms), leftBuffer: at(ms), end: at(ms), levelDBFS: ms < 1_000 ? -10 : -90))
        }
        let end = try XCTUnwrap(locator.speechEnd(from: at(0), through: at(5_000), speechEndedAt: at(4_800)))
        XCTAssertEqual(end.end, at(4_800), "the loud audio of the first second is forgotten")
    }

    func testAudibleMeansAtLeastMinus41DBFSOverTenMilliseconds() {
        // 32768 × 10^(−41/20) ≈ 292.05: a constant 293 is audible, 291 is not.
        XCTAssertTrue(AudioLevel.isAudible(AudioLevel.dBFS([Int16](repeating: 293, count: 480))))
        XCTAssertFalse(AudioLevel.isAudible(AudioLevel.dBFS([Int16](repeating: 291, count: 480))))
        XCTAssertEqual(AudioLevel.dBFS([Int16](repeating: 0, count: 480)), AudioLevel.silenceDBFS)
        let frame = [Int16](repeating: 0, count: 480) + [Int16](repeating: -16384, count: 480)
        XCTAssertEqual(AudioLevel.windowLevelsDBFS(frame).count, 2)
        XCTAssertEqual(AudioLevel.loudestWindowDBFS(frame), 20 * log10(0.5), accuracy: 1e-9)
    }

    static func stageSum(_ m: TurnMetrics) -> Double {
        [m.jitterBufferMs, m.endpointingMs, m.sttFinalMs, m.policyFirstTokenMs, m.ttsFirstChunkMs, m.firstPacketOutMs]
            .map { $0 ?? .nan }.reduce(0, +)
    }
}
