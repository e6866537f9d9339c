import SpeechOutput

/// A call's outgoing speech as the pacer sees it, timing each frame it produces (Opus encode
/// happens inside ``SpeechOutputStream/nextFrame(now:)``), so the media server can report
/// encode + protect + write per frame (`parley_encode_send_seconds`). Media event loop only.
final class EncodeTimedSource: PacedFrameSource {
    let speech: SpeechOutputStream
    /// Encode times of frames produced and not yet sent, oldest first.
    private var pending: [Duration] = []

    init(_ speech: SpeechOutputStream) {
        self.speech = speech
    }

    func nextFrame(now: ContinuousClock.Instant) -> OutgoingFrame? {
        let started = ContinuousClock.now
        let frame = speech.nextFrame(now: now)
        if frame != nil {
            if pending.count >= 16 { pending.removeFirst() }  // never sent (cannot happen while registered)
            pending.append(ContinuousClock.now - started)
        }
        return frame
    }

    func skipFrame(now: ContinuousClock.Instant) {
        speech.skipFrame(now: now)
    }

    /// The encode time of the oldest frame produced and not yet sent (in the pacer's order).
    func takeEncodeTime() -> Duration {
        pending.isEmpty ? .zero : pending.removeFirst()
    }
}
