/// A snapshot of one RTP session's counters, as kept by `RTCPReporter`.
///
/// "Received" figures sum over every remote SSRC; jitter is the largest.
/// The `remote…` figures are what the peer reported about our stream in its
/// latest report block (nil until one arrives).
public struct RTCPSessionStats: Equatable, Hashable, Sendable {
    public var packetsSent: Int64 = 0
    /// Payload bytes sent.
    public var bytesSent: Int64 = 0
    public var packetsReceived: Int64 = 0
    /// Payload bytes received.
    public var bytesReceived: Int64 = 0
    /// Cumulative packets lost on the receive side (expected − received).
    public var packetsLost: Int64 = 0
    /// Receive-side fraction lost over the last reporting interval, 0...1.
    public var fractionLost: Double = 0
    /// Receive-side interarrival jitter in milliseconds.
    public var jitterMs: Double = 0
    public var duplicatePackets: Int64 = 0
    public var reorderedPackets: Int64 = 0
    /// Latest round-trip time from a report block about our SSRC (RFC 3550 §6.4.1), in ms.
    public var rttMs: Double?
    /// Generic NACK packets received, and the sequence numbers they asked for.
    public var nacksReceived: Int = 0
    public var nackedPacketsReceived: Int = 0
    public var plisReceived: Int = 0
    public var firsReceived: Int = 0
    public var reportsSent: Int = 0
    /// SR and RR packets received.
    public var reportsReceived: Int = 0
    /// The peer's view of our stream: cumulative lost, fraction lost (0...1), jitter in ms.
    public var remotePacketsLost: Int64?
    public var remoteFractionLost: Double?
    public var remoteJitterMs: Double?

    public init() {}
}
