import STUN

/// The USERNAME of an ICE connectivity check, `"<receiver ufrag>:<sender ufrag>"` (RFC 8445 §7.2.2).
///
/// Named from the point of view of the agent that *receives* the request: `localUfrag` is
/// the receiver's own ufrag (what a server routes on), `remoteUfrag` the sender's.
public struct ICEUsername: Hashable, Sendable, CustomStringConvertible {
    /// The receiver's ufrag (before the colon).
    public let localUfrag: String
    /// The sender's ufrag (after the colon).
    public let remoteUfrag: String

    public init(localUfrag: String, remoteUfrag: String) {
        self.localUfrag = localUfrag
        self.remoteUfrag = remoteUfrag
    }

    /// Splits a USERNAME value at its first colon; `nil` unless both sides are non-empty.
    /// (Ufrags are ice-chars, which exclude ":".)
    public init?(_ username: String) {
        guard let colon = username.firstIndex(of: ":") else { return nil }
        let local = username[..<colon]
        let remote = username[username.index(after: colon)...]
        guard !local.isEmpty, !remote.isEmpty else { return nil }
        self.init(localUfrag: String(local), remoteUfrag: String(remote))
    }

    /// `"local:remote"`, the USERNAME value.
    public var description: String { "\(localUfrag):\(remoteUfrag)" }
}
