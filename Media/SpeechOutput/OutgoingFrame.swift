/// One 20 ms Opus frame ready to be packetised as RTP (RFC 7587): the payload plus the
/// header fields the packetiser needs. The packetiser adds SSRC and sequence number.
public struct OutgoingFrame: Sendable, Equatable {
    /// What the frame carries.
    public enum Kind: Sendable, Equatable {
        /// Interviewer speech from the TTS.
        case speech
        /// Silence inside a talkspurt because the TTS fell behind real time (underrun).
        case underrunSilence
        /// Encoded silence after the end of a talkspurt (``SpeechOutputSettings/hangoverFrames``).
        case hangoverSilence
        /// A comfort-noise frame (``SilenceMode/comfortNoise(levelDBFS:)``) or an Opus DTX
        /// update (``SilenceMode/opusDTX``) between utterances.
        case comfortNoise
    }

    /// The Opus packet, one RTP payload.
    public var payload: [UInt8]
    /// RTP timestamp, 48 kHz clock (RFC 7587 §4.1), of the first sample of the frame.
    public var rtpTimestamp: UInt32
    /// RTP marker bit: set on the first packet of a talkspurt (RFC 3551 §4.1).
    public var marker: Bool
    public var kind: Kind
    /// The utterance this frame belongs to (nil for hangover and comfort noise).
    public var utteranceId: String?
    /// How many of that utterance's samples (48 kHz) have been sent, this frame included.
    public var playedSamples: Int
    /// Level of the loudest 10 ms window of the PCM this frame encodes, in dBFS
    /// (``AudioLevel``): whether the frame is audible for the latency metrics.
    public var levelDBFS: Double

    /// Samples per frame at 48 kHz: 20 ms.
    public static let samples = 960
    /// Frame duration in milliseconds.
    public static let durationMs = 20

    public init(payload: [UInt8], rtpTimestamp: UInt32, marker: Bool, kind: Kind, utteranceId: String?, playedSamples: Int,
                levelDBFS: Double = AudioLevel.silenceDBFS) {
        self.payload = payload
        self.rtpTimestamp = rtpTimestamp
        self.marker = marker
        self.kind = kind
        self.utteranceId = utteranceId
        self.playedSamples = playedSamples
        self.levelDBFS = levelDBFS
    }
}
