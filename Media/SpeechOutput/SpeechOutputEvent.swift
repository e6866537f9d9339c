/// Something that happened to an utterance, drained with ``SpeechOutputStream/pollEvents()``.
public enum SpeechOutputEvent: Sendable, Equatable {
    /// The utterance's first frame was sent ("first audio out" for latency metrics).
    case utteranceStarted(id: String, at: ContinuousClock.Instant)
    /// The utterance's last audio frame was sent.
    case utteranceFinished(id: String, at: ContinuousClock.Instant)
    /// The utterance was cut while playing (barge-in or cancel): `playedSamples` (48 kHz)
    /// had been sent, `atMs` is that in milliseconds, `heardText` the words counted as
    /// heard (rule in ``UtteranceInterruption``).
    case utteranceInterrupted(id: String, playedSamples: Int, heardText: String, atMs: Int)
    /// A queued utterance was cancelled before any of it was sent.
    case utteranceDropped(id: String)
}
