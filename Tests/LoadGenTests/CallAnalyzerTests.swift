import Caller
import SignalingProtocol
import XCTest
@testable import LoadGen

/// The caller-side measurements, from a hand-built call: join time, end of speech → first audio
/// (quiet packets do not count), the server's turnMetrics matched to turns, barge-in stop time,
/// echo round trips, receive loss from sequence numbers, the timeline.
final class CallAnalyzerTests: XCTestCase {
    let t0 = ContinuousClock.now

    func at(_ seconds: Double) -> ContinuousClock.Instant { t0 + .microseconds(Int64((seconds * 1_000_000).rounded())) }

    /// Packets every 20 ms from `from` to `to` (exclusive) at `level` dBFS.
    func packets(_ from: Double, _ to: Double, level: Float, seq: inout UInt16) -> [SyntheticCaller.ReceivedPacket] {
        stride(from: from, to: to - 1e-9, by: 0.02).map { time in
            defer { seq &+= 1 }
            return SyntheticCaller.ReceivedPacket(at: at(time), sequenceNumber: seq, timestamp: 0, levelDBFS: level)
        }
    }

    func answer(startingAt start: Double, frames: Int, onset: Int, end: Int, bargeIn: Bool = false) -> PlayedAnswer {
        PlayedAnswer(name: "a", sentAt: (0..<frames).map { at(start + 0.02 * Double($0)) }, onsetFrame: onset, endOfSpeechFrame: end, bargeInAttempt: bargeIn)
    }

    func entry(_ seconds: Double, _ message: ServerMessage) -> SignalingClient.Entry {
        SignalingClient.Entry(text: message.jsonText(), receivedAt: at(seconds), message: message)
    }

    func interviewCall() -> CallObservations {
        var seq: UInt16 = 65_500 // wraps during the call
        var received = packets(1.0, 4.0, level: -20, seq: &seq)            // greeting and first question
        received += packets(10.7, 11.1, level: -60, seq: &seq)             // quiet lead-in of the reply
        received += packets(11.1, 13.24, level: -22, seq: &seq)            // reply, cut by the barge-in
        received += packets(17.5, 19.0, level: -25, seq: &seq)             // reply to the second answer
        let first = answer(startingAt: 5.0, frames: 300, onset: 10, end: 280)        // end of speech at 10.6 s
        let second = answer(startingAt: 12.9, frames: 200, onset: 5, end: 190, bargeIn: true) // onset 13.0, end 16.7 s
        let metrics1 = TurnMetrics(endOfSpeechToFirstAudioMs: 480, endpointingMs: 600, sttFinalMs: 300)
        let metrics2 = TurnMetrics(endOfSpeechToFirstAudioMs: 790)
        return CallObservations(
            openedAt: t0, connectedAt: at(0.2),
            signalling: [
                entry(0.1, .answer(sdp: "v=0")), entry(0.9, .interviewer(text: "Hello", utteranceId: "u0")),
                entry(11.101, .turnMetrics(metrics1)),
                entry(13.25, .bargeIn(utteranceId: "u2", heardText: "So tell", atMs: 2100)),
                entry(17.501, .turnMetrics(metrics2)),
                SignalingClient.Entry(text: #"{"type":"caption","text":"x"}"#, receivedAt: at(18), message: nil),
                entry(19.2, .complete(interviewId: "iv_1")),
            ],
            packets: received, answers: [first, second])
    }

    /// The server ended a turn inside the answer too (its metrics arrive after the answer's end),
    /// and stale interviewer audio plays just after the answer: the packet identities in
    /// `turnMetrics` still pair the answer with the server's turn for its real end, and the
    /// server's own boundary packets are timed on the caller's clock.
    func testMetricsPairByTheirPacketsNotByWhenTheyArrive() throws {
        let stamps = (0..<300).map { UInt32(truncatingIfNeeded: 4_294_000_000 + 960 * $0) } // wraps
        var answer = answer(startingAt: 5.0, frames: 300, onset: 10, end: 280)            // end of speech 10.6 s
        answer.rtpTimestamps = stamps
        func packet(_ seconds: Double, _ timestamp: UInt32, _ level: Float) -> SyntheticCaller.ReceivedPacket {
            SyntheticCaller.ReceivedPacket(at: at(seconds), sequenceNumber: UInt16(timestamp / 960 & 0xFFFF), timestamp: timestamp, levelDBFS: level)
        }
        let received = [packet(10.66, 96_000, -20), packet(10.68, 96_960, -20),           // the cut-off reply to the early end
                        packet(11.08, 500_000, -60), packet(11.1, 500_960, -22), packet(11.12, 501_920, -22)]
        let early = TurnMetrics(endOfSpeechToFirstAudioMs: 900, endOfSpeechRtpTimestamp: stamps[150], firstAudioRtpTimestamp: 96_000)
        let real = TurnMetrics(endOfSpeechToFirstAudioMs: 498, endOfSpeechRtpTimestamp: stamps[280], firstAudioRtpTimestamp: 500_960)
        let o = CallObservations(openedAt: t0, signalling: [entry(10.7, .turnMetrics(early)), entry(11.2, .turnMetrics(real))],
                                 packets: received, answers: [answer])
        let turn = try XCTUnwrap(CallAnalyzer.turns(o).first)
        XCTAssertEqual(turn.server?["endOfSpeechToFirstAudioMs"], 498, "the metrics of the turn the answer's last packet ended")
        XCTAssertEqual(turn.endOfSpeechToFirstAudioMs ?? 0, 60, accuracy: 0.01, "the caller heard the stale reply first")
        XCTAssertEqual(turn.callerMinusServerMs ?? 0, -438, accuracy: 0.01)
        XCTAssertEqual(turn.serverEndOfSpeechFrameOffset, 0)
        XCTAssertEqual(turn.serverFirstAudioIsCallers, false)
        XCTAssertEqual(turn.serverPacketsMinusServerMs ?? 0, 2, accuracy: 0.01, "10.6 s → 11.1 s on the caller's clock, 498 ms on the server's")

        // Without packet identities (an older server) the first metrics after the end are taken.
        let anonymous = CallObservations(openedAt: t0, signalling: [entry(10.7, .turnMetrics(TurnMetrics(endOfSpeechToFirstAudioMs: 900))),
                                                                    entry(11.2, .turnMetrics(TurnMetrics(endOfSpeechToFirstAudioMs: 498)))],
                                         packets: received, answers: [answer])
        XCTAssertEqual(CallAnalyzer.turns(anonymous).first?.server?["endOfSpeechToFirstAudioMs"], 900)
        XCTAssertNil(CallAnalyzer.turns(anonymous).first?.serverPacketsMinusServerMs)
    }

    func testJoinTimeAndTurns() throws {
        let o = interviewCall()
        XCTAssertEqual(CallAnalyzer.joinMs(o) ?? 0, 1000, accuracy: 0.01)
        let turns = CallAnalyzer.turns(o)
        XCTAssertEqual(turns.count, 2)

        let first = turns[0]
        XCTAssertEqual(first.endOfSpeechAtMs ?? 0, 10_600, accuracy: 0.01)
        XCTAssertEqual(first.firstAudioAtMs ?? 0, 11_100, accuracy: 0.01, "the quiet lead-in is not first audio")
        XCTAssertEqual(first.endOfSpeechToFirstAudioMs ?? 0, 500, accuracy: 0.01)
        XCTAssertEqual(first.server?["endOfSpeechToFirstAudioMs"], 480)
        XCTAssertEqual(first.server?["endpointingMs"], 600)
        XCTAssertNil(first.server?["type"], "only numeric fields are kept")
        XCTAssertEqual(first.callerMinusServerMs ?? 0, 20, accuracy: 0.01)
        XCTAssertFalse(first.bargedIn)
        XCTAssertNil(first.bargeInStopMs)

        let second = turns[1]
        XCTAssertTrue(second.bargeInAttempt)
        XCTAssertTrue(second.bargedIn)
        XCTAssertEqual(second.onsetAtMs ?? 0, 13_000, accuracy: 0.01)
        // The last reply packet at speech level arrived at 13.22 s.
        XCTAssertEqual(second.bargeInStopMs ?? 0, 220, accuracy: 0.01)
        XCTAssertEqual(second.endOfSpeechAtMs ?? 0, 16_700, accuracy: 0.01)
        XCTAssertEqual(second.endOfSpeechToFirstAudioMs ?? 0, 800, accuracy: 0.01)
        XCTAssertEqual(second.callerMinusServerMs ?? 0, 10, accuracy: 0.01)
    }

    func testATurnWithoutReplyOrMetricsHasNoFigures() {
        var o = interviewCall()
        o.packets = o.packets.filter { $0.at < at(17) }
        o.signalling = o.signalling.filter { $0.receivedAt < at(17) }
        let last = CallAnalyzer.turns(o)[1]
        XCTAssertNil(last.endOfSpeechToFirstAudioMs)
        XCTAssertNil(last.server)
        XCTAssertNil(last.callerMinusServerMs)
    }

    func testTimeline() {
        let o = interviewCall()
        let timeline = CallAnalyzer.timeline(o, turns: CallAnalyzer.turns(o))
        XCTAssertEqual(timeline.answers.count, 2)
        XCTAssertEqual(timeline.answers[0].startMs, 5000, accuracy: 0.01)
        XCTAssertEqual(timeline.answers[0].endMs, 11_000, accuracy: 0.01)
        XCTAssertEqual(timeline.interviewer.count, 3, "speech spans, quiet packets excluded")
        XCTAssertEqual(timeline.interviewer[1].startMs, 11_100, accuracy: 0.01)
        XCTAssertEqual(timeline.interviewer[1].endMs, 13_240, accuracy: 0.01)
        let labels = timeline.markers.map(\.label)
        XCTAssertEqual(labels.first, "connected")
        XCTAssertTrue(labels.contains("bargeIn") && labels.contains("complete") && labels.contains("first audio 2"))
        XCTAssertEqual(timeline.markers.map(\.atMs), timeline.markers.map(\.atMs).sorted())
        XCTAssertEqual(timeline.endMs, 19_200, accuracy: 0.01)
    }

    func testReceiveLossFromSequenceNumbersAcrossTheWrap() {
        var packets = interviewCall().packets
        XCTAssertEqual(CallAnalyzer.receiveLoss(packets).lost, 0)
        // Drop a run of three (across the 16-bit wrap) and a single one; reorder two; duplicate one.
        let wrapIndex = packets.firstIndex { $0.sequenceNumber == 0 } ?? 0
        packets.removeSubrange(wrapIndex - 1...wrapIndex + 1)
        packets.remove(at: 200)
        packets.swapAt(100, 101)
        packets.append(packets[50])
        let loss = CallAnalyzer.receiveLoss(packets)
        XCTAssertEqual(loss.lost, 4)
        XCTAssertEqual(loss.meanBurst, 2)
        XCTAssertEqual(loss.expected, interviewCall().packets.count)
    }

    func testEchoRoundTrips() {
        var seq: UInt16 = 1
        let echoes = packets(1.06, 3.0, level: -25, seq: &seq) + packets(5.5, 6.0, level: -70, seq: &seq)
        let o = CallObservations(
            openedAt: t0, packets: echoes,
            answers: [answer(startingAt: 1.0, frames: 90, onset: 1, end: 80), answer(startingAt: 5.0, frames: 50, onset: 2, end: 40)])
        let trips = CallAnalyzer.roundTrips(o)
        XCTAssertEqual(trips.count, 2)
        // Onset sent at 1.02 s, first speech back at 1.06 s.
        XCTAssertEqual(trips[0] ?? 0, 40, accuracy: 0.01)
        XCTAssertNil(trips[1], "only quiet packets came back for the second answer")
    }
}
