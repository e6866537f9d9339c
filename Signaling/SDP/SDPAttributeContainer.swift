/// Something holding `a=` lines: a ``SessionDescription`` (session level) or a
/// ``MediaDescription`` (media level). The attributes that may appear at either level
/// (RFC 8839 ICE, RFC 8122 fingerprint, RFC 4145 setup) are read here.
public protocol SDPAttributeContainer {
    var attributes: [SDPAttribute] { get set }
}

extension SDPAttributeContainer {
    /// The first attribute called `name`.
    public func attribute(named name: String) -> SDPAttribute? {
        attributes.first { $0.name == name }
    }

    /// Every attribute called `name`, in order.
    public func attributes(named name: String) -> [SDPAttribute] {
        attributes.filter { $0.name == name }
    }

    /// Whether an attribute called `name` is present.
    public func hasAttribute(_ name: String) -> Bool {
        attributes.contains { $0.name == name }
    }

    /// The value of the first attribute called `name`.
    public func attributeValue(_ name: String) -> String? {
        attribute(named: name)?.value
    }

    /// Values of every attribute called `name`, each parsed with `parse`; values that fail are skipped
    /// (the parser already rejected malformed ones).
    func parsedValues<T>(_ name: String, _ parse: (String) throws -> T) -> [T] {
        attributes.compactMap { $0.name == name ? $0.value.flatMap { try? parse($0) } : nil }
    }

    /// `a=ice-ufrag` (RFC 8839 §5.4) at this level.
    public var iceUfrag: String? { attributeValue("ice-ufrag") }
    /// `a=ice-pwd` (RFC 8839 §5.4) at this level.
    public var icePwd: String? { attributeValue("ice-pwd") }
    /// `a=ice-options` tokens (RFC 8839 §5.6) at this level, e.g. `["trickle"]`.
    public var iceOptions: [String] {
        attributes(named: "ice-options").flatMap { SDPSyntax.fields($0.value ?? "").map(String.init) }
    }
    /// `a=fingerprint` lines (RFC 8122 §5) at this level.
    public var fingerprints: [SDPFingerprint] { parsedValues("fingerprint", SDPFingerprint.init(parsing:)) }
    /// `a=setup` (RFC 4145 §4) at this level.
    public var setup: SDPSetupRole? { parsedValues("setup", SDPSetupRole.init(parsing:)).first }
    /// `a=candidate` lines (RFC 8839 §5.1) at this level.
    public var candidates: [SDPCandidate] { parsedValues("candidate", SDPCandidate.init(parsing:)) }
    /// Whether `a=end-of-candidates` (RFC 8840 §8.2) is present at this level.
    public var hasEndOfCandidates: Bool { hasAttribute("end-of-candidates") }
    /// The direction attribute at this level, if any (RFC 8866 §6.7).
    public var directionAttribute: SDPDirection? {
        attributes.lazy.compactMap { SDPDirection(rawValue: $0.name) }.first
    }
}
