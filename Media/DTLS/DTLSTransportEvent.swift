import SRTP

/// What a `DTLSTransport` reports to its owner.
public enum DTLSTransportEvent: Sendable, Equatable {
    /// The handshake finished, the peer's fingerprint matched and an SRTP profile was
    /// negotiated: set up SRTP with these keys (RFC 5764 §4.2).
    case connected(SRTPParameters)
    /// The handshake or connection failed; the transport is dead.
    case failed(DTLSFailure)
    /// The peer sent close_notify (RFC 5246 §7.2.1).
    case closed
}

/// Why a `DTLSTransport` failed.
public struct DTLSFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The handshake did not finish before the configured deadline.
        case handshakeTimeout
        /// The peer's certificate does not match its SDP `a=fingerprint` (RFC 5763 §5).
        case fingerprintMismatch
        /// No SRTP profile we support was negotiated (RFC 5764 §4.1.2).
        case noSRTPProfile
        /// OpenSSL refused the handshake (bad message, alert from the peer, no common cipher…).
        case handshakeFailed
        /// A protocol error after the handshake.
        case protocolError
    }

    public let kind: Kind
    /// A human-readable explanation, with OpenSSL's error text when it has one.
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
