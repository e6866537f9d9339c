import AudioCodec
import Foundation
import JitterBuffer
import RTP
import XCTest

/// SplitMix64: a tiny seeded PRNG, so every network trace is reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// Real Opus packets (20 ms, 48 kHz mono, in-band FEC on, 10 % expected loss) from a tone.
enum OpusFixture {
    static let frameSamples = 960

    /// One 20 ms frame of a 440 Hz tone (with a slow 3 Hz tremolo, never silent), frame `index`.
    static func toneFrame(_ index: Int, amplitude: Double = 8000) -> [Int16] {
        (0..<frameSamples).map { i in
            let t = Double(index * frameSamples + i) / 48000
            let envelope = 0.75 + 0.25 * sin(2 * Double.pi * 3 * t)
            return Int16(amplitude * envelope * sin(2 * Double.pi * 440 * t))
        }
    }

    static func makeEncoder(dtx: Bool = false) throws -> OpusEncoder {
        let encoder = try OpusEncoder(sampleRate: 48000, channels: 1, application: .voip)
        try encoder.setBitrate(24000)
        try encoder.setInbandFEC(true)
        try encoder.setExpectedPacketLoss(percent: 10)
        try encoder.setSignal(.voice)
        if dtx { try encoder.setDTX(true) }
        return encoder
    }

    /// `count` payloads of the tone.
    static func tonePayloads(count: Int) throws -> [[UInt8]] {
        let encoder = try makeEncoder()
        return try (0..<count).map { try encoder.encode(pcm: toneFrame($0)) }
    }

    nonisolated(unsafe) private static var cache: [[UInt8]] = []
    /// 70 s of tone payloads, encoded once per test run.
    static func longTone() throws -> [[UInt8]] {
        if cache.isEmpty { cache = try tonePayloads(count: 3500) }
        return cache
    }
}

/// One packet and when it reaches the receiver.
struct Arrival {
    var packet: RTPPacket
    var time: ContinuousClock.Instant
}

/// Builds RTP packets for payloads and schedules them through a simulated network.
struct NetworkTrace {
    var arrivals: [Arrival] = []
    /// Packets the sender sent (including lost ones).
    var sent = 0
    /// Network delay (ms) of each delivered packet, for jitter figures.
    var networkDelaysMs: [Double] = []

    /// - Parameters:
    ///   - sendInterval: the sender's packet interval on the receiver's clock (20 ms × (1 + drift)).
    ///   - delayMs: per-packet one-way delay in ms, nil to drop the packet.
    static func make(
        payloads: [[UInt8]], start: ContinuousClock.Instant, ssrc: UInt32 = 0x1234_5678,
        firstSequence: UInt16 = 1000, firstTimestamp: UInt32 = 123_456,
        sendIntervalMs: Double = 20, delayMs: (Int) -> Double?
    ) -> NetworkTrace {
        var trace = NetworkTrace()
        for (index, payload) in payloads.enumerated() {
            trace.sent += 1
            guard let delay = delayMs(index) else { continue }
            let packet = RTPPacket(
                payloadType: 111, sequenceNumber: firstSequence &+ UInt16(truncatingIfNeeded: index),
                timestamp: firstTimestamp &+ UInt32(truncatingIfNeeded: index * 960), ssrc: ssrc, payload: payload)
            let sendMs = Double(index) * sendIntervalMs
            trace.arrivals.append(Arrival(packet: packet, time: start + .microseconds(Int64(((sendMs + delay) * 1000).rounded()))))
            trace.networkDelaysMs.append(delay)
        }
        return trace
    }

    /// Arrivals sorted by time (stable for ties).
    var ordered: [Arrival] {
        arrivals.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// p-quantile of (delay − minimum delay), ms: the jitter the buffer must absorb.
    func jitterQuantile(_ p: Double) -> Double {
        guard let minimum = networkDelaysMs.min() else { return 0 }
        return quantile(networkDelaysMs.map { $0 - minimum }, p)
    }
}

func quantile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let rank = min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))
    return sorted[rank]
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

/// What a run of a trace through a buffer produced.
struct TraceResult {
    var frames: [PlayoutFrame] = []
    /// `stats.currentDelayMs` after each pull (0 before playout starts).
    var playoutDelaysMs: [Double] = []
    var targetDelaysMs: [Double] = []
    /// Offset of each pull from the trace start, ms.
    var pullTimesMs: [Double] = []
    var stats = JitterBufferStats()
    var sent = 0
    var jitterP95Ms = 0.0

    /// Per decoded frame: how long its packet waited in the buffer, ms.
    var bufferDelaysMs: [Double] { frames.compactMap(\.bufferDelayMs) }
    var latePercent: Double { sent == 0 ? 0 : 100 * Double(stats.late) / Double(sent) }
    func count(_ kind: PlayoutFrame.Kind) -> Int { frames.filter { $0.kind == kind }.count }
}

/// Pulls every 20 ms (phase `pullPhaseMs` after the start), inserting each packet just
/// before the first pull at or after its arrival, until every packet has arrived and the
/// buffer is empty (so the figures do not include it running dry after the stream ends).
func runTrace(
    _ buffer: JitterBuffer, trace: NetworkTrace, start: ContinuousClock.Instant,
    pullPhaseMs: Double = 7, extra: [Arrival] = []
) -> TraceResult {
    var result = TraceResult()
    result.sent = trace.sent
    result.jitterP95Ms = trace.jitterQuantile(0.95)
    let arrivals = (trace.arrivals + extra).enumerated()
        .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    var next = 0
    var pullMs = pullPhaseMs
    let lastArrivalMs = arrivals.last.map { JitterBuffer.milliseconds($0.time - start) } ?? 0
    while next < arrivals.count || (buffer.bufferedPackets > 0 && pullMs < lastArrivalMs + 1000) {
        let now = start + .microseconds(Int64((pullMs * 1000).rounded()))
        while next < arrivals.count, arrivals[next].time <= now {
            buffer.insert(packet: arrivals[next].packet, arrival: arrivals[next].time)
            next += 1
        }
        let frame = buffer.pull(now: now)
        XCTAssertEqual(frame.samples.count, 960)
        result.frames.append(frame)
        result.playoutDelaysMs.append(buffer.stats.currentDelayMs)
        result.targetDelaysMs.append(buffer.stats.targetDelayMs)
        result.pullTimesMs.append(pullMs)
        pullMs += 20
    }
    result.stats = buffer.stats
    return result
}

/// Prints one row of the per-scenario figures table.
///
/// delay = time a decoded packet waited in the buffer (arrival → playout), per frame;
/// playout = `currentDelayMs` (delay behind the fastest recent packets), per pull after start.
func report(_ name: String, _ result: TraceResult) {
    let started = result.playoutDelaysMs.filter { $0 > 0 }
    let line = String(
        format: "| %-28@ | %8.1f | %7.1f | %12.1f | %7.1f | %6.3f | %4d | %4d | %3d | %3d | %3d | %6d |",
        name as NSString, mean(result.bufferDelaysMs), quantile(result.bufferDelaysMs, 0.95), mean(started),
        result.jitterP95Ms, result.latePercent, result.stats.lost, result.stats.concealedFrames,
        result.stats.fecRecoveredFrames, result.stats.expandedFrames, result.stats.acceleratedFrames, result.frames.count)
    if !reportHeaderPrinted {
        reportHeaderPrinted = true
        print("JBTABLE | scenario                     | dly mean | dly p95 | playout mean | jit p95 | late % | lost | conc | FEC | exp | acc | frames |")
    }
    print("JBTABLE " + line)
}

nonisolated(unsafe) private var reportHeaderPrinted = false
