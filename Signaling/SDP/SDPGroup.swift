/// `a=group:<semantics> <identification-tag> …` (RFC 5888 §5), e.g. `a=group:BUNDLE 0 1` (RFC 8843 §7).
public struct SDPGroup: Hashable, Sendable {
    /// `BUNDLE`, `LS`, `FID`, …
    public var semantics: String
    /// The `a=mid` values in the group, in order.
    public var mids: [String]

    public init(semantics: String, mids: [String]) {
        self.semantics = semantics
        self.mids = mids
    }

    /// Parses the value after `a=group:`. A group with no mids is allowed (RFC 8843 §7.3.3 rejects everything).
    public init(parsing value: String) throws {
        let f = SDPSyntax.fields(value)
        guard let semantics = f.first, SDPSyntax.isToken(semantics) else {
            throw SDPError.invalid(field: "group", reason: "missing semantics in \"\(value)\"")
        }
        guard f.dropFirst().allSatisfy(SDPSyntax.isToken) else {
            throw SDPError.invalid(field: "group", reason: "identification tags in \"\(value)\" must be tokens")
        }
        self.init(semantics: String(semantics), mids: f.dropFirst().map(String.init))
    }

    /// Whether this is a BUNDLE group.
    public var isBundle: Bool { semantics.uppercased() == "BUNDLE" }

    /// The value after `a=group:`.
    public var value: String { ([semantics] + mids).joined(separator: " ") }
}
