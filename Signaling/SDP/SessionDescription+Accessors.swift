extension SessionDescription {
    /// Whether `a=ice-lite` (RFC 8839 §5.3) is present at session level.
    public var isICELite: Bool { hasAttribute("ice-lite") }

    /// `a=group` lines (RFC 5888 §5).
    public var groups: [SDPGroup] { parsedValues("group", SDPGroup.init(parsing:)) }

    /// The mids of the first `a=group:BUNDLE` (RFC 8843 §7), or `nil` without one.
    public var bundleMids: [String]? { groups.first(where: \.isBundle)?.mids }

    /// The session-level `c=` line (RFC 8866 §5.7).
    public var connection: SDPConnection? {
        lines.first { $0.type == "c" }.flatMap { try? SDPConnection(parsing: $0.value) }
    }

    /// The media section whose `a=mid` is `mid`.
    public func media(withMid mid: String) -> MediaDescription? {
        media.first { $0.mid == mid }
    }

    /// ICE ufrag for `media`: media level, else session level (RFC 8839 §5.4).
    public func iceUfrag(for media: MediaDescription) -> String? { media.iceUfrag ?? iceUfrag }
    /// ICE password for `media`: media level, else session level (RFC 8839 §5.4).
    public func icePwd(for media: MediaDescription) -> String? { media.icePwd ?? icePwd }
    /// Fingerprints for `media`: media level if any, else session level (RFC 8122 §5).
    public func fingerprints(for media: MediaDescription) -> [SDPFingerprint] {
        let m = media.fingerprints
        return m.isEmpty ? fingerprints : m
    }
    /// Setup role for `media`: media level, else session level (RFC 4145 §4).
    public func setup(for media: MediaDescription) -> SDPSetupRole? { media.setup ?? setup }
    /// Direction for `media`: media level, else session level, else `sendrecv` (RFC 8866 §6.7).
    public func direction(for media: MediaDescription) -> SDPDirection {
        media.directionAttribute ?? directionAttribute ?? .sendrecv
    }
    /// `c=` for `media`: media level, else session level (RFC 8866 §5.7).
    public func connection(for media: MediaDescription) -> SDPConnection? { media.connection ?? connection }
}
