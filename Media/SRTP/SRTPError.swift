internal import CSRTP

/// A failure reported by libsrtp (`srtp_err_status_t`), by name.
public enum SRTPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Unspecified failure (`srtp_err_status_fail`).
    case fail
    /// Unsupported parameter or malformed packet (`bad_param`), e.g. shorter than an RTP header.
    case badParam
    /// Memory allocation failed (`alloc_fail`).
    case allocFail
    /// libsrtp could not be initialised (`init_fail`).
    case initFail
    /// The packet's authentication tag does not verify (`auth_fail`): tampered or wrong key.
    case authFail
    /// The cipher failed (`cipher_fail`).
    case cipherFail
    /// The packet index was already seen (`replay_fail`): a replay (RFC 3711 §3.3.2).
    case replayFail
    /// The packet index is older than the replay window (`replay_old`).
    case replayOld
    /// A self-test or algorithm failed (`algo_fail`).
    case algoFail
    /// No stream context for this SSRC (`no_ctx`).
    case noContext
    /// The key has been used for too many packets (`key_expired`, RFC 3711 §9.2).
    case keyExpired
    /// The packet could not be parsed (`parse_err`).
    case parseError
    /// Wrong key lengths given to `SRTPSession` (detected before calling libsrtp).
    case wrongKeyLength(expected: Int, actual: Int)
    /// Another libsrtp status code.
    case other(code: Int)

    init(status: srtp_err_status_t) {
        switch status {
        case srtp_err_status_fail: self = .fail
        case srtp_err_status_bad_param: self = .badParam
        case srtp_err_status_alloc_fail: self = .allocFail
        case srtp_err_status_init_fail: self = .initFail
        case srtp_err_status_auth_fail: self = .authFail
        case srtp_err_status_cipher_fail: self = .cipherFail
        case srtp_err_status_replay_fail: self = .replayFail
        case srtp_err_status_replay_old: self = .replayOld
        case srtp_err_status_algo_fail: self = .algoFail
        case srtp_err_status_no_ctx: self = .noContext
        case srtp_err_status_key_expired: self = .keyExpired
        case srtp_err_status_parse_err: self = .parseError
        default: self = .other(code: Int(status.rawValue))
        }
    }

    public var description: String {
        switch self {
        case .fail: "SRTP failure"
        case .badParam: "SRTP bad parameter (malformed or too short packet)"
        case .allocFail: "SRTP allocation failure"
        case .initFail: "SRTP library initialisation failed"
        case .authFail: "SRTP authentication failed"
        case .cipherFail: "SRTP cipher failure"
        case .replayFail: "SRTP replay detected"
        case .replayOld: "SRTP packet older than the replay window"
        case .algoFail: "SRTP algorithm failure"
        case .noContext: "SRTP no stream context"
        case .keyExpired: "SRTP key expired"
        case .parseError: "SRTP parse error"
        case .wrongKeyLength(let expected, let actual): "SRTP master key+salt is \(actual) bytes, expected \(expected)"
        case .other(let code): "SRTP error \(code)"
        }
    }
}

/// Throws the Swift form of a non-ok libsrtp status.
@inline(__always)
func check(_ status: srtp_err_status_t) throws {
    if status != srtp_err_status_ok { throw SRTPError(status: status) }
}
