/// What Parley puts in its side of the answer: ICE-lite credentials, the DTLS
/// certificate fingerprint, where it listens, and the identity of its one outgoing audio stream.
public struct SDPAnswerParameters: Hashable, Sendable {
    /// A transport address offered as an ICE host candidate (RFC 8445 §5.1.1.1).
    public struct CandidateAddress: Hashable, Sendable {
        /// IPv4 or IPv6 address as text (no brackets).
        public var host: String
        /// UDP port.
        public var port: UInt16
        public init(host: String, port: UInt16) {
            self.host = host
            self.port = port
        }
    }

    /// Local ICE username fragment (4…256 ice-chars, RFC 8839 §5.4).
    public var iceUfrag: String
    /// Local ICE password (22…256 ice-chars).
    public var icePwd: String
    /// The local certificate fingerprint as SDP text: `sha-256 AB:CD:…` (RFC 8122 §5).
    public var fingerprint: String
    /// Local host addresses, best first. Unspecified addresses (`0.0.0.0`, `::`) are skipped.
    public var hostAddresses: [CandidateAddress]
    /// An address announced ahead of ``hostAddresses`` (a public IP behind NAT / in the cloud).
    public var publicAddress: CandidateAddress?
    /// SSRC of Parley's outgoing audio.
    public var ssrc: UInt32
    /// RTCP CNAME (RFC 7022) for ``ssrc``.
    public var cname: String
    /// `a=msid` stream id (RFC 8830).
    public var streamId: String
    /// `a=msid` track id.
    public var trackId: String
    /// `o=` session id; `nil` draws a random 63-bit value (JSEP RFC 8829 §5.2.1).
    public var sessionId: UInt64?

    public init(iceUfrag: String, icePwd: String, fingerprint: String, hostAddresses: [CandidateAddress],
                publicAddress: CandidateAddress? = nil, ssrc: UInt32, cname: String,
                streamId: String = "parley", trackId: String = "parley-audio", sessionId: UInt64? = nil) {
        self.iceUfrag = iceUfrag
        self.icePwd = icePwd
        self.fingerprint = fingerprint
        self.hostAddresses = hostAddresses
        self.publicAddress = publicAddress
        self.ssrc = ssrc
        self.cname = cname
        self.streamId = streamId
        self.trackId = trackId
        self.sessionId = sessionId
    }
}
