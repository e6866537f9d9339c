import ParleyCrypto

/// Builds Parley's answer to a browser offer (JSEP RFC 8829 §5.3.1, RFC 3264 §6).
///
/// Parley is an ICE-lite (RFC 8445 §2.5, `a=ice-lite`) DTLS server (`a=setup:passive`,
/// RFC 5763 §5) that speaks one Opus 48 kHz stream (RFC 7587 §7). The first audio section
/// that offers `opus/48000/2` over `UDP/TLS/RTP/SAVP(F)` is accepted with the offer's
/// payload type; every other section (video, data channel, a second audio, audio without
/// Opus) is rejected with port 0 (RFC 3264 §6, RFC 8843 §7.3.3) and left out of BUNDLE.
///
/// The accepted section carries, in order: `c=`, `a=mid`, the answer direction, ICE
/// credentials, fingerprint, `a=setup:passive`, `a=rtcp-mux` (when offered, RFC 5761
/// §5.1.1), `a=rtpmap`/`a=fmtp` for Opus (`minptime=10;useinbandfec=1`; the offer's
/// `stereo`/`sprop-stereo` are not echoed since Parley sends mono voice), `a=msid` and
/// `a=ssrc` (when Parley sends), host candidates (RFC 8839 §5.1) with RFC 8445 §5.1.2.1
/// priorities, and `a=end-of-candidates` (RFC 8840 §8.2). The `m=` port and `c=` address
/// are those of the first (highest-priority) candidate.
///
/// Throws ``SDPError/cannotAnswer(reason:)`` when the offer has no usable audio, no ICE
/// credentials or no fingerprint; ``SDPError/unsupportedSetupRole(_:)`` for
/// `a=setup:passive` or `holdconn` (a missing `a=setup` counts as `actpass`); and
/// ``SDPError/invalid(field:reason:)`` when a local parameter is malformed.
public struct SDPAnswerBuilder: Sendable {
    /// Transport protocols accepted for the audio section (DTLS-SRTP over UDP).
    public static let acceptedProtocols: Set<String> = ["UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP"]

    /// The local parameters put in every answer.
    public var parameters: SDPAnswerParameters

    public init(parameters: SDPAnswerParameters) {
        self.parameters = parameters
    }

    /// Parses `offerSDP` and answers it.
    public func answer(offerSDP: String, limits: SDPParserLimits = .default) throws -> SDPAnswer {
        try answer(to: SessionDescription(parsing: offerSDP, limits: limits))
    }

    /// Answers a parsed offer.
    public func answer(to offer: SessionDescription) throws -> SDPAnswer {
        let localFingerprint = try validatedLocalFingerprint()
        let candidates = try localCandidates()
        guard let defaultCandidate = candidates.first else {
            throw SDPError.invalid(field: "hostAddresses", reason: "no usable local address for a host candidate")
        }

        let (audioIndex, payloadType) = try findAudio(in: offer)
        let audio = offer.media[audioIndex]
        // Transport attributes: the audio section's own, else those of a section BUNDLEd with it
        // (they share one transport, RFC 8843 §7.1.3), else session level.
        let sources = Self.transportSources(offer: offer, audioIndex: audioIndex)
        guard let ufrag = sources.lazy.compactMap(\.iceUfrag).first ?? offer.iceUfrag,
              let pwd = sources.lazy.compactMap(\.icePwd).first ?? offer.icePwd else {
            throw SDPError.cannotAnswer(reason: "the offer has no a=ice-ufrag/a=ice-pwd for its audio section")
        }
        let sectionFingerprints = sources.lazy.map(\.fingerprints).first { !$0.isEmpty } ?? []
        let fingerprints = sectionFingerprints.isEmpty ? offer.fingerprints : sectionFingerprints
        guard let first = fingerprints.first else {
            throw SDPError.cannotAnswer(reason: "the offer has no a=fingerprint for its audio section")
        }
        let remoteFingerprint = fingerprints.first { $0.algorithm == "sha-256" } ?? first
        let remoteSetup = sources.lazy.compactMap(\.setup).first ?? offer.setup ?? .actpass
        guard remoteSetup == .actpass || remoteSetup == .active else {
            throw SDPError.unsupportedSetupRole(remoteSetup.rawValue)
        }
        let direction = offer.direction(for: audio).answer
        let bundled = audio.mid.map { mid in offer.groups.contains { $0.isBundle && $0.mids.contains(mid) } } ?? false

        var media: [MediaDescription] = []
        for (index, offered) in offer.media.enumerated() {
            if index == audioIndex {
                media.append(acceptedAudio(offered: audio, payloadType: payloadType, direction: direction,
                                           fingerprint: localFingerprint, candidates: candidates,
                                           defaultCandidate: defaultCandidate))
            } else {
                media.append(Self.rejected(offered))
            }
        }

        var sessionAttributes = [SDPAttribute(name: "ice-lite")]
        if bundled, let mid = audio.mid {
            sessionAttributes.append(SDPAttribute(name: "group", value: "BUNDLE \(mid)"))
        }
        let sessionId = parameters.sessionId ?? (SecureRandom.bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } & 0x7FFF_FFFF_FFFF_FFFF)
        let description = SessionDescription(
            origin: SDPOrigin(username: "-", sessionId: String(sessionId), sessionVersion: "1",
                              networkType: "IN", addressType: "IP4", address: "0.0.0.0"),
            sessionName: "-",
            lines: [SDPLine(type: "t", value: "0 0")],
            attributes: sessionAttributes,
            media: media
        )
        let negotiated = NegotiatedAudio(
            remoteIceUfrag: ufrag, remoteIcePwd: pwd,
            remoteFingerprint: remoteFingerprint, remoteFingerprints: fingerprints,
            payloadType: payloadType,
            remoteOpusParameters: audio.formatParameters(for: payloadType)?.parameters ?? [:],
            remoteSSRC: audio.ssrcs.first, mid: audio.mid, mediaIndex: audioIndex,
            rtcpMux: audio.rtcpMux, remoteSetupRole: remoteSetup, localSetupRole: .passive,
            direction: direction, remoteCandidates: audio.candidates + (offer.candidates),
            remoteIceOptions: audio.iceOptions.isEmpty ? offer.iceOptions : audio.iceOptions,
            remoteIsICELite: offer.isICELite
        )
        return SDPAnswer(sessionDescription: description, audio: negotiated)
    }

    /// The audio section, then the other sections of its BUNDLE group, in offer order.
    static func transportSources(offer: SessionDescription, audioIndex: Int) -> [MediaDescription] {
        let audio = offer.media[audioIndex]
        guard let mid = audio.mid, let group = offer.groups.first(where: { $0.isBundle && $0.mids.contains(mid) }) else {
            return [audio]
        }
        return [audio] + offer.media.enumerated().filter { index, m in
            index != audioIndex && m.mid.map(group.mids.contains) == true
        }.map(\.element)
    }

    /// The first audio section that is not rejected, runs DTLS-SRTP over UDP and offers
    /// Opus 48000/2; with the first Opus payload type in the offer's preference order.
    func findAudio(in offer: SessionDescription) throws -> (index: Int, payloadType: UInt8) {
        var reasons: [String] = []
        for (index, m) in offer.media.enumerated() where m.kind.lowercased() == "audio" {
            let label = "audio section \(index)" + (m.mid.map { " (mid \($0))" } ?? "")
            guard !m.isRejected else { reasons.append("\(label) is rejected (port 0)"); continue }
            guard Self.acceptedProtocols.contains(m.proto.uppercased()) else {
                reasons.append("\(label) uses \(m.proto), not UDP/TLS/RTP/SAVPF")
                continue
            }
            if let pt = m.payloadTypes.first(where: { m.rtpMap(for: $0)?.isOpus ?? false }) {
                return (index, pt)
            }
            reasons.append("\(label) offers no opus/48000/2")
        }
        if reasons.isEmpty { reasons.append("the offer has no audio section") }
        throw SDPError.cannotAnswer(reason: "no usable audio: " + reasons.joined(separator: "; "))
    }

    /// The accepted Opus section.
    func acceptedAudio(offered: MediaDescription, payloadType: UInt8, direction: SDPDirection,
                       fingerprint: SDPFingerprint, candidates: [SDPCandidate],
                       defaultCandidate: SDPCandidate) -> MediaDescription {
        var a: [SDPAttribute] = []
        if let mid = offered.mid { a.append(SDPAttribute(name: "mid", value: mid)) }
        a.append(SDPAttribute(name: direction.rawValue))
        a.append(SDPAttribute(name: "ice-ufrag", value: parameters.iceUfrag))
        a.append(SDPAttribute(name: "ice-pwd", value: parameters.icePwd))
        a.append(SDPAttribute(name: "fingerprint", value: fingerprint.value))
        a.append(SDPAttribute(name: "setup", value: SDPSetupRole.passive.rawValue))
        if offered.rtcpMux { a.append(SDPAttribute(name: "rtcp-mux")) }
        a.append(SDPAttribute(name: "rtpmap", value: SDPRTPMap(payloadType: payloadType, encodingName: "opus", clockRate: 48000, channels: 2).value))
        a.append(SDPAttribute(name: "fmtp", value: SDPFormatParameters(format: String(payloadType), parameterText: "minptime=10;useinbandfec=1").value))
        if direction.sends {
            let msid = SDPMediaStreamID(streamId: parameters.streamId, trackId: parameters.trackId)
            a.append(SDPAttribute(name: "msid", value: msid.value))
            a.append(SDPAttribute(name: "ssrc", value: SDPSSRCAttribute(ssrc: parameters.ssrc, attribute: "cname", value: parameters.cname).value))
            a.append(SDPAttribute(name: "ssrc", value: SDPSSRCAttribute(ssrc: parameters.ssrc, attribute: "msid", value: msid.value).value))
        }
        for c in candidates { a.append(SDPAttribute(name: "candidate", value: c.value)) }
        a.append(SDPAttribute(name: "end-of-candidates"))
        return MediaDescription(
            kind: offered.kind, port: defaultCandidate.port, proto: offered.proto, formats: [String(payloadType)],
            lines: [SDPLine(type: "c", value: SDPConnection(address: defaultCandidate.address).value)],
            attributes: a
        )
    }

    /// A rejected section: port 0, the offer's kind, proto and first format, `c=IN IP4 0.0.0.0`, and only its mid.
    static func rejected(_ offered: MediaDescription) -> MediaDescription {
        MediaDescription(
            kind: offered.kind, port: 0, proto: offered.proto, formats: Array(offered.formats.prefix(1)),
            lines: [SDPLine(type: "c", value: "IN IP4 0.0.0.0")],
            attributes: offered.mid.map { [SDPAttribute(name: "mid", value: $0)] } ?? []
        )
    }

    /// Checks the local credentials, cname and msid, and parses the local fingerprint.
    func validatedLocalFingerprint() throws -> SDPFingerprint {
        try ICECredentialSyntax.validateUfrag(parameters.iceUfrag)
        try ICECredentialSyntax.validatePwd(parameters.icePwd)
        guard SDPSyntax.isVisible(parameters.cname) else {
            throw SDPError.invalid(field: "cname", reason: "must be non-empty visible ASCII without spaces")
        }
        _ = try SDPMediaStreamID(parsing: "\(parameters.streamId) \(parameters.trackId)")
        return try SDPFingerprint(parsing: parameters.fingerprint)
    }

    /// Host candidates, public address first, unspecified and duplicate addresses dropped.
    /// Local preferences count down from 65535 so each candidate has a distinct priority (RFC 8445 §5.1.2.1).
    func localCandidates() throws -> [SDPCandidate] {
        var addresses: [SDPAnswerParameters.CandidateAddress] = []
        for address in [parameters.publicAddress].compactMap({ $0 }) + parameters.hostAddresses {
            let host = address.host.trimmingSpaces()
            guard !["", "0.0.0.0", "::", "[::]"].contains(host) else { continue }
            guard SDPSyntax.isVisible(host) else {
                throw SDPError.invalid(field: "hostAddresses", reason: "\"\(address.host)\" is not an address")
            }
            let cleaned = SDPAnswerParameters.CandidateAddress(host: host, port: address.port)
            if !addresses.contains(cleaned) { addresses.append(cleaned) }
        }
        return addresses.enumerated().map { index, address in
            SDPCandidate(
                foundation: SDPCandidate.foundation(type: .host, baseAddress: address.host),
                component: 1, transport: "udp",
                priority: SDPCandidate.priority(typePreference: SDPCandidate.CandidateType.host.recommendedTypePreference,
                                                localPreference: UInt16(max(0, 65535 - index))),
                address: address.host, port: address.port, type: .host
            )
        }
    }
}
