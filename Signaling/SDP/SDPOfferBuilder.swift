import ParleyCrypto

/// Builds the audio-only offer of Parley's own client role (synthetic callers, tests): one
/// Opus 48 kHz m-line over DTLS-SRTP with rtcp-mux and BUNDLE, `a=setup:actpass` as an offerer
/// must use (RFC 5763 §5), ICE credentials (RFC 8839 §5.4) and no candidates: the client is the
/// controlling agent and checks the answerer's candidates itself (RFC 8445 §2.5 with a lite peer).
public struct SDPOfferBuilder: Sendable {
    public var iceUfrag: String
    public var icePwd: String
    /// `"sha-256 AB:CD:…"`.
    public var fingerprint: String
    public var ssrc: UInt32
    public var cname: String
    public var payloadType: UInt8

    public init(iceUfrag: String, icePwd: String, fingerprint: String, ssrc: UInt32, cname: String, payloadType: UInt8 = 111) {
        self.iceUfrag = iceUfrag
        self.icePwd = icePwd
        self.fingerprint = fingerprint
        self.ssrc = ssrc
        self.cname = cname
        self.payloadType = payloadType
    }

    /// The offer's text (CRLF line endings), checked by parsing it back.
    public func offer() throws -> String {
        let sessionId = SecureRandom.bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } >> 2
        let pt = payloadType
        let lines = [
            "v=0",
            "o=- \(sessionId) 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0",
            "a=msid-semantic: WMS parley-caller",
            "m=audio 9 UDP/TLS/RTP/SAVPF \(pt)",
            "c=IN IP4 0.0.0.0",
            "a=rtcp:9 IN IP4 0.0.0.0",
            "a=ice-ufrag:\(iceUfrag)",
            "a=ice-pwd:\(icePwd)",
            "a=ice-options:trickle",
            "a=fingerprint:\(fingerprint)",
            "a=setup:actpass",
            "a=mid:0",
            "a=sendrecv",
            "a=msid:parley-caller parley-caller-audio",
            "a=rtcp-mux",
            "a=rtpmap:\(pt) opus/48000/2",
            "a=rtcp-fb:\(pt) transport-cc",
            "a=fmtp:\(pt) minptime=10;useinbandfec=1",
            "a=ssrc:\(ssrc) cname:\(cname)",
        ]
        let text = lines.joined(separator: "\r\n") + "\r\n"
        _ = try SessionDescription(parsing: text)
        return text
    }
}
