/// One `a=` line (RFC 8866 §5.13): `a=<name>` (property) or `a=<name>:<value>` (value attribute).
///
/// Every attribute is kept in order, known or not, so unknown attributes survive a
/// parse → serialize round trip. Typed accessors on ``SessionDescription`` and
/// ``MediaDescription`` interpret the known ones.
public struct SDPAttribute: Hashable, Sendable {
    /// The attribute name (`rtpmap`, `ice-ufrag`, `rtcp-mux`, …); case-sensitive.
    public var name: String
    /// The text after the first `:`, or `nil` for a property attribute.
    public var value: String?

    public init(name: String, value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// Splits the text after `a=` at its first `:`.
    ///
    /// Throws when the name is empty or contains characters outside RFC 8866's `token`.
    public init(parsing text: String) throws {
        let name: Substring
        let value: String?
        if let colon = text.firstIndex(of: ":") {
            name = text[..<colon]
            value = String(text[text.index(after: colon)...])
        } else {
            name = Substring(text)
            value = nil
        }
        guard !name.isEmpty else { throw SDPError.invalid(field: "attribute", reason: "empty attribute name") }
        guard name.utf8.allSatisfy(SDPSyntax.isTokenByte) else {
            throw SDPError.invalid(field: "attribute", reason: "attribute name \"\(name)\" has characters outside token")
        }
        self.name = String(name)
        self.value = value
    }

    /// The text after `a=`.
    public var text: String {
        if let value { "\(name):\(value)" } else { name }
    }
}
