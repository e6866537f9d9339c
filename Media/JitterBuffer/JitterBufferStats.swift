/// Counters and delay figures of a ``JitterBuffer`` (cumulative across SSRC changes).
///
/// Frame counts are 20 ms output frames; packet counts are RTP packets.
public struct JitterBufferStats: Sendable, Equatable {
    /// Playout delay at the last pull, ms: how long after its arrival a packet that came
    /// with the smallest recent network delay is played. Compared against the target.
    public var currentDelayMs: Double = 0
    /// The delay the buffer steers towards, ms.
    public var targetDelayMs: Double = 0
    /// Audio held ahead of the playout point at the last pull (buffered packets up to the
    /// newest one), ms.
    public var bufferedMs: Double = 0
    /// RTP packets handed to ``JitterBuffer/insert(packet:arrival:)``.
    public var packetsReceived = 0
    /// Packets dropped because their slot had already been played.
    public var late = 0
    /// Packets never played: sequence numbers skipped at playout (this includes packets
    /// that later arrived late) plus packets whose payload could not be decoded.
    public var lost = 0
    /// Packets dropped as duplicates of a buffered or already played packet.
    public var duplicates = 0
    /// Packets that arrived after a packet with a higher sequence number.
    public var reordered = 0
    /// Packets dropped for other reasons: from a replaced SSRC, buffer overflow, or skipped
    /// when the delay far exceeded the maximum.
    public var discarded = 0
    /// Output frames of decoded audio (kinds `decoded` and `accelerated`).
    public var decodedFrames = 0
    /// Packets decoded and played.
    public var decodedPackets = 0
    /// Frames filled by Opus PLC for a lost or undecodable packet (timeline advanced).
    public var concealedFrames = 0
    /// Lost frames rebuilt from the next packet's in-band FEC.
    public var fecRecoveredFrames = 0
    /// Frames inserted without consuming the timeline (delay grew by 20 ms each). A frame
    /// played while waiting for a packet that then turns out lost is moved to
    /// ``concealedFrames`` (it stood in for the lost frame).
    public var expandedFrames = 0
    /// 20 ms frames skipped to shrink the delay (delay fell by 20 ms each).
    public var acceleratedFrames = 0
    /// Frames of comfort silence (before start, DTX gaps, silent underruns).
    public var silenceFrames = 0
    /// Times the stream was reset (SSRC change or timestamp/sequence discontinuity).
    public var resets = 0
    /// Sum over decoded packets of the time each waited (arrival → start of playout), ms.
    public var totalBufferDelayMs: Double = 0

    public init() {}

    /// Mean time a decoded packet waited in the buffer, ms (W3C
    /// `jitterBufferDelay / jitterBufferEmittedCount`, per packet).
    public var meanBufferDelayMs: Double {
        decodedPackets == 0 ? 0 : totalBufferDelayMs / Double(decodedPackets)
    }
}
