/// One 20 ms frame of output from ``JitterBuffer/pull(now:)``: 960 samples of
/// 48 kHz mono 16-bit PCM and what produced them.
public struct PlayoutFrame: Sendable, Equatable {
    /// What produced a frame, from best to worst for a listener.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Decoded from received Opus packets.
        case decoded
        /// Decoded packets, with one 20 ms frame dropped (cross-faded) to shrink the delay.
        case accelerated
        /// A lost frame rebuilt from the next packet's in-band FEC (RFC 6716 §2.1.7, §4.2.4).
        case fecRecovered
        /// Packet-loss concealment (Opus PLC) for a missing or undecodable frame; fades to
        /// zero after ``JitterBuffer/Configuration/fadeAfterConcealedFrames`` frames in a row.
        case concealed
        /// A frame inserted without consuming the timeline (Opus PLC), to wait for a late
        /// packet or to grow the delay towards the target.
        case expanded
        /// Comfort silence: before playout starts, during DTX gaps (RFC 7587 §3.1.3), or
        /// while the stream is silent and nothing is buffered.
        case silence
    }

    /// 960 samples (20 ms at 48 kHz, mono).
    public var samples: [Int16]
    public var kind: Kind
    /// For decoded frames: how long the packet waited in the buffer, arrival to playout,
    /// in ms (the per-sample quantity behind W3C `jitterBufferDelay`). Nil otherwise.
    public var bufferDelayMs: Double?
    /// For each 10 ms window of ``samples`` (``windowSamples``), when the last packet that
    /// carried audio of that window arrived (the instant given to
    /// ``JitterBuffer/insert(packet:arrival:)``); nil for a window made only of
    /// concealment, expansion or silence. FEC-recovered audio counts as carried by the
    /// packet holding the FEC.
    public var windowArrivals: [ContinuousClock.Instant?]
    /// For each window of ``windowArrivals``, the RTP timestamp (as in the header) of the packet
    /// whose arrival is given there: which of the sender's packets carried it.
    public var windowRTPTimestamps: [UInt32?]

    /// Samples in one window of ``windowArrivals``: 10 ms at 48 kHz.
    public static let windowSamples = 480

    public init(samples: [Int16], kind: Kind, bufferDelayMs: Double? = nil, windowArrivals: [ContinuousClock.Instant?] = [],
                windowRTPTimestamps: [UInt32?] = []) {
        self.samples = samples
        self.kind = kind
        self.bufferDelayMs = bufferDelayMs
        self.windowArrivals = windowArrivals
        self.windowRTPTimestamps = windowRTPTimestamps
    }

    /// Root-mean-square level of the samples (0 for digital silence).
    public var rms: Double { PCMLevel.rms(samples[...]) }
}

/// Small PCM level helpers.
enum PCMLevel {
    static func rms(_ samples: ArraySlice<Int16>) -> Double {
        guard !samples.isEmpty else { return 0 }
        // An integer sum over contiguous storage: exact, and cheap even in debug builds.
        let sum = samples.withUnsafeBufferPointer { buffer -> Int64 in
            var sum: Int64 = 0
            for sample in buffer {
                let value = Int64(sample)
                sum &+= value &* value
            }
            return sum
        }
        return (Double(sum) / Double(samples.count)).squareRoot()
    }

    /// Linear RMS for a level in dBFS (full scale = 32768).
    static func rms(dBFS: Double) -> Double { 32768 * pow10(dBFS / 20) }

    private static func pow10(_ x: Double) -> Double {
        // exp(x · ln 10) without Foundation.
        var result = 1.0, term = 1.0
        let y = x * 2.302585092994046
        for n in 1...40 { term *= y / Double(n); result += term }
        return result
    }
}
