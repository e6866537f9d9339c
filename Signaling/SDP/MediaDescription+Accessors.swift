extension MediaDescription {
    /// `a=mid` (RFC 5888 §4; the BUNDLE identification tag of RFC 8843).
    public var mid: String? { attributeValue("mid") }

    /// The media-level direction, `sendrecv` when absent (RFC 8866 §6.7). Use
    /// ``SessionDescription/direction(for:)`` to honour a session-level direction.
    public var direction: SDPDirection { directionAttribute ?? .sendrecv }

    /// The media-level `c=` line.
    public var connection: SDPConnection? {
        lines.first { $0.type == "c" }.flatMap { try? SDPConnection(parsing: $0.value) }
    }

    /// Whether the section is rejected: port 0 and not `a=bundle-only` (RFC 8843 §6, RFC 3264 §6).
    public var isRejected: Bool { port == 0 && !isBundleOnly }

    /// Whether `a=bundle-only` (RFC 8843 §6) is present.
    public var isBundleOnly: Bool { hasAttribute("bundle-only") }

    /// Whether `a=rtcp-mux` (RFC 5761 §5.1.1) is present.
    public var rtcpMux: Bool { hasAttribute("rtcp-mux") }

    /// Whether `a=rtcp-rsize` (RFC 5506 §5) is present.
    public var rtcpReducedSize: Bool { hasAttribute("rtcp-rsize") }

    /// `a=rtpmap` lines (RFC 8866 §6.6).
    public var rtpMaps: [SDPRTPMap] { parsedValues("rtpmap", SDPRTPMap.init(parsing:)) }

    /// The `a=rtpmap` for `payloadType`.
    public func rtpMap(for payloadType: UInt8) -> SDPRTPMap? {
        rtpMaps.first { $0.payloadType == payloadType }
    }

    /// `a=fmtp` lines (RFC 8866 §6.15).
    public var formatParameters: [SDPFormatParameters] { parsedValues("fmtp", SDPFormatParameters.init(parsing:)) }

    /// The `a=fmtp` for `payloadType`.
    public func formatParameters(for payloadType: UInt8) -> SDPFormatParameters? {
        formatParameters.first { $0.format == String(payloadType) }
    }

    /// `a=rtcp-fb` lines (RFC 4585 §4.2).
    public var rtcpFeedback: [SDPRTCPFeedback] { parsedValues("rtcp-fb", SDPRTCPFeedback.init(parsing:)) }

    /// `a=rtcp-fb` lines that apply to `payloadType` (its own and `*`).
    public func rtcpFeedback(for payloadType: UInt8) -> [SDPRTCPFeedback] {
        rtcpFeedback.filter { $0.format == "*" || $0.format == String(payloadType) }
    }

    /// `a=extmap` lines (RFC 8285 §8).
    public var extMaps: [SDPExtMap] { parsedValues("extmap", SDPExtMap.init(parsing:)) }

    /// `a=ssrc` lines (RFC 5576 §4.1).
    public var ssrcAttributes: [SDPSSRCAttribute] { parsedValues("ssrc", SDPSSRCAttribute.init(parsing:)) }

    /// Distinct SSRCs named by `a=ssrc`, in first-seen order.
    public var ssrcs: [UInt32] {
        var seen: [UInt32] = []
        for a in ssrcAttributes where !seen.contains(a.ssrc) { seen.append(a.ssrc) }
        return seen
    }

    /// `a=ssrc:<id> cname:` for `ssrc` (RFC 5576 §6.1).
    public func cname(for ssrc: UInt32) -> String? {
        ssrcAttributes.first { $0.ssrc == ssrc && $0.attribute == "cname" }?.attributeValue
    }

    /// `a=ssrc-group` lines as groups of SSRCs (RFC 5576 §4.2), e.g. `FID 1 2`.
    public var ssrcGroups: [(semantics: String, ssrcs: [UInt32])] {
        attributes(named: "ssrc-group").compactMap { a in
            let f = SDPSyntax.fields(a.value ?? "")
            guard let semantics = f.first else { return nil }
            return (String(semantics), f.dropFirst().compactMap { SDPSyntax.number($0, maxDigits: 10, as: UInt32.self) })
        }
    }

    /// `a=msid` (RFC 8830 §2).
    public var msid: SDPMediaStreamID? { parsedValues("msid", SDPMediaStreamID.init(parsing:)).first }

    /// The payload types of ``formats`` (RTP media only), in preference order.
    public var payloadTypes: [UInt8] {
        formats.compactMap { SDPSyntax.number($0, maxDigits: 3, as: UInt8.self).flatMap { $0 <= 127 ? $0 : nil } }
    }
}
