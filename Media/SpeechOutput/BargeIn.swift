/// A confirmed barge-in: the candidate spoke over the interviewer, whose audio stopped.
/// Carries what the `bargeIn` signalling message needs (PROTOCOL.md).
public struct BargeIn: Sendable, Equatable {
    /// The interviewer utterance that was cut.
    public var utteranceId: String
    /// Words of it counted as heard (rule in ``UtteranceInterruption``), space-joined.
    public var heardText: String
    public var heardWords: [String]
    /// Milliseconds of the utterance sent before the cut.
    public var atMs: Int
    /// Samples (48 kHz) of the utterance sent before the cut.
    public var playedSamples: Int
    /// When the candidate's speech began (the VAD's onset start).
    public var onsetAt: ContinuousClock.Instant
    /// When the onset was confirmed and the audio cut (`onsetAt + durationMs`).
    public var decidedAt: ContinuousClock.Instant
    /// Utterances queued behind the cut one, dropped unplayed.
    public var droppedUtteranceIds: [String]

    /// Every utterance whose TTS (and policy) stream should be cancelled.
    public var cancelledUtteranceIds: [String] { [utteranceId] + droppedUtteranceIds }

    public init(utteranceId: String, heardText: String, heardWords: [String], atMs: Int, playedSamples: Int,
                onsetAt: ContinuousClock.Instant, decidedAt: ContinuousClock.Instant, droppedUtteranceIds: [String]) {
        self.utteranceId = utteranceId
        self.heardText = heardText
        self.heardWords = heardWords
        self.atMs = atMs
        self.playedSamples = playedSamples
        self.onsetAt = onsetAt
        self.decidedAt = decidedAt
        self.droppedUtteranceIds = droppedUtteranceIds
    }
}

/// Why a speech onset did not cut the interviewer.
public enum BargeInRejection: Sendable, Equatable {
    /// The interviewer was not speaking: an ordinary turn, not a barge-in.
    case notSpeaking
    /// Shorter than ``BargeInSettings/minimumOnsetMs`` (cough, click; may still grow).
    case tooShort(durationMs: Int)
    /// Quieter than ``BargeInSettings/minimumEnergyDB``.
    case tooQuiet(energyDB: Double)
    /// Began within ``BargeInSettings/echoGuardMs`` after the utterance started.
    case withinEchoGuard(msAfterUtteranceStart: Int)
    /// This onset already caused a barge-in.
    case alreadyHandled
}

/// The outcome of one speech onset.
public enum BargeInDecision: Sendable, Equatable {
    case bargeIn(BargeIn)
    case ignored(BargeInRejection)

    public var bargeIn: BargeIn? {
        if case .bargeIn(let value) = self { return value }
        return nil
    }
}
