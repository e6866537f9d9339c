extension SessionDescription {
    /// Parses SDP text (RFC 8866 §5), CRLF or bare LF line endings.
    ///
    /// Rules enforced, each failure an ``SDPError`` with the line number:
    /// - size, line count and media-section count within `limits`;
    /// - every line is `<letter>=<value>` with a type letter RFC 8866 defines (§5: a
    ///   description with an unknown type letter must be rejected); no blank lines except at the end;
    /// - `v=0` first, exactly one `o=` and `s=` before any `m=`, at least one `t=`;
    /// - only `i= c= b= k= a=` inside a media section;
    /// - `o=`, `c=`, `t=`, `m=` and the known attributes (`rtpmap`, `fmtp`, `rtcp-fb`,
    ///   `fingerprint`, `setup`, `candidate`, `extmap`, `ssrc`, `msid`, `group`, `mid`,
    ///   `ice-ufrag`, `ice-pwd`) follow their grammars.
    public init(parsing text: String, limits: SDPParserLimits = .default) throws {
        let byteCount = text.utf8.count
        guard byteCount <= limits.maxBytes else { throw SDPError.tooLarge(bytes: byteCount, limit: limits.maxBytes) }
        // Split on LF bytes: in Swift "\r\n" is one Character, so split the UTF-8 view.
        var rawLines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            Substring(line.last == UInt8(ascii: "\r") ? line.dropLast() : line)
        }
        while let last = rawLines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { rawLines.removeLast() }
        guard !rawLines.isEmpty else { throw SDPError.empty }
        guard rawLines.count <= limits.maxLines else { throw SDPError.tooManyLines(count: rawLines.count, limit: limits.maxLines) }

        var origin: SDPOrigin?
        var sessionName: String?
        var sessionLines: [SDPLine] = []
        var sessionAttributes: [SDPAttribute] = []
        var media: [MediaDescription] = []

        for (index, raw) in rawLines.enumerated() {
            let number = index + 1
            let bytes = Array(raw.utf8)
            guard bytes.count >= 2, bytes[1] == UInt8(ascii: "="), (0x61...0x7A).contains(bytes[0]) else {
                throw SDPError.malformedLine(line: number, reason: "\"\(raw.prefix(40))\" is not <letter>=<value>")
            }
            guard !bytes.contains(0), !bytes.contains(UInt8(ascii: "\r")) else {
                throw SDPError.malformedLine(line: number, reason: "NUL or bare CR inside the line")
            }
            let type = Character(Unicode.Scalar(bytes[0]))
            let value = String(raw.dropFirst(2))
            func invalid(_ error: Error, field: String) -> SDPError {
                if case let SDPError.invalid(f, reason) = error { return .invalidValue(line: number, field: f, reason: reason) }
                return .invalidValue(line: number, field: field, reason: "\(error)")
            }

            if index == 0 {
                guard type == "v" else { throw SDPError.missingLine(type: "v", reason: "the first line must be v=0") }
                guard value == "0" else { throw SDPError.invalidValue(line: number, field: "v=", reason: "version \"\(value)\" is not 0") }
                continue
            }
            switch type {
            case "v":
                throw SDPError.malformedLine(line: number, reason: "v= may only be the first line")
            case "o":
                guard media.isEmpty, origin == nil else { throw SDPError.malformedLine(line: number, reason: "unexpected second or media-level o= line") }
                do { origin = try SDPOrigin(parsing: value) } catch { throw invalid(error, field: "o=") }
            case "s":
                guard media.isEmpty, sessionName == nil else { throw SDPError.malformedLine(line: number, reason: "unexpected second or media-level s= line") }
                sessionName = value
            case "m":
                guard origin != nil, sessionName != nil else {
                    throw SDPError.missingLine(type: origin == nil ? "o" : "s", reason: "required before the first m= line")
                }
                guard media.count < limits.maxMediaSections else { throw SDPError.tooManyMediaSections(limit: limits.maxMediaSections) }
                do { media.append(try MediaDescription(parsingMediaLine: value)) } catch { throw invalid(error, field: "m=") }
            case "a":
                let attribute: SDPAttribute
                do {
                    attribute = try SDPAttribute(parsing: value)
                    try Self.validate(attribute)
                } catch { throw invalid(error, field: "attribute") }
                if media.isEmpty { sessionAttributes.append(attribute) } else { media[media.count - 1].attributes.append(attribute) }
            case "i", "c", "b", "k":
                if type == "c" {
                    do { _ = try SDPConnection(parsing: value) } catch { throw invalid(error, field: "c=") }
                }
                if type == "b" && !value.contains(":") {
                    throw SDPError.invalidValue(line: number, field: "b=", reason: "expected <bwtype>:<bandwidth>")
                }
                let line = SDPLine(type: type, value: value)
                if media.isEmpty { sessionLines.append(line) } else { media[media.count - 1].lines.append(line) }
            case "u", "e", "p", "t", "r", "z":
                guard media.isEmpty else { throw SDPError.malformedLine(line: number, reason: "\(type)= is not allowed in a media section") }
                if type == "t" {
                    let f = SDPSyntax.fields(value)
                    guard f.count == 2, f.allSatisfy({ SDPSyntax.number($0, as: UInt64.self) != nil }) else {
                        throw SDPError.invalidValue(line: number, field: "t=", reason: "expected \"<start> <stop>\", got \"\(value)\"")
                    }
                }
                sessionLines.append(SDPLine(type: type, value: value))
            default:
                throw SDPError.malformedLine(line: number, reason: "unknown line type \"\(type)=\"")
            }
        }
        guard let origin else { throw SDPError.missingLine(type: "o", reason: "no origin line") }
        guard let sessionName else { throw SDPError.missingLine(type: "s", reason: "no session name line") }
        guard sessionLines.contains(where: { $0.type == "t" }) else { throw SDPError.missingLine(type: "t", reason: "no timing line") }
        self.init(version: 0, origin: origin, sessionName: sessionName, lines: sessionLines,
                  attributes: sessionAttributes, media: media)
    }

    /// Checks the value of a known attribute against its grammar; unknown attributes pass.
    static func validate(_ attribute: SDPAttribute) throws {
        let name = attribute.name
        let needsValue: Set<String> = ["rtpmap", "fmtp", "rtcp-fb", "fingerprint", "setup", "candidate", "extmap",
                                       "ssrc", "msid", "group", "mid", "ice-ufrag", "ice-pwd", "ice-options"]
        guard needsValue.contains(name) else { return }
        guard let value = attribute.value else {
            throw SDPError.invalid(field: name, reason: "a=\(name) needs a value")
        }
        switch name {
        case "rtpmap": _ = try SDPRTPMap(parsing: value)
        case "fmtp": _ = try SDPFormatParameters(parsing: value)
        case "rtcp-fb": _ = try SDPRTCPFeedback(parsing: value)
        case "fingerprint": _ = try SDPFingerprint(parsing: value)
        case "setup": _ = try SDPSetupRole(parsing: value)
        case "candidate": _ = try SDPCandidate(parsing: value)
        case "extmap": _ = try SDPExtMap(parsing: value)
        case "ssrc": _ = try SDPSSRCAttribute(parsing: value)
        case "msid": _ = try SDPMediaStreamID(parsing: value)
        case "group": _ = try SDPGroup(parsing: value)
        case "mid":
            guard SDPSyntax.isToken(value), value.utf8.count <= 256 else {
                throw SDPError.invalid(field: "mid", reason: "\"\(value)\" is not a 1…256 character token")
            }
        case "ice-ufrag": try ICECredentialSyntax.validateUfrag(value)
        case "ice-pwd": try ICECredentialSyntax.validatePwd(value)
        case "ice-options":
            guard SDPSyntax.fields(value).allSatisfy(SDPSyntax.isToken), !SDPSyntax.fields(value).isEmpty else {
                throw SDPError.invalid(field: "ice-options", reason: "\"\(value)\" is not a list of tokens")
            }
        default: break
        }
    }
}
