/// Latency of one turn, `{"type":"turnMetrics",…}` (PROTOCOL.md v1). All values in milliseconds;
/// the per-stage fields are omitted from the JSON when `nil` (or not finite).
public struct TurnMetrics: Hashable, Sendable {
    /// Arrival of the packet carrying the candidate's last audible 10 ms window (RMS ≥ −41 dBFS)
    /// before the endpointer fired, to the send time of the first reply packet whose decoded
    /// audio has an audible 10 ms window. The stages below are consecutive spans of this interval, read
    /// from one monotonic clock, so they add up to it exactly.
    public var endOfSpeechToFirstAudioMs: Double
    /// That last audible packet's arrival to its audio leaving the jitter buffer.
    public var jitterBufferMs: Double?
    /// Its audio leaving the jitter buffer to the endpointer deciding the turn is over.
    public var endpointingMs: Double?
    /// The endpointer's decision to the final transcript.
    public var sttFinalMs: Double?
    /// Final transcript to the policy's first token.
    public var policyFirstTokenMs: Double?
    /// First policy text to the first TTS audio chunk.
    public var ttsFirstChunkMs: Double?
    /// First TTS chunk to the first audible RTP packet out (includes leading synthesized silence).
    public var firstPacketOutMs: Double?
    /// The question this turn answered, if any.
    public var questionIndex: Int?
    /// Which packets bound the interval, so the other end can time the same two packets on its
    /// own clock: the RTP timestamp of the candidate's packet whose arrival starts it (as the
    /// candidate sent it), and of the interviewer's first audible reply packet that ends it.
    public var endOfSpeechRtpTimestamp: UInt32?
    public var firstAudioRtpTimestamp: UInt32?

    public init(endOfSpeechToFirstAudioMs: Double, jitterBufferMs: Double? = nil, endpointingMs: Double? = nil, sttFinalMs: Double? = nil,
                policyFirstTokenMs: Double? = nil, ttsFirstChunkMs: Double? = nil, firstPacketOutMs: Double? = nil,
                questionIndex: Int? = nil, endOfSpeechRtpTimestamp: UInt32? = nil, firstAudioRtpTimestamp: UInt32? = nil) {
        self.endOfSpeechToFirstAudioMs = endOfSpeechToFirstAudioMs
        self.jitterBufferMs = jitterBufferMs
        self.endpointingMs = endpointingMs
        self.sttFinalMs = sttFinalMs
        self.policyFirstTokenMs = policyFirstTokenMs
        self.ttsFirstChunkMs = ttsFirstChunkMs
        self.firstPacketOutMs = firstPacketOutMs
        self.questionIndex = questionIndex
        self.endOfSpeechRtpTimestamp = endOfSpeechRtpTimestamp
        self.firstAudioRtpTimestamp = firstAudioRtpTimestamp
    }
}
