/// The level of each received candidate packet as the candidate's own encoder output decodes —
/// one decoder fed every packet in arrival order, with no concealment or time-stretching in
/// between — so "the packet carrying the candidate's last audible window" (``SpeechEndLocator``)
/// is judged on what the candidate sent, as a caller judges its own answer. The jitter buffer's
/// output can differ near a boundary: after concealment Opus cross-fades into the next packet,
/// which made a silent packet after the last word audible (the server's end of speech one packet,
/// 20 ms, late in 2 of 54 turns at 20 callers). Costs one Opus decode per received packet (a
/// ``DecodedLevelProbe`` of its own, the outgoing side's twin).
/// Media event loop only.
final class ReceivedLevelProbe {
    private let probe: DecodedLevelProbe
    /// Recent packets' RTP timestamps and loudest 10 ms window (dBFS), oldest first.
    private var recent: [(timestamp: UInt32, levelDBFS: Double)] = []
    /// How many packets are remembered (the jitter buffer holds at most its maximum delay).
    let capacity: Int

    init(capacity: Int = 128) throws {
        probe = try DecodedLevelProbe()
        self.capacity = capacity
    }

    /// Decodes `payload` (the packet with RTP timestamp `timestamp`) and remembers its level.
    func received(payload: [UInt8], timestamp: UInt32) {
        guard let level = probe.loudestWindowDBFS(ofPayload: payload) else { return }
        recent.append((timestamp, level))
        if recent.count > 2 * capacity { recent.removeFirst(recent.count - capacity) }
    }

    /// The loudest window of the packet with RTP timestamp `timestamp`, if it was seen recently.
    func levelDBFS(ofPacket timestamp: UInt32) -> Double? {
        recent.last { $0.timestamp == timestamp }?.levelDBFS
    }
}
