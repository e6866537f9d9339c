/// Latency of one turn, `{"type":"turnMetrics",…}` (PROTOCOL.md v1). All values in milliseconds;
/// the per-stage fields are omitted from the JSON when `nil` (or not finite).
public struct TurnMetrics: Hashable, Sendable {
    /// End of the candidate's speech to the first interviewer audio packet sent.
    public var endOfSpeechToFirstAudioMs: Double
    /// End of speech to the endpointer deciding the turn is over.
    public var endpointingMs: Double?
    /// End of speech to the final transcript.
    public var sttFinalMs: Double?
    /// Final transcript to the policy's first token.
    public var policyFirstTokenMs: Double?
    /// First policy text to the first TTS audio chunk.
    public var ttsFirstChunkMs: Double?
    /// First TTS chunk to the first RTP packet out.
    public var firstPacketOutMs: Double?
    /// The question this turn answered, if any.
    public var questionIndex: Int?

    public init(endOfSpeechToFirstAudioMs: Double, endpointingMs: Double? = nil, sttFinalMs: Double? = nil,
                policyFirstTokenMs: Double? = nil, ttsFirstChunkMs: Double? = nil, firstPacketOutMs: Double? = nil,
                questionIndex: Int? = nil) {
        self.endOfSpeechToFirstAudioMs = endOfSpeechToFirstAudioMs
        self.endpointingMs = endpointingMs
        self.sttFinalMs = sttFinalMs
        self.policyFirstTokenMs = policyFirstTokenMs
        self.ttsFirstChunkMs = ttsFirstChunkMs
        self.firstPacketOutMs = firstPacketOutMs
        self.questionIndex = questionIndex
    }
}
