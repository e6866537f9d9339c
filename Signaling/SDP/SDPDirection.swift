/// The media direction attributes `a=sendrecv|sendonly|recvonly|inactive` (RFC 8866 §6.7).
///
/// Absent means `sendrecv`. ``answer`` is the direction an answerer that can both send and
/// receive replies with (RFC 3264 §6.1, JSEP RFC 8829 §5.3.1).
public enum SDPDirection: String, Hashable, Sendable, CaseIterable {
    case sendrecv, sendonly, recvonly, inactive

    /// The answer's direction for an offer with this direction.
    public var answer: SDPDirection {
        switch self {
        case .sendrecv: .sendrecv
        case .sendonly: .recvonly
        case .recvonly: .sendonly
        case .inactive: .inactive
        }
    }

    /// Whether the side that wrote this direction will send media.
    public var sends: Bool { self == .sendrecv || self == .sendonly }
    /// Whether the side that wrote this direction will receive media.
    public var receives: Bool { self == .sendrecv || self == .recvonly }
}
