extension ReportBlock {
    /// Round-trip time per RFC 3550 §6.4.1: `RTT = A − LSR − DLSR`, all in NTP
    /// short format (16.16 s), where A is the arrival time of this block.
    ///
    /// - Parameter arrival: the NTP time (from the caller's wall clock, the same
    ///   clock used to stamp our SRs) at which the report carrying this block arrived.
    /// - Returns: seconds, or `nil` when the block carries no LSR (no SR received yet).
    ///   A negative result (clock skew, bogus DLSR) is clamped to 0.
    public func roundTripTime(arrival: NTPTimestamp) -> Double? {
        Self.roundTripTime(arrivalMiddle32: arrival.middle32, lastSenderReport: lastSenderReport,
                           delaySinceLastSenderReport: delaySinceLastSenderReport)
    }

    /// `A − LSR − DLSR` on raw 16.16 values, in seconds; `nil` when `lastSenderReport` is 0.
    public static func roundTripTime(arrivalMiddle32: UInt32, lastSenderReport: UInt32,
                                     delaySinceLastSenderReport: UInt32) -> Double? {
        guard lastSenderReport != 0 else { return nil }
        let sinceSR = Int64(arrivalMiddle32 &- lastSenderReport)  // wraps every 65536 s
        let rtt = sinceSR - Int64(delaySinceLastSenderReport)
        return Double(max(0, rtt)) / 65536
    }
}
