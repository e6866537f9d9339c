/// What a datagram on the shared media port carries, told by its first byte (RFC 7983 §7,
/// updating RFC 5764 §5.1.2):
///
/// ```
///              +----------------+
///              |        [0..3] -+--> STUN
///              |      [16..19] -+--> ZRTP
///  packet -->  |      [20..63] -+--> DTLS
///              |      [64..79] -+--> TURN channel
///              |    [128..191] -+--> RTP/RTCP
///              +----------------+
/// ```
public enum DatagramKind: Equatable, Sendable {
    case stun
    case zrtp
    case dtls
    case turnChannel
    /// RTP or RTCP; with rtcp-mux they are told apart by the payload-type byte (RFC 5761 §4).
    case rtp
    case unknown

    public init<Bytes: Collection>(classifying datagram: Bytes) where Bytes.Element == UInt8 {
        guard let first = datagram.first else {
            self = .unknown
            return
        }
        switch first {
        case 0...3: self = .stun
        case 16...19: self = .zrtp
        case 20...63: self = .dtls
        case 64...79: self = .turnChannel
        case 128...191: self = .rtp
        default: self = .unknown
        }
    }
}
