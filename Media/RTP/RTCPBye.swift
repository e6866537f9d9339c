/// An RTCP goodbye, PT=203 (RFC 3550 §6.6).
///
/// ```
/// |V=2|P|    SC   |   PT=BYE=203  |             length            |
/// |                           SSRC/CSRC                           |
/// :                              ...                              :
/// |     length    |               reason for leaving ...   (opt)  |
/// ```
public struct RTCPBye: Equatable, Hashable, Sendable {
    /// The sources leaving; at most 31 are serialized.
    public var sources: [UInt32]
    /// Optional UTF-8 reason; at most 255 bytes are serialized. An empty reason is omitted.
    public var reason: String?

    public init(sources: [UInt32], reason: String? = nil) {
        self.sources = sources
        self.reason = reason
    }

    static func parse(count: Int, body: ArraySlice<UInt8>) throws -> RTCPBye {
        guard body.count >= 4 * count else {
            throw RTPError.invalidLength("BYE with SC=\(count) needs \(4 * count) body bytes, has \(body.count)")
        }
        var index = body.startIndex
        var sources: [UInt32] = []
        for _ in 0..<count {
            sources.append(body.readUInt32(at: index))
            index += 4
        }
        var reason: String?
        if index < body.endIndex {
            let length = Int(body[index])
            index += 1
            guard index + length <= body.endIndex else {
                throw RTPError.invalidLength("BYE reason of \(length) bytes overruns the packet")
            }
            if length > 0 { reason = String(decoding: body[index..<index + length], as: UTF8.self) }
        }
        return RTCPBye(sources: sources, reason: reason)
    }

    func serialize(into out: inout [UInt8]) {
        let sources = self.sources.prefix(31)
        let start = RTCPHeader.begin(&out, count: sources.count, payloadType: RTCPPacketType.bye)
        for source in sources { out.appendUInt32(source) }
        if let reason, !reason.isEmpty {
            let bytes = Array(reason.utf8.prefix(255))
            out.append(UInt8(bytes.count))
            out.append(contentsOf: bytes)
        }
        RTCPHeader.end(&out, start: start)
    }
}
