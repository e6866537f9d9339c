import DTLS
import ICELite
import ParleyCrypto
import SRTP
import STUN

/// Everything one `MediaSession` needs, agreed through SDP before the first datagram.
public struct MediaSessionConfiguration: Sendable {
    /// Which side of ICE and DTLS this session plays.
    public enum Role: Sendable, Equatable {
        /// Parley's side: ICE-lite, controlled (RFC 8445 §2.5), DTLS server (`a=setup:passive`).
        case server
        /// A synthetic caller: ICE full agent, controlling, aggressive nomination towards
        /// `remoteAddress`; DTLS client (`a=setup:active`).
        case client(remoteAddress: TransportAddress)
    }

    public var role: Role
    /// Our ICE ufrag/pwd (they went into our SDP).
    public var localCredentials: ICECredentials
    /// The peer's ICE ufrag/pwd from its SDP.
    public var remoteCredentials: ICECredentials
    /// Our DTLS certificate (its fingerprint went into our SDP).
    public var certificate: Certificate
    /// The peer's `a=fingerprint`.
    public var remoteFingerprint: CertificateFingerprint
    /// Our RTP SSRC for the audio we send.
    public var localSSRC: UInt32
    /// Our RTCP CNAME.
    public var cname: String
    /// The negotiated Opus payload type.
    public var payloadType: UInt8
    /// RFC 7675 consent freshness timeout.
    public var consentTimeout: Duration
    /// Time allowed from creation to a connected DTLS-SRTP session.
    public var connectTimeout: Duration
    /// SRTP profiles acceptable, in preference order.
    public var srtpProfiles: [SRTPProfile]

    public init(
        role: Role, localCredentials: ICECredentials, remoteCredentials: ICECredentials, certificate: Certificate,
        remoteFingerprint: CertificateFingerprint, localSSRC: UInt32, cname: String, payloadType: UInt8,
        consentTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(20),
        srtpProfiles: [SRTPProfile] = [.aeadAes128Gcm, .aes128CmSha1_80]
    ) {
        self.role = role
        self.localCredentials = localCredentials
        self.remoteCredentials = remoteCredentials
        self.certificate = certificate
        self.remoteFingerprint = remoteFingerprint
        self.localSSRC = localSSRC
        self.cname = cname
        self.payloadType = payloadType
        self.consentTimeout = consentTimeout
        self.connectTimeout = connectTimeout
        self.srtpProfiles = srtpProfiles
    }
}
