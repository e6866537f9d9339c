/// The result of answering an offer: the answer itself and what was negotiated.
public struct SDPAnswer: Hashable, Sendable {
    /// The answer as a description.
    public var sessionDescription: SessionDescription
    /// The negotiated audio parameters the media session needs.
    public var audio: NegotiatedAudio

    public init(sessionDescription: SessionDescription, audio: NegotiatedAudio) {
        self.sessionDescription = sessionDescription
        self.audio = audio
    }

    /// The answer's SDP text (CRLF line endings), ready for `{"type":"answer","sdp":…}`.
    public var sdp: String { sessionDescription.serialized() }
}
