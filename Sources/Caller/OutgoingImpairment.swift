/// What an emulated network does with one outgoing media packet.
public enum PacketFate: Sendable, Equatable {
    case drop
    /// Delivered to the socket this long after the caller sent it (`.zero`: at once).
    case deliver(after: Duration)
}

/// A network emulator for a synthetic caller's outgoing RTP packets (loss, jitter, reordering
/// applied at the sender). Asked once per packet, in send order, on the caller's event loop;
/// STUN, DTLS and RTCP are never impaired, so the call still sets up and reports.
public protocol OutgoingImpairment: AnyObject, Sendable {
    func fate(ofPacketSentAt now: ContinuousClock.Instant) -> PacketFate
}
