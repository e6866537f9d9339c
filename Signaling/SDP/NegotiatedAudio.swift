/// What the media session needs from a successful offer/answer: the remote ICE
/// credentials and certificate fingerprint, the Opus payload type both sides use, and
/// the transport options the offer asked for.
public struct NegotiatedAudio: Hashable, Sendable {
    /// The offer's `a=ice-ufrag` for the audio section (media or session level).
    public var remoteIceUfrag: String
    /// The offer's `a=ice-pwd` for the audio section.
    public var remoteIcePwd: String
    /// The fingerprint to check the peer's DTLS certificate against: the offer's
    /// sha-256 if present, else its first one (RFC 8122 §5).
    public var remoteFingerprint: SDPFingerprint
    /// Every fingerprint the offer gave for the audio section.
    public var remoteFingerprints: [SDPFingerprint]
    /// The Opus payload type, taken from the offer (RFC 3264 §6.1: the answer echoes it).
    public var payloadType: UInt8
    /// The offer's `a=fmtp` parameters for Opus (lower-cased keys), e.g. `useinbandfec`.
    public var remoteOpusParameters: [String: String]
    /// The first SSRC the offer announced for its audio (RFC 5576), if any.
    public var remoteSSRC: UInt32?
    /// The audio section's `a=mid`, if the offer had one.
    public var mid: String?
    /// The audio section's index among the offer's m-lines (also `sdpMLineIndex`).
    public var mediaIndex: Int
    /// Whether the offer asked for `a=rtcp-mux` (RFC 5761); the answer accepts it when asked.
    public var rtcpMux: Bool
    /// The offer's setup role (missing is treated as `actpass`, RFC 4145 §4 default in JSEP use).
    public var remoteSetupRole: SDPSetupRole
    /// Parley's role in the answer: always `passive` (DTLS server, RFC 5763 §5).
    public var localSetupRole: SDPSetupRole
    /// The direction Parley answered with (from the perspective of Parley).
    public var direction: SDPDirection
    /// Candidates the offer carried for the audio section (trickled ones arrive separately).
    public var remoteCandidates: [SDPCandidate]
    /// The offer's `a=ice-options` tokens (`trickle`, `ice2`).
    public var remoteIceOptions: [String]
    /// Whether the offerer is itself ICE-lite.
    public var remoteIsICELite: Bool

    public init(remoteIceUfrag: String, remoteIcePwd: String, remoteFingerprint: SDPFingerprint,
                remoteFingerprints: [SDPFingerprint], payloadType: UInt8, remoteOpusParameters: [String: String],
                remoteSSRC: UInt32?, mid: String?, mediaIndex: Int, rtcpMux: Bool, remoteSetupRole: SDPSetupRole,
                localSetupRole: SDPSetupRole, direction: SDPDirection, remoteCandidates: [SDPCandidate],
                remoteIceOptions: [String], remoteIsICELite: Bool) {
        self.remoteIceUfrag = remoteIceUfrag
        self.remoteIcePwd = remoteIcePwd
        self.remoteFingerprint = remoteFingerprint
        self.remoteFingerprints = remoteFingerprints
        self.payloadType = payloadType
        self.remoteOpusParameters = remoteOpusParameters
        self.remoteSSRC = remoteSSRC
        self.mid = mid
        self.mediaIndex = mediaIndex
        self.rtcpMux = rtcpMux
        self.remoteSetupRole = remoteSetupRole
        self.localSetupRole = localSetupRole
        self.direction = direction
        self.remoteCandidates = remoteCandidates
        self.remoteIceOptions = remoteIceOptions
        self.remoteIsICELite = remoteIsICELite
    }
}
