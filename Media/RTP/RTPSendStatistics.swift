/// Send-side counters for one local SSRC, used to build a sender report
/// (RFC 3550 §6.4.1 sender info).
///
/// The SR's RTP timestamp is extrapolated from the last packet sent:
/// `lastRTPTimestamp + (now − lastSentAt) × clockRate`.
public struct RTPSendStatistics: Sendable {
    public let ssrc: UInt32
    public let clockRate: Int

    /// Packets sent (not wrapping).
    public private(set) var packetsSent: Int64 = 0
    /// Payload octets sent, headers and padding excluded (not wrapping).
    public private(set) var payloadBytesSent: Int64 = 0
    public private(set) var lastRTPTimestamp: UInt32?
    public private(set) var lastSentAt: ContinuousClock.Instant?

    public init(ssrc: UInt32, clockRate: Int) {
        self.ssrc = ssrc
        self.clockRate = max(1, clockRate)
    }

    /// Records one RTP packet sent at `now`.
    public mutating func record(rtpTimestamp: UInt32, payloadBytes: Int, at now: ContinuousClock.Instant) {
        packetsSent += 1
        payloadBytesSent += Int64(payloadBytes)
        lastRTPTimestamp = rtpTimestamp
        lastSentAt = now
    }

    /// The SR packet count field (wraps at 2^32).
    public var packetCount: UInt32 { UInt32(truncatingIfNeeded: packetsSent) }
    /// The SR octet count field (wraps at 2^32).
    public var octetCount: UInt32 { UInt32(truncatingIfNeeded: payloadBytesSent) }

    /// The RTP timestamp corresponding to `now`, or nil before the first packet.
    public func rtpTimestamp(at now: ContinuousClock.Instant) -> UInt32? {
        guard let lastRTPTimestamp, let lastSentAt else { return nil }
        let elapsed = ((now - lastSentAt).secondsDouble * Double(clockRate)).rounded()
        return lastRTPTimestamp &+ UInt32(truncatingIfNeeded: Int64(elapsed))
    }

    /// A sender report for `now`, stamped with `ntpTimestamp` (the caller's wall
    /// clock at `now`); nil before the first packet.
    public func makeSenderReport(now: ContinuousClock.Instant, ntpTimestamp: NTPTimestamp,
                                 reportBlocks: [ReportBlock] = []) -> RTCPSenderReport? {
        guard let rtpTimestamp = rtpTimestamp(at: now) else { return nil }
        return RTCPSenderReport(ssrc: ssrc, ntpTimestamp: ntpTimestamp, rtpTimestamp: rtpTimestamp,
                                packetCount: packetCount, octetCount: octetCount, reportBlocks: reportBlocks)
    }
}
