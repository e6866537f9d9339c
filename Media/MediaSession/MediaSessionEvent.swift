import RTP
import SRTP
import STUN

/// What a `MediaSession` reports to the code driving it.
public enum MediaSessionEvent: Sendable, Equatable {
    /// ICE chose (or, for the client, confirmed) the peer's address.
    case iceConnected(TransportAddress)
    /// The nominated address changed (the peer switched networks).
    case addressChanged(from: TransportAddress, to: TransportAddress)
    /// DTLS finished and SRTP is keyed: media can flow.
    case connected(SRTPProfile)
    /// An authenticated, decrypted RTP packet of the negotiated audio payload type.
    case audio(RTPPacket)
    /// The peer sent RTCP feedback or reports (already folded into `stats`).
    case rtcp(RTCPReporter.Event)
    /// The session ended and will do nothing more.
    case closed(MediaSessionCloseReason)
}

/// Why a media session ended.
public enum MediaSessionCloseReason: Error, Sendable, Equatable, CustomStringConvertible {
    /// No valid ICE check for the consent timeout (RFC 7675 §5.1).
    case consentExpired
    /// ICE, DTLS or SRTP could not be set up in time, or failed.
    case failed(String)
    /// The peer closed DTLS (close_notify) or sent RTCP BYE.
    case remoteClosed
    /// Our side closed it.
    case localClose

    public var description: String {
        switch self {
        case .consentExpired: "consent expired"
        case .failed(let why): "failed: \(why)"
        case .remoteClosed: "closed by the peer"
        case .localClose: "closed"
        }
    }
}
