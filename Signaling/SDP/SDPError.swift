/// Why an SDP text could not be parsed, or why an offer cannot be answered.
///
/// Parse errors carry the 1-based line number of the offending line (RFC 8866 §5:
/// every line is `<type>=<value>`), so a signalling error can say exactly what was wrong.
public enum SDPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The whole text is larger than the parser accepts.
    case tooLarge(bytes: Int, limit: Int)
    /// The text has more lines (or media sections) than the parser accepts.
    case tooManyLines(count: Int, limit: Int)
    /// More `m=` sections than the parser accepts.
    case tooManyMediaSections(limit: Int)
    /// The text is empty.
    case empty
    /// A line is not `<letter>=<value>`, or its type letter is unknown.
    case malformedLine(line: Int, reason: String)
    /// A required line (`v=`, `o=`, `s=`, `t=`) is missing or misplaced.
    case missingLine(type: Character, reason: String)
    /// A known line or attribute has a value that does not follow its grammar.
    case invalidValue(line: Int, field: String, reason: String)
    /// A value built outside a parse (candidate string, fingerprint string, local parameter) is invalid.
    case invalid(field: String, reason: String)
    /// The offer cannot be answered (no usable audio, missing ICE credentials or fingerprint, …).
    case cannotAnswer(reason: String)
    /// The offer asks for a DTLS role Parley cannot take (Parley is always the DTLS server, RFC 5763 §5).
    case unsupportedSetupRole(String)

    public var description: String {
        switch self {
        case let .tooLarge(bytes, limit): "SDP is \(bytes) bytes, more than the \(limit)-byte limit"
        case let .tooManyLines(count, limit): "SDP has \(count) lines, more than the \(limit)-line limit"
        case let .tooManyMediaSections(limit): "SDP has more than \(limit) media sections"
        case .empty: "SDP is empty"
        case let .malformedLine(line, reason): "SDP line \(line): \(reason)"
        case let .missingLine(type, reason): "SDP is missing its \(type)= line: \(reason)"
        case let .invalidValue(line, field, reason): "SDP line \(line): invalid \(field): \(reason)"
        case let .invalid(field, reason): "invalid \(field): \(reason)"
        case let .cannotAnswer(reason): "cannot answer the offer: \(reason)"
        case let .unsupportedSetupRole(role): "the offer's a=setup:\(role) is not supported: Parley is always the DTLS server (it answers a=setup:passive), so the offer must be actpass or active"
        }
    }
}
