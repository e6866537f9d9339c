/// Something a ``Pacer`` asks for one 20 ms frame per slot, e.g. a ``SpeechOutputStream``.
///
/// Every call, `nextFrame` or `skipFrame`, stands for exactly one 20 ms slot of the RTP
/// clock; the source advances its timestamp by one frame per call.
public protocol PacedFrameSource: AnyObject {
    /// The frame for the slot due at `now`, or nil to send nothing in this slot.
    func nextFrame(now: ContinuousClock.Instant) -> OutgoingFrame?
    /// The slot due at `now` is dropped (the pacer fell behind): advance exactly as
    /// `nextFrame` would, consuming the slot's audio, but without producing a packet.
    func skipFrame(now: ContinuousClock.Instant)
}
