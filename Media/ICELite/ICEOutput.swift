import STUN

/// What an ICE agent asks its driver to do or tells it (sans-IO output).
public enum ICEOutput: Hashable, Sendable {
    /// Send this datagram to this address from the media socket.
    case transmit([UInt8], to: TransportAddress)
    /// Lite agent: the controlling peer nominated this address (first USE-CANDIDATE check that
    /// authenticated); media may flow to it from now on.
    case nominated(TransportAddress)
    /// Lite agent: a later nominated check came from another address (the peer's network changed);
    /// send media to `to` from now on.
    case selectedAddressChanged(from: TransportAddress, to: TransportAddress)
    /// Client agent: the first authenticated success response arrived; media may flow to this address.
    case connected(TransportAddress)
    /// No authenticated check (lite) or response (client) for the consent timeout (RFC 7675 §5.1):
    /// stop sending media. The agent is finished.
    case consentExpired
    /// Nothing was nominated (lite) or connected (client) before the connect deadline. The agent is finished.
    case failed
}
