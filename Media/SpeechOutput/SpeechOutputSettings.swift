/// What a ``SpeechOutputStream`` sends between utterances (while the interviewer is silent).
///
/// Whatever the mode, the RTP clock keeps running: each 20 ms slot advances the timestamp
/// by 960 (RFC 3550 §5.1, RFC 7587 §4.1), so the first packet after a gap carries a
/// timestamp that reflects the wall time elapsed.
public enum SilenceMode: Sendable, Equatable {
    /// Send no packets in silence (the default). To a receiver this looks exactly like
    /// Opus DTX (RFC 7587 §3.1.3): packets stop, timestamps jump by the gap, and the first
    /// packet of the next talkspurt has the RTP marker bit (RFC 3551 §4.1); decoders fill
    /// the gap with their own concealment / comfort noise.
    case none
    /// Real Opus DTX: the encoder runs with DTX on and is fed digital silence every slot;
    /// only its periodic comfort-noise update packets (more than 2 bytes, about every
    /// 400 ms) are sent, the 1–2 byte "nothing changed" packets are suppressed, as WebRTC
    /// senders do. Costs one encode per silent slot.
    case opusDTX
    /// Send a comfort-noise frame (white noise at this RMS level, dBFS) in every silent
    /// slot, so the stream never pauses. Costs one encode per silent slot.
    case comfortNoise(levelDBFS: Double)
}

/// Settings of a ``SpeechOutputStream``.
public struct SpeechOutputSettings: Sendable, Equatable {
    /// What to send between utterances; default ``SilenceMode/none``.
    public var silence: SilenceMode
    /// Frames of encoded silence sent after the last audio of a talkspurt (before going
    /// quiet), so the receiver's decoder gets the encoder's look-ahead tail and fades out
    /// cleanly. Default 1.
    public var hangoverFrames: Int
    /// Frames of encoded silence sent after ``SpeechOutputStream/cancelAll(now:)`` cuts an
    /// utterance (barge-in), so the receiver decodes silence at once instead of concealing the
    /// speech that stopped arriving: Chromium's concealment fades out over ~250 ms. Several
    /// frames, because a stalled event loop may skip a slot or two (``Pacer``). Default 5 (100 ms).
    public var cutSilenceFrames: Int
    /// Audio buffered before an utterance starts playing, in ms (rounded up to whole
    /// 20 ms frames). A finished utterance starts at once however short. Default 20 ms:
    /// play as soon as one frame is ready, for the lowest latency.
    public var startBufferMs: Int
    /// Longest run of underrun silence (ms) sent inside a talkspurt while the TTS is
    /// behind. Past it the stream stops sending (as between utterances) until audio
    /// arrives; the resumed audio then starts a new talkspurt with the marker bit.
    /// Default 1000 ms.
    public var maxUnderrunSilenceMs: Int
    /// Opus target bitrate in bit/s, nil for libopus's automatic choice. Default 32 000.
    public var bitrate: Int?
    /// Opus complexity 0...10, nil for the libopus default. Default 5 (speech from TTS
    /// needs no more; saves CPU with many calls).
    public var complexity: Int?
    /// Opus in-band FEC (RFC 6716 §2.1.7); takes effect with ``expectedPacketLossPercent`` > 0.
    public var inbandFEC: Bool
    /// Loss the encoder should expect, 0...100 %.
    public var expectedPacketLossPercent: Int
    /// RTP timestamp of the first slot (RFC 3550 §5.1 says it should be random; the
    /// caller picks it so tests stay deterministic).
    public var initialTimestamp: UInt32
    /// speexdsp resampler quality 0...10 used for TTS audio not already at 48 kHz.
    public var resamplerQuality: Int

    public init(
        silence: SilenceMode = .none,
        hangoverFrames: Int = 1,
        startBufferMs: Int = 20,
        maxUnderrunSilenceMs: Int = 1000,
        bitrate: Int? = 32_000,
        complexity: Int? = 5,
        inbandFEC: Bool = true,
        expectedPacketLossPercent: Int = 5,
        initialTimestamp: UInt32 = 0,
        resamplerQuality: Int = 5,
        cutSilenceFrames: Int = 5
    ) {
        self.cutSilenceFrames = cutSilenceFrames
        self.silence = silence
        self.hangoverFrames = hangoverFrames
        self.startBufferMs = startBufferMs
        self.maxUnderrunSilenceMs = maxUnderrunSilenceMs
        self.bitrate = bitrate
        self.complexity = complexity
        self.inbandFEC = inbandFEC
        self.expectedPacketLossPercent = expectedPacketLossPercent
        self.initialTimestamp = initialTimestamp
        self.resamplerQuality = resamplerQuality
    }
}
