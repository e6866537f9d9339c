/// The DTLS connection role, `a=setup:` (RFC 4145 §4, used for DTLS-SRTP by RFC 5763 §5).
///
/// `active` opens the connection (DTLS client), `passive` waits for it (DTLS server),
/// `actpass` lets the answerer choose, `holdconn` defers it.
public enum SDPSetupRole: String, Hashable, Sendable, CaseIterable {
    case active, passive, actpass, holdconn

    /// Parses the value after `a=setup:`.
    public init(parsing value: String) throws {
        guard let role = SDPSetupRole(rawValue: value.trimmingSpaces().lowercased()) else {
            throw SDPError.invalid(field: "setup", reason: "\"\(value)\" is not active, passive, actpass or holdconn")
        }
        self = role
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
