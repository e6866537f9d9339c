/// The interviewer utterance a ``SpeechOutputStream`` is playing right now.
public struct SpeakingStatus: Sendable, Equatable {
    public var utteranceId: String
    /// When its first frame was sent.
    public var startedAt: ContinuousClock.Instant
    /// Samples (48 kHz) of it sent so far.
    public var playedSamples: Int

    public init(utteranceId: String, startedAt: ContinuousClock.Instant, playedSamples: Int) {
        self.utteranceId = utteranceId
        self.startedAt = startedAt
        self.playedSamples = playedSamples
    }
}
