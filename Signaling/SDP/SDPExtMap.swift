/// `a=extmap:<id>[/<direction>] <URI> [<extension attributes>]` (RFC 8285 §8).
///
/// Valid ids are 1…14 (one-byte header) and 1…255 (two-byte header); 4096…4351 may appear
/// in offers for negotiation (RFC 8285 §7). Parley accepts 1…4351.
public struct SDPExtMap: Hashable, Sendable {
    public var id: UInt16
    public var direction: SDPDirection?
    public var uri: String
    public var extensionAttributes: String?

    public init(id: UInt16, direction: SDPDirection? = nil, uri: String, extensionAttributes: String? = nil) {
        self.id = id
        self.direction = direction
        self.uri = uri
        self.extensionAttributes = extensionAttributes
    }

    /// Parses the value after `a=extmap:`.
    public init(parsing value: String) throws {
        let f = SDPSyntax.fields(value)
        guard f.count >= 2 else {
            throw SDPError.invalid(field: "extmap", reason: "expected \"<id> <uri>\", got \"\(value)\"")
        }
        let idParts = f[0].split(separator: "/", omittingEmptySubsequences: false)
        guard idParts.count <= 2, let id: UInt16 = SDPSyntax.number(idParts[0], maxDigits: 4), (1...4351).contains(id) else {
            throw SDPError.invalid(field: "extmap", reason: "id \"\(f[0])\" is not 1…4351[/direction]")
        }
        var direction: SDPDirection?
        if idParts.count == 2 {
            guard let d = SDPDirection(rawValue: String(idParts[1])) else {
                throw SDPError.invalid(field: "extmap", reason: "direction \"\(idParts[1])\" is not a media direction")
            }
            direction = d
        }
        guard SDPSyntax.isVisible(f[1]) else { throw SDPError.invalid(field: "extmap", reason: "bad URI \"\(f[1])\"") }
        self.init(id: id, direction: direction, uri: String(f[1]),
                  extensionAttributes: f.count > 2 ? f[2...].joined(separator: " ") : nil)
    }

    /// The value after `a=extmap:`.
    public var value: String {
        var s = "\(id)"
        if let direction { s += "/\(direction.rawValue)" }
        s += " \(uri)"
        if let extensionAttributes { s += " \(extensionAttributes)" }
        return s
    }
}
