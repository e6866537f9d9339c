/// Counters of one ``SpeechOutputStream``.
public struct SpeechOutputStats: Sendable, Equatable {
    /// Slots served (frames returned, skipped or silent).
    public var slots = 0
    /// Frames returned to be sent, of every kind.
    public var framesSent = 0
    public var speechFrames = 0
    /// Silence frames sent inside a talkspurt because the TTS was behind.
    public var underrunFrames = 0
    public var hangoverFrames = 0
    public var comfortNoiseFrames = 0
    /// Slots the pacer dropped (``PacedFrameSource/skipFrame(now:)``) while audio was due.
    public var skippedFrames = 0
    /// Frames lost because the encoder failed (not expected with valid settings).
    public var encodeFailures = 0
    public var utterancesStarted = 0
    public var utterancesFinished = 0
    public var utterancesInterrupted = 0
    public var utterancesDropped = 0

    public init() {}
}
