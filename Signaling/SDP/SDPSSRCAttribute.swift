/// `a=ssrc:<ssrc-id> <attribute>[:<value>]` (RFC 5576 §4.1), e.g. `a=ssrc:3040136897 cname:4Aop9bfyW9Q1Vj8m`.
public struct SDPSSRCAttribute: Hashable, Sendable {
    public var ssrc: UInt32
    /// `cname`, `msid`, `label`, …
    public var attribute: String
    /// The text after `<attribute>:`, if any.
    public var attributeValue: String?

    public init(ssrc: UInt32, attribute: String, value: String? = nil) {
        self.ssrc = ssrc
        self.attribute = attribute
        self.attributeValue = value
    }

    /// Parses the value after `a=ssrc:`.
    public init(parsing value: String) throws {
        guard let space = value.firstIndex(of: " ") else {
            throw SDPError.invalid(field: "ssrc", reason: "expected \"<ssrc> <attribute>[:<value>]\", got \"\(value)\"")
        }
        guard let ssrc: UInt32 = SDPSyntax.number(value[..<space], maxDigits: 10) else {
            throw SDPError.invalid(field: "ssrc", reason: "\"\(value[..<space])\" is not a 32-bit SSRC")
        }
        let rest = String(value[value.index(after: space)...]).trimmingSpaces()
        let name: String
        var attributeValue: String?
        if let colon = rest.firstIndex(of: ":") {
            name = String(rest[..<colon])
            attributeValue = String(rest[rest.index(after: colon)...])
        } else {
            name = rest
        }
        guard SDPSyntax.isToken(name) else {
            throw SDPError.invalid(field: "ssrc", reason: "attribute \"\(name)\" is not a token")
        }
        self.init(ssrc: ssrc, attribute: name, value: attributeValue)
    }

    /// The value after `a=ssrc:`.
    public var value: String {
        if let attributeValue { "\(ssrc) \(attribute):\(attributeValue)" } else { "\(ssrc) \(attribute)" }
    }
}
