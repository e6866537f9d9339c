import AudioCodec
import RTP

/// An adaptive jitter buffer for one incoming Opus stream (RFC 7587), after WebRTC NetEQ.
///
/// Sans-IO: the caller feeds packets with their arrival time through
/// ``insert(packet:arrival:)`` and pulls one 20 ms frame (960 samples of 48 kHz mono PCM)
/// every 20 ms with ``pull(now:)``. The buffer never reads a clock.
///
/// - Packets are ordered by their extended (unwrapped) RTP timestamp; 16-bit sequence and
///   32-bit timestamp wrap-around are handled, duplicates and packets whose slot has
///   already been played (late) are dropped and counted, a new SSRC resets the stream.
/// - The target delay is a high quantile (95 %) of the relative arrival delay over the
///   last 2 s plus a margin, clamped to `[minDelayMs, maxDelayMs]` (see ``DelayEstimator``).
///   It rises at once when jitter grows or a packet turns out late; it falls gently.
/// - The playout delay follows the target: it grows by inserting PLC frames (*expand*),
///   immediately, and also whenever the buffer runs dry while audio is playing, so a
///   delayed burst is waited for rather than thrown away; it shrinks by dropping a 20 ms
///   frame with a cross-fade (*accelerate*), freely in silence and otherwise at most once
///   per ``Configuration/accelerateIntervalMs``. This also absorbs clock drift.
/// - A missing frame is rebuilt from the next packet's in-band FEC when that packet is
///   buffered and carries FEC, otherwise concealed with Opus PLC; long concealment fades
///   to silence. A timestamp gap without a sequence gap is Opus DTX (RFC 7587 §3.1.3):
///   comfort silence, not loss.
///
/// Thread safety: a per-stream state machine; use it from one thread at a time.
public final class JitterBuffer {
    /// Output sample rate (Hz) — also the Opus RTP clock rate (RFC 7587 §4.1).
    public static let sampleRate = 48_000
    /// Samples in every frame ``pull(now:)`` returns: 20 ms at 48 kHz, mono.
    public static let frameSamples = 960
    static let frameMs = 20.0
    static let samplesPerMs = 48.0

    /// What ``insert(packet:arrival:)`` did with a packet.
    public enum InsertOutcome: Sendable, Equatable {
        /// Held for playout, in order.
        case buffered
        /// Held for playout; it arrived after a packet with a higher sequence number.
        case reordered
        /// Dropped: a copy was already buffered or played.
        case duplicate
        /// Dropped: its slot has already been played (or concealed).
        case late
        /// Dropped: from a replaced SSRC, an implausible timestamp jump, or buffer overflow.
        case discarded
    }

    public let configuration: Configuration
    /// Counters and delay figures, updated by every insert and pull.
    public internal(set) var stats = JitterBufferStats()

    let decoder: OpusDecoder
    let silenceRMS: Double

    // MARK: Stream state (reset on SSRC change)
    var ssrc: UInt32?
    var retiredSSRCs: [UInt32] = []
    var sequenceUnwrapper = RTPUnwrapper(bits: 16)
    var timestampUnwrapper = RTPUnwrapper(bits: 32)
    /// Arrival instant and extended timestamp of the stream's first packet.
    var anchor: (instant: ContinuousClock.Instant, timestamp: Int64)?
    var estimator: DelayEstimator
    var buffer = PacketBuffer()
    var recentlyPlayed = RecentSequences()
    var wayOffStreak = 0

    // MARK: Playout state
    var started = false
    /// Extended timestamp of the first timeline sample not yet decoded into `queue`.
    var nextTimestamp: Int64 = 0
    /// Extended sequence number of the last packet played.
    var lastSequence: Int64?
    /// Produced but not yet output audio.
    var queue = OutputQueue()
    var lastDecodedWasDTX = false
    var lastDecodedSilent = false
    /// In comfort silence after DTX or a silent underrun.
    var inSilence = false
    var consecutiveConcealed = 0
    var underrunExpansions = 0
    var lastAccelerateMs: Double?
    var lastExpandMs: Double?

    /// Creates a buffer with its own Opus decoder (48 kHz mono).
    /// - Throws: ``OpusError`` if libopus cannot create the decoder.
    public init(configuration: Configuration = Configuration()) throws {
        let configuration = configuration.sanitized
        self.configuration = configuration
        self.decoder = try OpusDecoder(sampleRate: Self.sampleRate, channels: 1)
        self.silenceRMS = PCMLevel.rms(dBFS: configuration.silenceThresholdDBFS)
        self.estimator = DelayEstimator(configuration: configuration)
        stats.targetDelayMs = estimator.targetMs
    }

    /// Packets held and not yet played.
    public var bufferedPackets: Int { buffer.count }

    // MARK: Time helpers

    public static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    func streamMs(_ instant: ContinuousClock.Instant) -> Double? {
        anchor.map { Self.milliseconds(instant - $0.instant) }
    }

    /// Milliseconds of media time from the anchor to `timestamp`.
    func mediaMs(_ timestamp: Int64) -> Double {
        Double(timestamp - (anchor?.timestamp ?? 0)) / Self.samplesPerMs
    }

    /// Extended timestamp of the next sample to be output.
    var playTimestamp: Int64 { nextTimestamp - Int64(queue.timelineSamples) }

    /// How long after its fastest-possible arrival the next output sample is played, ms.
    func playoutDelayMs(nowMs: Double) -> Double {
        nowMs - mediaMs(playTimestamp) - (estimator.referenceMs ?? 0)
    }

    // MARK: Reset

    /// Forgets the stream (buffer, timeline, decoder history, delay statistics) but keeps
    /// the counters and the current target as the starting target.
    func resetStream(ssrc newSSRC: UInt32?) {
        stats.discarded += buffer.count
        stats.resets += 1
        if let old = ssrc, old != newSSRC {
            retiredSSRCs.append(old)
            if retiredSSRCs.count > 4 { retiredSSRCs.removeFirst() }
        }
        ssrc = newSSRC
        sequenceUnwrapper.reset()
        timestampUnwrapper.reset()
        anchor = nil
        estimator = DelayEstimator(configuration: configuration, initialTargetMs: estimator.targetMs)
        buffer.removeAll()
        recentlyPlayed = RecentSequences()
        wayOffStreak = 0
        started = false
        nextTimestamp = 0
        lastSequence = nil
        queue = OutputQueue()
        lastDecodedWasDTX = false
        lastDecodedSilent = false
        inSilence = false
        consecutiveConcealed = 0
        underrunExpansions = 0
        lastAccelerateMs = nil
        lastExpandMs = nil
        try? decoder.reset()
    }
}

/// Extended sequence numbers of recently played packets, to tell duplicates from late packets.
struct RecentSequences: Sendable {
    private var members: Set<Int64> = []
    private var order: [Int64] = []
    private var start = 0
    private let capacity = 256

    func contains(_ sequence: Int64) -> Bool { members.contains(sequence) }

    mutating func insert(_ sequence: Int64) {
        guard members.insert(sequence).inserted else { return }
        order.append(sequence)
        if order.count - start > capacity {
            members.remove(order[start])
            start += 1
            if start > 1024 { order.removeFirst(start); start = 0 }
        }
    }
}
