/// One media section: the `m=` line and every line up to the next `m=` (RFC 8866 §5.14):
///
///     m=<media> <port>[/<number of ports>] <proto> <fmt> ...
///
/// Non-attribute lines (`i= c= b= k=`) are kept in ``lines``, attributes in ``attributes``,
/// each in received order. Typed accessors live in `MediaDescription+Accessors.swift`.
public struct MediaDescription: Hashable, Sendable, SDPAttributeContainer {
    /// `audio`, `video`, `application`, …
    public var kind: String
    /// Transport port; 0 means the section is rejected (or `bundle-only`, RFC 8843 §6).
    public var port: UInt16
    /// The `/<number of ports>` suffix, if written.
    public var portCount: UInt16?
    /// `UDP/TLS/RTP/SAVPF`, `UDP/DTLS/SCTP`, …
    public var proto: String
    /// Payload types for RTP media, or other format tokens (`webrtc-datachannel`).
    public var formats: [String]
    /// `i= c= b= k=` lines in order.
    public var lines: [SDPLine]
    /// `a=` lines in order.
    public var attributes: [SDPAttribute]

    public init(kind: String, port: UInt16, portCount: UInt16? = nil, proto: String, formats: [String],
                lines: [SDPLine] = [], attributes: [SDPAttribute] = []) {
        self.kind = kind
        self.port = port
        self.portCount = portCount
        self.proto = proto
        self.formats = formats
        self.lines = lines
        self.attributes = attributes
    }

    /// Parses the value after `m=` (attributes and other lines are added by the description parser).
    public init(parsingMediaLine value: String) throws {
        let f = SDPSyntax.fields(value)
        guard f.count >= 4 else {
            throw SDPError.invalid(field: "m=", reason: "expected \"<media> <port> <proto> <fmt> ...\", found \(f.count) fields")
        }
        guard SDPSyntax.isToken(f[0]) else { throw SDPError.invalid(field: "m=", reason: "media \"\(f[0])\" is not a token") }
        let portParts = f[1].split(separator: "/", omittingEmptySubsequences: false)
        guard portParts.count <= 2, let port: UInt16 = SDPSyntax.number(portParts[0], maxDigits: 5) else {
            throw SDPError.invalid(field: "m=", reason: "port \"\(f[1])\" is not 0…65535")
        }
        var count: UInt16?
        if portParts.count == 2 {
            guard let c: UInt16 = SDPSyntax.number(portParts[1], maxDigits: 5), c > 0 else {
                throw SDPError.invalid(field: "m=", reason: "port count \"\(portParts[1])\" is not a positive number")
            }
            count = c
        }
        guard f[2].split(separator: "/", omittingEmptySubsequences: false).allSatisfy(SDPSyntax.isToken) else {
            throw SDPError.invalid(field: "m=", reason: "proto \"\(f[2])\" is not token[/token…]")
        }
        guard f[3...].allSatisfy(SDPSyntax.isToken) else {
            throw SDPError.invalid(field: "m=", reason: "formats must be tokens")
        }
        let proto = String(f[2])
        if proto.uppercased().contains("RTP") {
            for fmt in f[3...] {
                guard let pt: UInt8 = SDPSyntax.number(fmt, maxDigits: 3), pt <= 127 else {
                    throw SDPError.invalid(field: "m=", reason: "RTP format \"\(fmt)\" is not a payload type 0…127")
                }
            }
        }
        self.init(kind: String(f[0]), port: port, portCount: count, proto: proto, formats: f[3...].map(String.init))
    }

    /// The value after `m=`.
    public var mediaLineValue: String {
        var port = "\(self.port)"
        if let portCount { port += "/\(portCount)" }
        return ([kind, port, proto] + formats).joined(separator: " ")
    }
}
