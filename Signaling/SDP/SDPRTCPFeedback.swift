/// `a=rtcp-fb:<payload type or *> <type> [<parameters>]` (RFC 4585 §4.2).
public struct SDPRTCPFeedback: Hashable, Sendable {
    /// A payload type, or `*` for every format.
    public var format: String
    /// `nack`, `ccm`, `transport-cc`, `goog-remb`, …
    public var type: String
    /// `pli`, `fir`, … or `nil`.
    public var parameter: String?

    public init(format: String, type: String, parameter: String? = nil) {
        self.format = format
        self.type = type
        self.parameter = parameter
    }

    /// Parses the value after `a=rtcp-fb:`.
    public init(parsing value: String) throws {
        let f = SDPSyntax.fields(value)
        guard f.count >= 2 else {
            throw SDPError.invalid(field: "rtcp-fb", reason: "expected \"<pt> <type> [<param>]\", got \"\(value)\"")
        }
        guard f[0] == "*" || (SDPSyntax.number(f[0], maxDigits: 3, as: UInt8.self).map { $0 <= 127 } ?? false) else {
            throw SDPError.invalid(field: "rtcp-fb", reason: "\"\(f[0])\" is neither a payload type nor *")
        }
        self.init(format: String(f[0]), type: String(f[1]),
                  parameter: f.count > 2 ? f[2...].joined(separator: " ") : nil)
    }

    /// The value after `a=rtcp-fb:`.
    public var value: String {
        if let parameter { "\(format) \(type) \(parameter)" } else { "\(format) \(type)" }
    }
}
