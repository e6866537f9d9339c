import SpeechOutput
import XCTest

/// `Pacer.tick(now:_:)` hands each frame over as soon as its stream produced it, so a server
/// can send stream 1's packet before stream 2 encodes; what it emits is what `tick(now:)` returns.
final class PacerEmitTests: XCTestCase {
    private let t0 = ContinuousClock.now

    func testFramesAreEmittedBetweenEncodesInSlotOrder() {
        let log = EventLog()
        let pacer = Pacer<Int>(settings: PacerSettings(maxCatchUpFrames: 2), epoch: t0)
        for id in 0..<3 { pacer.register(id, source: LoggingSource(id: id, log: log), now: t0) }

        var emitted: [PacedFrame<Int>] = []
        pacer.tick(now: t0 + .milliseconds(1)) { frame in
            log.events.append("send \(frame.streamId)")
            emitted.append(frame)
        }
        XCTAssertEqual(log.events, ["encode 0", "send 0", "encode 1", "send 1", "encode 2", "send 2"])
        XCTAssertEqual(emitted.map(\.slotTime), Array(repeating: t0, count: 3))
        XCTAssertEqual(emitted.map(\.lateness), Array(repeating: .milliseconds(1), count: 3))

        // After a 50 ms stall: slots 1 and 2 per stream (slot 1 at 20 ms, 2 at 40 ms), oldest first.
        log.events.removeAll()
        emitted.removeAll()
        pacer.tick(now: t0 + .milliseconds(50)) { frame in
            log.events.append("send \(frame.streamId)")
            emitted.append(frame)
        }
        XCTAssertEqual(log.events, ["encode 0", "send 0", "encode 0", "send 0", "encode 1", "send 1", "encode 1", "send 1",
                                    "encode 2", "send 2", "encode 2", "send 2"])
        XCTAssertEqual(emitted.filter { $0.streamId == 0 }.map(\.slotTime), [pacer.slotTime(1), pacer.slotTime(2)])
        XCTAssertEqual(pacer.tick(now: t0 + .milliseconds(61)).map(\.streamId), [0, 1, 2], "the collecting form serves the next slot alike")
    }
}

private final class EventLog {
    var events: [String] = []
}

private final class LoggingSource: PacedFrameSource {
    let id: Int
    let log: EventLog

    init(id: Int, log: EventLog) {
        self.id = id
        self.log = log
    }

    func nextFrame(now: ContinuousClock.Instant) -> OutgoingFrame? {
        log.events.append("encode \(id)")
        return OutgoingFrame(payload: [0xF8], rtpTimestamp: 0, marker: false, kind: .speech, utteranceId: nil, playedSamples: 0)
    }

    func skipFrame(now: ContinuousClock.Instant) { log.events.append("skip \(id)") }
}
