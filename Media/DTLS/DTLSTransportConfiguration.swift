import ParleyCrypto
import SRTP

/// Settings of one `DTLSTransport` (RFC 5763 / RFC 5764 DTLS-SRTP).
public struct DTLSTransportConfiguration: Sendable {
    /// DTLS server (`a=setup:passive`) or client (`a=setup:active`), RFC 5763 §5.
    public var role: DTLSRole
    /// Our certificate; its fingerprint is the one we put in our SDP.
    public var certificate: Certificate
    /// The peer's `a=fingerprint` from its SDP: its certificate must match (RFC 5763 §5).
    public var remoteFingerprint: CertificateFingerprint
    /// SRTP profiles we offer (client) or accept (server), in preference order.
    public var srtpProfiles: [SRTPProfile]
    /// Time from `start(now:)` after which an unfinished handshake fails.
    public var handshakeTimeout: Duration
    /// First DTLS retransmission timeout; later ones double, up to 60 s (RFC 6347 §4.2.4.1).
    public var initialRetransmissionTimeout: Duration
    /// Largest DTLS datagram we send, in bytes.
    public var mtu: Int

    public init(
        role: DTLSRole,
        certificate: Certificate,
        remoteFingerprint: CertificateFingerprint,
        srtpProfiles: [SRTPProfile] = [.aeadAes128Gcm, .aes128CmSha1_80],
        handshakeTimeout: Duration = .seconds(10),
        initialRetransmissionTimeout: Duration = .seconds(1),
        mtu: Int = 1200
    ) {
        self.role = role
        self.certificate = certificate
        self.remoteFingerprint = remoteFingerprint
        self.srtpProfiles = srtpProfiles
        self.handshakeTimeout = handshakeTimeout
        self.initialRetransmissionTimeout = initialRetransmissionTimeout
        self.mtu = mtu
    }
}
