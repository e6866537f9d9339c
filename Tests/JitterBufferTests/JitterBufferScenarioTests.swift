import AudioCodec
import Foundation
@testable import JitterBuffer
import RTP
import XCTest

/// Deterministic network traces (seeded PRNG, fabricated time) through the buffer.
/// Each scenario prints one `JBTABLE` row:
/// - dly mean / dly p95: time each decoded packet waited in the buffer, arrival → playout (ms);
/// - playout mean: mean `currentDelayMs` after start (delay behind the fastest recent packets);
/// - jit p95: 95th percentile of (network delay − minimum network delay) over the trace;
/// - late %: packets dropped as late / packets sent.
final class JitterBufferScenarioTests: XCTestCase {
    let start = ContinuousClock.now

    func testInOrderWithoutJitterSettlesAtMinimumDelay() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(500))
        let trace = NetworkTrace.make(payloads: payloads, start: start) { _ in 40 }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("in order, no jitter", result)

        XCTAssertEqual(result.stats.concealedFrames, 0)
        XCTAssertEqual(result.stats.expandedFrames, 0)
        XCTAssertEqual(result.stats.lost, 0)
        XCTAssertEqual(result.stats.late, 0)
        let settled = Array(result.playoutDelaysMs.dropFirst(50))
        XCTAssertLessThanOrEqual(settled.max() ?? .infinity, 40)
        XCTAssertLessThanOrEqual(result.bufferDelaysMs.max() ?? .infinity, 40)
        XCTAssertLessThanOrEqual(result.stats.targetDelayMs, 20)
        // Everything after the start is decoded audio.
        let firstDecoded = try XCTUnwrap(result.frames.firstIndex { $0.kind == PlayoutFrame.Kind.decoded })
        XCTAssertLessThanOrEqual(firstDecoded, 4)
        XCTAssertTrue(result.frames[firstDecoded..<(firstDecoded + 490)].allSatisfy { $0.kind == .decoded })
    }

    /// 5 % random loss and 30 ms uniform jitter over 60 s.
    func testLossAndUniformJitterMeetTargets() throws {
        try lossAndJitter(name: "5% loss, 30 ms uniform jitter", seed: 7) { rng in 40 + 30 * rng.unit() }
    }

    /// Same with a bell-shaped (sum of three uniforms, 0–45 ms) jitter.
    func testLossAndBellShapedJitterMeetTargets() throws {
        try lossAndJitter(name: "5% loss, 0-45 ms bell jitter", seed: 11) { rng in 40 + 15 * (rng.unit() + rng.unit() + rng.unit()) }
    }

    private func lossAndJitter(name: String, seed: UInt64, delay: (inout SeededGenerator) -> Double) throws {
        let payloads = Array(try OpusFixture.longTone().prefix(3000))  // 60 s
        var rng = SeededGenerator(seed: seed)
        let trace = NetworkTrace.make(payloads: payloads, start: start) { _ in
            let lost = rng.unit() < 0.05
            let d = delay(&rng)
            return lost ? nil : d
        }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report(name, result)

        let lateShare = Double(result.stats.late) / Double(trace.sent)
        XCTAssertLessThanOrEqual(lateShare, 0.01, "frames lost to lateness")
        XCTAssertLessThanOrEqual(result.stats.meanBufferDelayMs, 1.5 * result.jitterP95Ms,
                                 "mean buffer delay \(result.stats.meanBufferDelayMs) vs p95 jitter \(result.jitterP95Ms)")
        XCTAssertGreaterThan(result.stats.fecRecoveredFrames, 0)
        // Every lost packet was either FEC-recovered or concealed.
        XCTAssertGreaterThanOrEqual(result.stats.fecRecoveredFrames + result.stats.concealedFrames, result.stats.lost)
        XCTAssertLessThanOrEqual(result.stats.lost, trace.sent - trace.arrivals.count + result.stats.late)
    }

    func testAdjacentSwapsAreReorderedWithoutLoss() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(500))
        // Every 7th pair is swapped: packet i arrives just after packet i + 1.
        let trace = NetworkTrace.make(payloads: payloads, start: start) { i in
            i % 7 == 3 ? 40 + 20.5 : 40
        }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("adjacent swaps", result)
        XCTAssertEqual(result.stats.reordered, 500 / 7 + (500 % 7 > 3 ? 1 : 0))
        XCTAssertEqual(result.stats.lost, 0)
        XCTAssertEqual(result.stats.late, 0)
        XCTAssertEqual(result.stats.concealedFrames, 0)
        XCTAssertEqual(result.stats.decodedPackets, 500)
    }

    /// A 200 ms network stall at t = 5 s: everything sent during it arrives at its end.
    func testDelaySpikeGrowsFastAndShrinksGently() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(1000))  // 20 s
        var rng = SeededGenerator(seed: 3)
        let trace = NetworkTrace.make(payloads: payloads, start: start) { i in
            let sendMs = Double(i) * 20
            let jitter = 5 * rng.unit()
            if sendMs >= 5000, sendMs < 5200 { return 40 + (5200 - sendMs) + jitter }
            return 40 + jitter
        }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("200 ms delay spike", result)

        func index(atMs ms: Double) -> Int { result.pullTimesMs.firstIndex { $0 >= ms } ?? 0 }
        let before = result.playoutDelaysMs[index(atMs: 4900)]
        let targetBefore = result.targetDelaysMs[index(atMs: 4900)]
        // Grows quickly: by 100 ms after the burst lands the target covers most of the spike.
        let targetAfter = result.targetDelaysMs[index(atMs: 5350)]
        XCTAssertGreaterThanOrEqual(targetAfter, 150, "target right after the spike")
        XCTAssertLessThanOrEqual(result.stats.late, 2, "the stall is waited for, not dropped")
        // Shrinks gently: back near the old delay within a few seconds, never faster than
        // one non-silent frame per accelerate interval.
        let recoveredAt = (index(atMs: 5400)..<result.playoutDelaysMs.count).first { result.playoutDelaysMs[$0] <= before + 25 }
        let recoveryMs = try result.pullTimesMs[XCTUnwrap(recoveredAt)] - 5240
        print("JBSPIKE target before \(targetBefore) after \(targetAfter), playout before \(before), back within 25 ms after \(recoveryMs) ms")
        XCTAssertLessThanOrEqual(recoveryMs, 8000)
        XCTAssertGreaterThanOrEqual(recoveryMs, 2000, "shrinking should be gentle")
        XCTAssertLessThanOrEqual(result.targetDelaysMs.last ?? .infinity, targetBefore + 10)
    }

    func testSingleLostPacketIsRecoveredFromFEC() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(150))
        // Lose a packet whose successor carries LBRR data.
        let lostIndex = try XCTUnwrap((60..<140).first { hasFEC(payloads[$0 + 1]) })
        let trace = NetworkTrace.make(payloads: payloads, start: start) { $0 == lostIndex ? nil : 40 }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("one loss, FEC", result)
        XCTAssertEqual(result.stats.fecRecoveredFrames, 1)
        XCTAssertEqual(result.stats.concealedFrames, 0)
        XCTAssertEqual(result.stats.lost, 1)
        let recovered = try XCTUnwrap(result.frames.first { $0.kind == .fecRecovered })
        XCTAssertGreaterThan(recovered.rms, 1000, "the recovered frame carries the tone")
    }

    func testLossWithoutFECIsConcealedAndFadesOut() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(150))
        // A 12-packet hole: PLC, fading to zeros after 5 frames.
        let trace = NetworkTrace.make(payloads: payloads, start: start) { (60..<72).contains($0) ? nil : 40 }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("12-packet hole", result)
        XCTAssertEqual(result.stats.lost, 12)
        XCTAssertEqual(result.stats.concealedFrames + result.stats.fecRecoveredFrames + result.stats.expandedFrames >= 12, true)
        let concealed = result.frames.filter { $0.kind == .concealed || $0.kind == .expanded }
        XCTAssertGreaterThan(concealed.first?.rms ?? 0, 100, "PLC continues the tone at first")
        XCTAssertEqual(concealed.last?.rms, 0, "long concealment fades to silence")
    }

    func testClockDriftKeepsDelayBounded() throws {
        for drift in [0.001, -0.001] {
            let payloads = Array(try OpusFixture.longTone().prefix(3000))
            var rng = SeededGenerator(seed: 5)
            // Sender clock fast (drift > 0: packets come more often) or slow.
            let trace = NetworkTrace.make(payloads: payloads, start: start, sendIntervalMs: 20 / (1 + drift)) { _ in 40 + 10 * rng.unit() }
            let buffer = try JitterBuffer()
            let result = runTrace(buffer, trace: trace, start: start)
            report(String(format: "clock drift %+.1f%%", drift * 100), result)
            let lastHalf = result.playoutDelaysMs.suffix(1500)
            XCTAssertLessThanOrEqual(lastHalf.max() ?? .infinity, 80, "drift \(drift)")
            XCTAssertGreaterThanOrEqual(lastHalf.min() ?? 0, 10, "drift \(drift)")
            XCTAssertLessThanOrEqual(result.stats.late, 10)
            if drift > 0 { XCTAssertGreaterThan(result.stats.acceleratedFrames, 0) } else { XCTAssertGreaterThan(result.stats.expandedFrames, 0) }
        }
    }

    func testTimestampAndSequenceWrap() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(500))
        var rng = SeededGenerator(seed: 9)
        let trace = NetworkTrace.make(payloads: payloads, start: start, firstSequence: 65_500,
                                      firstTimestamp: UInt32.max - 960 * 30 + 1) { _ in 40 + 15 * rng.unit() }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("seq + timestamp wrap", result)
        XCTAssertEqual(result.stats.lost, 0)
        XCTAssertEqual(result.stats.late, 0)
        XCTAssertEqual(result.stats.concealedFrames, 0)
        XCTAssertEqual(result.stats.decodedPackets, 500)
        XCTAssertEqual(result.stats.resets, 0)
    }

    func testSSRCChangeResetsCleanly() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(500))
        var first = NetworkTrace.make(payloads: Array(payloads.prefix(250)), start: start, ssrc: 0xAAAA) { _ in 40 }
        let second = NetworkTrace.make(payloads: Array(payloads.suffix(250)), start: start + .milliseconds(5000),
                                       ssrc: 0xBBBB, firstSequence: 7, firstTimestamp: 99) { _ in 40 }
        // A straggler from the old SSRC after the switch.
        var straggler = first.arrivals[200]
        straggler.time = start + .milliseconds(6000)
        first.sent += second.sent
        first.arrivals += second.arrivals
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: first, start: start, extra: [straggler])
        report("SSRC change", result)
        XCTAssertEqual(result.stats.resets, 1)
        XCTAssertEqual(result.stats.lost, 0)
        XCTAssertEqual(result.stats.concealedFrames, 0)
        XCTAssertEqual(result.stats.late, 0)
        XCTAssertGreaterThanOrEqual(result.stats.discarded, 1, "the straggler")
        // Playout resumes within 100 ms of the new stream's first packet.
        let switchIndex = result.pullTimesMs.firstIndex { $0 >= 5040 } ?? 0
        let resumed = try XCTUnwrap(result.frames[switchIndex...].firstIndex { $0.kind == PlayoutFrame.Kind.decoded })
        XCTAssertLessThanOrEqual(resumed - switchIndex, 5)
        XCTAssertTrue(result.frames[(resumed)..<(resumed + 240)].allSatisfy { $0.kind == .decoded })
    }

    func testDuplicatesAreDropped() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(300))
        var trace = NetworkTrace.make(payloads: payloads, start: start) { _ in 40 }
        // Every 5th packet twice more: 3 ms later (still buffered) and 300 ms later (played).
        var copies: [Arrival] = []
        for arrival in trace.arrivals.enumerated() where arrival.offset % 5 == 0 {
            copies.append(Arrival(packet: arrival.element.packet, time: arrival.element.time + .milliseconds(3)))
            copies.append(Arrival(packet: arrival.element.packet, time: arrival.element.time + .milliseconds(300)))
        }
        trace.arrivals += copies
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("duplicates", result)
        XCTAssertEqual(result.stats.duplicates, copies.count)
        XCTAssertEqual(result.stats.late, 0)
        XCTAssertEqual(result.stats.lost, 0)
        XCTAssertEqual(result.stats.decodedPackets, 300)
    }

    func testLatePacketIsDroppedAndRaisesTargetAtOnce() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(400))
        let trace = NetworkTrace.make(payloads: payloads, start: start) { $0 == 100 ? 40 + 150 : 40 }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("one packet 150 ms late", result)
        XCTAssertEqual(result.stats.late, 1)
        XCTAssertEqual(result.stats.lost, 1)
        let arrivalIndex = result.pullTimesMs.firstIndex { $0 >= 2000 + 190 } ?? 0
        XCTAssertLessThan(result.targetDelaysMs[arrivalIndex - 1], 30)
        XCTAssertGreaterThanOrEqual(result.targetDelaysMs[arrivalIndex], 150, "raised at once")
        XCTAssertLessThan(result.targetDelaysMs.last ?? .infinity, 30, "and decays again")
        // Growth interleaves inserted frames with real audio (no run of PLC that fades out).
        let kinds = result.frames.map(\.kind)
        XCTAssertFalse(zip(kinds, kinds.dropFirst()).contains { $0 == .expanded && $1 == .expanded })
    }

    /// After a 200 ms stall the audio turns silent: silent frames may be dropped at every
    /// pull, while tonal audio loses at most one frame per 500 ms. With a target that falls
    /// fast (decay 1000 ms/s, so the 2 s window is what holds it up), the silent run gets
    /// back to a low delay much sooner than the tonal one.
    func testDelayShrinksFasterInSilence() throws {
        let encoder = try OpusFixture.makeEncoder()
        let silentAfterSpike = try (0..<500).map { frame in
            try encoder.encode(pcm: frame < 262 ? OpusFixture.toneFrame(frame) : [Int16](repeating: 0, count: 960))
        }
        let tone = Array(try OpusFixture.longTone().prefix(500))
        var configuration = JitterBuffer.Configuration()
        configuration.targetDecayMsPerSecond = 1000
        var recoveries: [Double] = []
        for (name, payloads) in [("200 ms spike, then silence", silentAfterSpike), ("200 ms spike, tone, fast decay", tone)] {
            let trace = NetworkTrace.make(payloads: payloads, start: start) { i in
                let sendMs = Double(i) * 20
                return sendMs >= 5000 && sendMs < 5200 ? 40 + (5200 - sendMs) : 40
            }
            let result = runTrace(try JitterBuffer(configuration: configuration), trace: trace, start: start)
            report(name, result)
            XCTAssertGreaterThanOrEqual(result.playoutDelaysMs.max() ?? 0, 200)
            let from = result.pullTimesMs.firstIndex { $0 >= 5400 } ?? 0
            let recoveredAt = try XCTUnwrap((from..<result.frames.count).first { result.playoutDelaysMs[$0] <= 40 }, name)
            recoveries.append(result.pullTimesMs[recoveredAt] - 5240)
        }
        print("JBSILENCE back to ≤ 40 ms after the spike: silence \(recoveries[0]) ms, tone \(recoveries[1]) ms")
        XCTAssertLessThanOrEqual(recoveries[0], 3000)
        XCTAssertLessThan(recoveries[0] + 1500, recoveries[1])
    }

    func testPacketLaterThanMaximumDelayIsDroppedWithoutRaisingTarget() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(300))
        let trace = NetworkTrace.make(payloads: payloads, start: start) { $0 == 100 ? 40 + 600 : 40 }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("one packet 600 ms late", result)
        XCTAssertEqual(result.stats.late, 1)
        XCTAssertEqual(result.stats.lost, 1)
        XCTAssertLessThanOrEqual(result.targetDelaysMs.max() ?? .infinity, 20, "an outlier beyond the maximum is not chased")
    }

    func testDTXGapIsSilenceNotLoss() throws {
        // 2 s tone, 2 s digital silence (DTX), 2 s tone. Like WebRTC, the sender does not
        // transmit the 1-byte DTX packets, so sequence numbers stay contiguous while the
        // timestamps jump.
        let encoder = try OpusFixture.makeEncoder(dtx: true)
        var payloadsByFrame: [(frame: Int, payload: [UInt8])] = []
        for frame in 0..<300 {
            let pcm = (100..<200).contains(frame) ? [Int16](repeating: 0, count: 960) : OpusFixture.toneFrame(frame)
            let payload = try encoder.encode(pcm: pcm)
            if payload.count > 2 { payloadsByFrame.append((frame, payload)) }
        }
        XCTAssertLessThan(payloadsByFrame.count, 290, "DTX suppressed packets")
        var trace = NetworkTrace()
        for (index, item) in payloadsByFrame.enumerated() {
            let packet = RTPPacket(payloadType: 111, sequenceNumber: UInt16(index), timestamp: UInt32(item.frame * 960), ssrc: 1, payload: item.payload)
            trace.arrivals.append(Arrival(packet: packet, time: start + .milliseconds(item.frame * 20 + 40)))
            trace.sent += 1
            trace.networkDelaysMs.append(40)
        }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("DTX gap", result)
        XCTAssertEqual(result.stats.lost, 0)
        XCTAssertEqual(result.stats.concealedFrames, 0)
        XCTAssertEqual(result.stats.late, 0)
        let gap = result.frames[(result.pullTimesMs.firstIndex { $0 >= 2400 } ?? 0)..<(result.pullTimesMs.firstIndex { $0 >= 3900 } ?? 0)]
        XCTAssertTrue(gap.allSatisfy { $0.rms < 50 }, "the gap is silent")
        XCTAssertGreaterThan(gap.filter { $0.kind == .silence }.count, gap.count / 2)
        let tail = result.frames[(result.pullTimesMs.firstIndex { $0 >= 4300 } ?? 0)...].prefix(50)
        XCTAssertTrue(tail.allSatisfy { $0.kind == .decoded || $0.kind == .accelerated }, "the tone resumes decoded")
    }

    /// After DTX the next talkspurt arrives 30 ms later than the last one did (say, a
    /// route change): the buffer rewinds over the silence instead of dropping its start.
    func testLateTalkspurtStartAfterDTXIsNotDropped() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(200))
        // Frames 50..<100 are a DTX gap (not sent); sequence numbers stay contiguous.
        var trace = NetworkTrace()
        var sequence: UInt16 = 0
        for frame in 0..<200 where !(50..<100).contains(frame) {
            let packet = RTPPacket(payloadType: 111, sequenceNumber: sequence, timestamp: UInt32(frame * 960), ssrc: 1, payload: payloads[frame])
            sequence &+= 1
            let delay = frame >= 100 ? 40.0 + 30 : 40
            trace.arrivals.append(Arrival(packet: packet, time: start + .microseconds(Int64((Double(frame * 20) + delay) * 1000))))
            trace.sent += 1
            trace.networkDelaysMs.append(delay)
        }
        // The silence before the gap: make the last frame before it silent so the buffer is in DTX.
        let encoder = try OpusFixture.makeEncoder()
        let silent = try encoder.encode(pcm: [Int16](repeating: 0, count: 960))
        trace.arrivals[49].packet.payload = [silent[0]]  // a 1-byte DTX packet (TOC only)
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("late talkspurt after DTX", result)
        XCTAssertEqual(result.stats.late, 0)
        XCTAssertEqual(result.stats.lost, 0)
        XCTAssertEqual(result.stats.decodedPackets, 150)
        XCTAssertEqual(result.stats.fecRecoveredFrames + result.stats.concealedFrames, 0)
        // The talkspurt plays out from its first frame (a frame or two of growth when the
        // pre-DTX arrivals leave the delay window and the reference moves up).
        XCTAssertLessThanOrEqual(result.frames.suffix(100).filter { $0.kind != .decoded }.count, 2)
    }

    /// The timestamp jumps by ten minutes within one SSRC (a sender restart): the buffer
    /// resynchronises instead of waiting or chasing the delay.
    func testTimestampJumpResynchronises() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(300))
        var trace = NetworkTrace.make(payloads: payloads, start: start) { _ in 40 }
        for index in 150..<300 {
            trace.arrivals[index].packet.timestamp &+= 48_000 * 600
        }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("timestamp jump (restart)", result)
        XCTAssertEqual(result.stats.resets, 1)
        XCTAssertEqual(result.stats.discarded, 1, "the first packet after the jump is held back")
        let jumpIndex = result.pullTimesMs.firstIndex { $0 >= 3040 } ?? 0
        XCTAssertTrue(result.frames[(jumpIndex + 5)..<(jumpIndex + 140)].allSatisfy { $0.kind == .decoded })
        XCTAssertLessThanOrEqual(result.playoutDelaysMs.suffix(100).max() ?? .infinity, 40)
    }

    /// Smaller jumps too: +3 s forward and −30 s backward within one SSRC, sequence
    /// numbers contiguous (a 3 s forward jump would otherwise look like a DTX gap).
    func testSmallTimestampJumpsResynchronise() throws {
        for (name, jump) in [("timestamp +3 s", Int64(48_000 * 3)), ("timestamp -30 s", Int64(-48_000 * 30))] {
            let payloads = Array(try OpusFixture.longTone().prefix(300))
            var trace = NetworkTrace.make(payloads: payloads, start: start) { _ in 40 }
            for index in 150..<300 {
                trace.arrivals[index].packet.timestamp = UInt32(truncatingIfNeeded: Int64(trace.arrivals[index].packet.timestamp) + jump)
            }
            let buffer = try JitterBuffer()
            let result = runTrace(buffer, trace: trace, start: start)
            report(name, result)
            XCTAssertEqual(result.stats.resets, 1, name)
            XCTAssertEqual(result.stats.late, 0, name)
            let jumpIndex = result.pullTimesMs.firstIndex { $0 >= 3040 } ?? 0
            XCTAssertTrue(result.frames[(jumpIndex + 5)...].allSatisfy { $0.kind == .decoded }, name)
            XCTAssertLessThanOrEqual(result.playoutDelaysMs[(jumpIndex + 5)...].max() ?? .infinity, 40, name)
            XCTAssertLessThanOrEqual(result.stats.targetDelayMs, 20, name)
        }
    }

    /// The path gets 360 ms faster mid-call while jitter keeps the target near 90 ms.
    /// Measured against the new fastest packets the delay would exceed the maximum: the
    /// buffer cuts back at once (skipping frames) so the delay stays bounded; the packets
    /// still in flight on the old path then look 360 ms late and hold the target up for a
    /// while, after which it settles again.
    func testDelayAboveMaximumIsCutBack() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(1000))
        var rng = SeededGenerator(seed: 21)
        let trace = NetworkTrace.make(payloads: payloads, start: start) { i in (i < 250 ? 400 : 40) + 80 * rng.unit() }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("path 360 ms faster", result)
        let afterCut = result.playoutDelaysMs[(result.pullTimesMs.firstIndex { $0 >= 5300 } ?? 0)...]
        XCTAssertLessThanOrEqual(afterCut.max() ?? .infinity, 420)
        XCTAssertGreaterThanOrEqual(result.stats.acceleratedFrames, 10)
        // An accelerated frame cross-fades two packets of a steady tone: its first window counts
        // as the earlier packet's, its second as the next one's (each contributes most there).
        for frame in result.frames where frame.kind == .accelerated {
            let stamps = frame.windowRTPTimestamps.compactMap { $0 }
            XCTAssertEqual(stamps.count, 2)
            if stamps.count == 2 { XCTAssertEqual(stamps[1] &- stamps[0], 960) }
        }
        XCTAssertLessThanOrEqual(result.stats.late, 25)
        let settled = result.playoutDelaysMs[(result.pullTimesMs.firstIndex { $0 >= 17_000 } ?? 0)...]
        XCTAssertLessThanOrEqual(settled.max() ?? .infinity, result.stats.targetDelayMs + 45)
        XCTAssertLessThanOrEqual(result.stats.targetDelayMs, 120)
        XCTAssertEqual(result.stats.resets, 0)
    }

    /// One second without packets (network outage): the playout waits up to the maximum,
    /// then conceals; once packets flow again the delay returns to normal quickly.
    func testOutageRecovers() throws {
        let payloads = Array(try OpusFixture.longTone().prefix(400))
        let trace = NetworkTrace.make(payloads: payloads, start: start) { (150..<200).contains($0) ? nil : 40 }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("1 s outage", result)
        XCTAssertEqual(result.stats.lost, 50)
        XCTAssertEqual(result.stats.late, 0)
        let resumeIndex = result.pullTimesMs.firstIndex { $0 >= 4040 + 500 } ?? 0
        XCTAssertLessThanOrEqual(result.playoutDelaysMs[resumeIndex...].max() ?? .infinity, 60)
        XCTAssertTrue(result.frames[resumeIndex...].allSatisfy { $0.kind == .decoded || $0.kind == .accelerated })
    }

    func testMalformedAndEmptyPayloadsAreConcealed() throws {
        var payloads = Array(try OpusFixture.longTone().prefix(200))
        payloads[50] = []
        payloads[80] = [0xFF, 0xFF]  // code 3, zero frames: invalid
        payloads[120] = [0x0B]  // code 3 without its count byte
        let trace = NetworkTrace.make(payloads: payloads, start: start) { _ in 40 }
        let buffer = try JitterBuffer()
        let result = runTrace(buffer, trace: trace, start: start)
        report("malformed payloads", result)
        XCTAssertEqual(result.stats.lost, 3)
        XCTAssertEqual(result.stats.concealedFrames, 3)
        XCTAssertEqual(result.stats.late, 0)
        XCTAssertEqual(result.stats.decodedPackets, 197)
    }

    private func hasFEC(_ payload: [UInt8]) -> Bool { OpusFECProbe.hasInBandFEC(payload) }
}
