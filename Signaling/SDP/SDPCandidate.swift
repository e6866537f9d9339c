/// An ICE candidate line, `a=candidate:` (RFC 8839 §5.1):
///
///     candidate-attribute = "candidate" ":" foundation SP component-id SP
///                           transport SP priority SP connection-address SP port
///                           SP cand-type [SP rel-addr] [SP rel-port] *(SP cand-extension)
///     foundation          = 1*32ice-char
///     component-id        = 1*3DIGIT
///     transport           = "UDP" / transport-extension
///     priority            = 1*10DIGIT
///     cand-type           = "typ" SP candidate-types   ; host / srflx / prflx / relay / token
///     rel-addr            = "raddr" SP connection-address
///     rel-port            = "rport" SP port
///     cand-extension      = extension-att-name SP extension-att-value
///
/// Also parses the `candidate` string browsers put in trickle messages
/// (`candidate:…`, with or without `a=`). Browser extensions such as
/// `generation 0 network-id 1` and `tcptype active` are kept in ``extensions``.
public struct SDPCandidate: Hashable, Sendable {
    /// A name/value pair after the candidate type.
    public struct Extension: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Candidate types (RFC 8445 §5.1.1).
    public struct CandidateType: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let host = CandidateType(rawValue: "host")
        public static let serverReflexive = CandidateType(rawValue: "srflx")
        public static let peerReflexive = CandidateType(rawValue: "prflx")
        public static let relayed = CandidateType(rawValue: "relay")

        /// The RECOMMENDED type preference of RFC 8445 §5.1.2.2 (126 host, 110 prflx, 100 srflx, 0 relay).
        public var recommendedTypePreference: UInt32 {
            switch rawValue {
            case "host": 126
            case "prflx": 110
            case "srflx": 100
            default: 0
            }
        }
    }

    public var foundation: String
    /// 1 for RTP; 2 for RTCP without rtcp-mux.
    public var component: UInt16
    /// `UDP`, `tcp`, … as written.
    public var transport: String
    public var priority: UInt32
    /// IP address or FQDN (`….local` for mDNS-obfuscated browser candidates).
    public var address: String
    public var port: UInt16
    public var type: CandidateType
    public var relatedAddress: String?
    public var relatedPort: UInt16?
    public var extensions: [Extension]

    public init(foundation: String, component: UInt16 = 1, transport: String = "udp", priority: UInt32,
                address: String, port: UInt16, type: CandidateType, relatedAddress: String? = nil,
                relatedPort: UInt16? = nil, extensions: [Extension] = []) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        self.extensions = extensions
    }

    /// Parses `candidate:…`, `a=candidate:…` or the bare value after `candidate:`.
    public init(parsing text: String) throws {
        var s = Substring(text.trimmingSpaces())
        if s.hasPrefix("a=") { s = s.dropFirst(2) }
        if s.hasPrefix("candidate:") { s = s.dropFirst("candidate:".count) }
        let f = SDPSyntax.fields(s)
        func fail(_ reason: String) -> SDPError { SDPError.invalid(field: "candidate", reason: reason) }
        guard f.count >= 8 else { throw fail("expected at least 8 fields, found \(f.count)") }
        guard f[0].utf8.count <= 32, !f[0].isEmpty, f[0].utf8.allSatisfy(SDPSyntax.isICEByte) else {
            throw fail("foundation \"\(f[0])\" is not 1…32 ice-chars")
        }
        guard let component: UInt16 = SDPSyntax.number(f[1], maxDigits: 3), (1...256).contains(component) else {
            throw fail("component id \"\(f[1])\" is not 1…256")
        }
        guard SDPSyntax.isToken(f[2]) else { throw fail("transport \"\(f[2])\" is not a token") }
        guard let priority: UInt32 = SDPSyntax.number(f[3], maxDigits: 10), priority > 0 else {
            throw fail("priority \"\(f[3])\" is not 1…2^32-1")
        }
        guard SDPSyntax.isVisible(f[4]) else { throw fail("bad connection address \"\(f[4])\"") }
        guard let port: UInt16 = SDPSyntax.number(f[5], maxDigits: 5) else { throw fail("port \"\(f[5])\" is not 0…65535") }
        guard f[6] == "typ" else { throw fail("expected \"typ\" as the 7th field, found \"\(f[6])\"") }
        guard SDPSyntax.isToken(f[7]) else { throw fail("candidate type \"\(f[7])\" is not a token") }
        let rest = Array(f[8...])
        guard rest.count % 2 == 0 else { throw fail("extension \"\(rest.last ?? "")\" has no value") }
        var relatedAddress: String?
        var relatedPort: UInt16?
        var extensions: [Extension] = []
        for i in stride(from: 0, to: rest.count, by: 2) {
            let name = rest[i], value = rest[i + 1]
            switch name {
            case "raddr":
                guard SDPSyntax.isVisible(value) else { throw fail("bad raddr \"\(value)\"") }
                relatedAddress = String(value)
            case "rport":
                guard let p: UInt16 = SDPSyntax.number(value, maxDigits: 5) else { throw fail("rport \"\(value)\" is not 0…65535") }
                relatedPort = p
            default:
                guard SDPSyntax.isVisible(name), SDPSyntax.isVisible(value) else { throw fail("bad extension \"\(name) \(value)\"") }
                extensions.append(Extension(name: String(name), value: String(value)))
            }
        }
        self.init(foundation: String(f[0]), component: component, transport: String(f[2]), priority: priority,
                  address: String(f[4]), port: port, type: CandidateType(rawValue: String(f[7])),
                  relatedAddress: relatedAddress, relatedPort: relatedPort, extensions: extensions)
    }

    /// Whether the transport is UDP (case-insensitive).
    public var isUDP: Bool { transport.lowercased() == "udp" }

    /// The `tcptype` extension (RFC 6544 §4.5), if present.
    public var tcpType: String? { extensions.first { $0.name == "tcptype" }?.value }

    /// The value after `a=candidate:` (also what follows `candidate:` in a trickle message).
    public var value: String {
        var s = "\(foundation) \(component) \(transport) \(priority) \(address) \(port) typ \(type.rawValue)"
        if let relatedAddress { s += " raddr \(relatedAddress)" }
        if let relatedPort { s += " rport \(relatedPort)" }
        for e in extensions { s += " \(e.name) \(e.value)" }
        return s
    }

    /// The candidate priority of RFC 8445 §5.1.2.1:
    /// `(2^24) * type preference + (2^8) * local preference + (256 - component ID)`.
    public static func priority(typePreference: UInt32, localPreference: UInt16, component: UInt16 = 1) -> UInt32 {
        let type = min(typePreference, 126)
        let comp = UInt32(min(max(component, 1), 256))
        return type << 24 + UInt32(localPreference) << 8 + (256 - comp)
    }

    /// A foundation for a candidate of `type` on `baseAddress` over `transport` (RFC 8445 §5.1.1.3):
    /// equal inputs give equal foundations; it is the decimal FNV-1a 32-bit hash of the three.
    public static func foundation(type: CandidateType, baseAddress: String, transport: String = "udp") -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in "\(type.rawValue)|\(baseAddress.lowercased())|\(transport.lowercased())".utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return String(hash)
    }
}
