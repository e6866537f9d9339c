/// Media statistics of one call, `{"type":"mediaStats",…}` (an extension of PROTOCOL.md v1, sent
/// every few seconds while media flows): what Parley received from the caller (loss, RFC 3550 A.8
/// interarrival jitter) and the round-trip time from RTCP (RFC 3550 §6.4.1).
public struct MediaStats: Hashable, Sendable {
    public var packetsSent: Int
    public var packetsReceived: Int
    /// Packets from the caller never received (cumulative, RFC 3550 A.3).
    public var packetsLost: Int
    /// Fraction of the caller's packets lost in the last report interval, 0…1.
    public var fractionLost: Double
    /// Interarrival jitter of the caller's packets, in milliseconds.
    public var jitterMs: Double
    /// Round-trip time from the caller's RTCP receiver reports, when it sends them.
    public var rttMs: Double?
    /// Loss of Parley's stream as the caller reported it, 0…1.
    public var remoteFractionLost: Double?
    /// Largest |send time − ideal 20 ms slot| of Parley's outgoing frames since the previous
    /// `mediaStats`, in milliseconds (nil when nothing was sent).
    public var pacingJitterMaxMs: Double?

    public init(packetsSent: Int, packetsReceived: Int, packetsLost: Int, fractionLost: Double, jitterMs: Double,
                rttMs: Double? = nil, remoteFractionLost: Double? = nil, pacingJitterMaxMs: Double? = nil) {
        self.packetsSent = packetsSent
        self.packetsReceived = packetsReceived
        self.packetsLost = packetsLost
        self.fractionLost = fractionLost
        self.jitterMs = jitterMs
        self.rttMs = rttMs
        self.remoteFractionLost = remoteFractionLost
        self.pacingJitterMaxMs = pacingJitterMaxMs
    }
}
