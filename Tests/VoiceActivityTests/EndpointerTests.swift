import XCTest
import VoiceActivity

final class EndpointerTests: XCTestCase {
    typealias Instant = ContinuousClock.Instant
    private let t0 = ContinuousClock.now

    /// Feeds `probabilities` as consecutive 10 ms frames starting at frame `first`, and
    /// returns (frame index, event) for each event.
    private func feed(_ endpointer: inout Endpointer<Instant>, _ probabilities: [Float], from first: Int, level: Float = -20)
        -> [(frame: Int, event: EndpointerEvent<Instant>)] {
        var events: [(Int, EndpointerEvent<Instant>)] = []
        for (offset, p) in probabilities.enumerated() {
            let index = first + offset
            if let event = endpointer.process(probability: p, levelDBFS: level, now: end(of: index)) {
                events.append((index, event))
            }
        }
        return events
    }

    private func start(of frame: Int) -> Instant { t0 + .milliseconds(frame * 10) }
    private func end(of frame: Int) -> Instant { t0 + .milliseconds((frame + 1) * 10) }

    func testOnsetConfirmedAfterMinimumOnsetReportsFirstSpeechFrame() {
        var endpointer = Endpointer<Instant>()
        XCTAssertEqual(endpointer.settings.minimumOnset, .milliseconds(40))
        XCTAssertTrue(feed(&endpointer, Array(repeating: 0.1, count: 20), from: 0).isEmpty)
        let events = feed(&endpointer, Array(repeating: 0.9, count: 10), from: 20)
        XCTAssertEqual(events.count, 1)
        // Frames 20…23 make 40 ms: the decision comes at the end of frame 23.
        XCTAssertEqual(events.first?.frame, 23)
        XCTAssertEqual(events.first?.event, .speechStarted(at: start(of: 20)))
        XCTAssertTrue(endpointer.isInTurn)
    }

    func testShortBlipIsRejected() {
        var endpointer = Endpointer<Instant>()
        let events = feed(&endpointer, [0.9, 0.9, 0.9, 0.2, 0.2, 0.9, 0.9, 0.2], from: 0)
        XCTAssertTrue(events.isEmpty)
        XCTAssertEqual(endpointer.state, .silence)
    }

    func testContinueThresholdKeepsAnOnsetAlive() {
        var endpointer = Endpointer<Instant>()
        // 0.6 is below the start threshold (0.7) but above continue (0.5).
        let events = feed(&endpointer, [0.9, 0.6, 0.6, 0.6], from: 0)
        XCTAssertEqual(events.map(\.event), [.speechStarted(at: start(of: 0))])
    }

    func testEndOfTurnAfterHangover() {
        var endpointer = Endpointer<Instant>()
        _ = feed(&endpointer, Array(repeating: 0.9, count: 50), from: 0)  // frames 0…49
        let events = feed(&endpointer, Array(repeating: 0.0, count: 100), from: 50)
        XCTAssertEqual(events.count, 1)
        // Last speech frame ends at 500 ms; 600 ms hangover → decided at the end of frame 109 (1100 ms).
        XCTAssertEqual(events.first?.frame, 109)
        XCTAssertEqual(events.first?.event, .speechEnded(at: end(of: 49)))
        XCTAssertEqual(endpointer.state, .silence)
    }

    func testSpeechResumingInsideHangoverKeepsTheTurn() {
        var endpointer = Endpointer<Instant>()
        _ = feed(&endpointer, Array(repeating: 0.9, count: 30), from: 0)
        XCTAssertTrue(feed(&endpointer, Array(repeating: 0.0, count: 40), from: 30).isEmpty)
        XCTAssertEqual(endpointer.endDeadline, end(of: 29) + .milliseconds(600))
        XCTAssertTrue(feed(&endpointer, Array(repeating: 0.9, count: 10), from: 70).isEmpty)
        XCTAssertNil(endpointer.endDeadline)
        let events = feed(&endpointer, Array(repeating: 0.0, count: 70), from: 80)
        XCTAssertEqual(events.map(\.event), [.speechEnded(at: end(of: 79))])
    }

    func testExtendHangoverDelaysEndAndIsClearedWhenSpeechResumes() {
        var endpointer = Endpointer<Instant>()
        endpointer.extendHangover(by: .milliseconds(500))  // outside a turn: ignored
        XCTAssertEqual(endpointer.hangoverExtension, .zero)

        _ = feed(&endpointer, Array(repeating: 0.9, count: 20), from: 0)
        XCTAssertTrue(feed(&endpointer, Array(repeating: 0.0, count: 30), from: 20).isEmpty)
        endpointer.extendHangover(by: .milliseconds(400))  // partial ended with "and"
        XCTAssertEqual(endpointer.endDeadline, end(of: 19) + .milliseconds(1000))
        // Nothing at 600 ms; the end comes at 1000 ms after the last speech frame.
        let events = feed(&endpointer, Array(repeating: 0.0, count: 100), from: 50)
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(events.first?.frame, 20 + 100 - 1)
        XCTAssertEqual(endpointer.hangoverExtension, .zero)

        // A new turn: extension during speech, then the speaker resumes after a pause → cleared.
        _ = feed(&endpointer, Array(repeating: 0.9, count: 20), from: 200)
        endpointer.extendHangover(by: .milliseconds(300))
        _ = feed(&endpointer, Array(repeating: 0.0, count: 10), from: 220)
        XCTAssertEqual(endpointer.hangoverExtension, .milliseconds(300))
        _ = feed(&endpointer, Array(repeating: 0.9, count: 5), from: 230)
        XCTAssertEqual(endpointer.hangoverExtension, .zero)
    }

    func testOnsetEnergyGateBlocksQuietSpeech() {
        var settings = Endpointer<Instant>.Settings()
        settings.minimumOnsetEnergyDB = -40
        var endpointer = Endpointer<Instant>(settings: settings)
        XCTAssertTrue(feed(&endpointer, Array(repeating: 0.95, count: 20), from: 0, level: -50).isEmpty)
        let events = feed(&endpointer, Array(repeating: 0.95, count: 20), from: 20, level: -30)
        XCTAssertEqual(events.map(\.event), [.speechStarted(at: start(of: 20))])
    }

    func testAllThresholdsAreSettings() {
        var settings = Endpointer<Instant>.Settings()
        settings.minimumOnset = .milliseconds(100)
        settings.hangover = .milliseconds(200)
        settings.speechThreshold = 0.8
        settings.continueThreshold = 0.2
        var endpointer = Endpointer<Instant>(settings: settings)
        XCTAssertTrue(feed(&endpointer, [0.75, 0.75], from: 0).isEmpty)
        XCTAssertEqual(endpointer.state, .silence, "0.75 is below the custom start threshold")
        let events = feed(&endpointer, [0.85] + Array(repeating: 0.3, count: 12) + Array(repeating: 0.1, count: 30), from: 10)
        XCTAssertEqual(events.map(\.frame), [19, 42])
        XCTAssertEqual(events.map(\.event), [.speechStarted(at: start(of: 10)), .speechEnded(at: end(of: 22))])
    }

    func testResetReturnsToSilenceWithoutEvent() {
        var endpointer = Endpointer<Instant>()
        _ = feed(&endpointer, Array(repeating: 0.9, count: 10), from: 0)
        XCTAssertTrue(endpointer.isInTurn)
        endpointer.reset()
        XCTAssertEqual(endpointer.state, .silence)
        XCTAssertFalse(endpointer.isInTurn)
    }
}
