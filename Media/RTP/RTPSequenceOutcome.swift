/// What `RTPReceiveStatistics.update` concluded about one packet's sequence number
/// (RFC 3550 Appendix A.1).
public enum RTPSequenceOutcome: Equatable, Hashable, Sendable {
    /// The next or a later sequence number within MAX_DROPOUT (gaps are losses).
    case inOrder
    /// An earlier sequence number (within MAX_MISORDER) not seen before.
    case reordered
    /// A sequence number already received.
    case duplicate
    /// The source is still on probation (fewer than MIN_SEQUENTIAL packets in a row); not counted.
    case probation
    /// A large jump; dropped unless the next packet confirms it (then `.restarted`).
    case badSequence
    /// Two sequential packets after a large jump: the sender restarted; statistics were reset.
    case restarted

    /// Whether the packet counts as received and should be processed further.
    public var isValid: Bool {
        switch self {
        case .inOrder, .reordered, .duplicate, .restarted: return true
        case .probation, .badSequence: return false
        }
    }
}
