/// What was cut by ``SpeechOutputStream/cancelAll(now:)``.
///
/// **Heard-text rule.** Word *i* spans from its start sample to the next word's start
/// (the last word to the end of the utterance's audio known so far). It counts as heard
/// when at least half of that span was sent: `played − start ≥ (end − start) / 2`. Words
/// are counted in order and counting stops at the first word that fails, so the heard
/// text is always a prefix of the utterance. "Played" means *sent*: the candidate hears
/// it one network + jitter-buffer delay later, which the barge-in onset already lags by.
public struct UtteranceInterruption: Sendable, Equatable {
    public var utteranceId: String
    /// Samples (48 kHz) of the utterance sent before the cut.
    public var playedSamples: Int
    /// `playedSamples` in milliseconds.
    public var atMs: Int
    /// The heard words joined by single spaces.
    public var heardText: String
    public var heardWords: [String]
    public var at: ContinuousClock.Instant

    public init(utteranceId: String, playedSamples: Int, atMs: Int, heardText: String, heardWords: [String], at: ContinuousClock.Instant) {
        self.utteranceId = utteranceId
        self.playedSamples = playedSamples
        self.atMs = atMs
        self.heardText = heardText
        self.heardWords = heardWords
        self.at = at
    }
}

/// The result of ``SpeechOutputStream/cancelAll(now:)``.
public struct SpeechCancellation: Sendable, Equatable {
    /// The utterance that was playing, if one was.
    public var interrupted: UtteranceInterruption?
    /// Utterances queued behind it, dropped before any audio was sent.
    public var droppedUtteranceIds: [String]

    /// Every utterance whose TTS stream should now be stopped.
    public var cancelledUtteranceIds: [String] {
        (interrupted.map { [$0.utteranceId] } ?? []) + droppedUtteranceIds
    }

    public init(interrupted: UtteranceInterruption?, droppedUtteranceIds: [String]) {
        self.interrupted = interrupted
        self.droppedUtteranceIds = droppedUtteranceIds
    }
}
