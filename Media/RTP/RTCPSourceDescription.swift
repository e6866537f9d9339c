/// One SDES item (RFC 3550 §6.5): type, length, value. Types other than CNAME
/// (NAME=2, EMAIL=3, …, PRIV=8) are kept as raw bytes.
public struct SDESItem: Equatable, Hashable, Sendable {
    public static let cnameType: UInt8 = 1

    /// Item type 1...255 (0 is the chunk terminator and cannot be an item).
    public var type: UInt8
    /// The value; at most 255 bytes are serialized.
    public var value: [UInt8]

    public init(type: UInt8, value: [UInt8]) {
        self.type = type
        self.value = value
    }

    /// A CNAME item (RFC 3550 §6.5.1).
    public static func cname(_ name: String) -> SDESItem {
        SDESItem(type: cnameType, value: Array(name.utf8))
    }

    /// The value decoded as UTF-8 (RFC 3550 §6.5 items are UTF-8 text).
    public var text: String { String(decoding: value, as: UTF8.self) }
}

/// One SDES chunk: an SSRC/CSRC and its items.
public struct SDESChunk: Equatable, Hashable, Sendable {
    public var source: UInt32
    public var items: [SDESItem]

    public init(source: UInt32, items: [SDESItem]) {
        self.source = source
        self.items = items
    }

    /// The CNAME item's text, if present.
    public var cname: String? {
        items.first(where: { $0.type == SDESItem.cnameType })?.text
    }
}

/// An RTCP source description, PT=202 (RFC 3550 §6.5).
///
/// ```
/// |V=2|P|    SC   |  PT=SDES=202  |             length            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                          SSRC/CSRC_1                          |
/// |     type      |    length     | value ...                     |
/// |  ... items, then ≥1 null octet padding the chunk to 32 bits   |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                          SSRC/CSRC_2 ...                      |
/// ```
public struct RTCPSourceDescription: Equatable, Hashable, Sendable {
    /// At most 31 are serialized.
    public var chunks: [SDESChunk]

    public init(chunks: [SDESChunk]) {
        self.chunks = chunks
    }

    /// A description with one chunk holding only a CNAME.
    public init(ssrc: UInt32, cname: String) {
        self.chunks = [SDESChunk(source: ssrc, items: [.cname(cname)])]
    }

    static func parse(count: Int, body: ArraySlice<UInt8>) throws -> RTCPSourceDescription {
        var chunks: [SDESChunk] = []
        var index = body.startIndex
        let end = body.endIndex
        for chunkNumber in 0..<count {
            guard index + 4 <= end else {
                throw RTPError.invalidLength("SDES chunk \(chunkNumber + 1) of \(count) overruns the packet")
            }
            let chunkStart = index
            let source = body.readUInt32(at: index)
            index += 4
            var items: [SDESItem] = []
            var terminated = false
            while index < end {
                let type = body[index]
                if type == 0 {
                    // Null terminator, then skip to the chunk's next 32-bit boundary.
                    index += 1
                    while (index - chunkStart) % 4 != 0 { index += 1 }
                    terminated = true
                    break
                }
                guard index + 2 <= end else {
                    throw RTPError.invalidLength("SDES item type \(type) has no length byte")
                }
                let length = Int(body[index + 1])
                index += 2
                guard index + length <= end else {
                    throw RTPError.invalidLength("SDES item type \(type) needs \(length) bytes, \(end - index) left")
                }
                items.append(SDESItem(type: type, value: Array(body[index..<index + length])))
                index += length
            }
            guard terminated, index <= end else {
                throw RTPError.invalidLength("SDES chunk for SSRC \(source) is not null-terminated within the packet")
            }
            chunks.append(SDESChunk(source: source, items: items))
        }
        return RTCPSourceDescription(chunks: chunks)
    }

    func serialize(into out: inout [UInt8]) {
        let chunks = self.chunks.prefix(31)
        let start = RTCPHeader.begin(&out, count: chunks.count, payloadType: RTCPPacketType.sourceDescription)
        for chunk in chunks {
            let chunkStart = out.count
            out.appendUInt32(chunk.source)
            for item in chunk.items where item.type != 0 {
                let value = item.value.prefix(255)
                out.append(item.type)
                out.append(UInt8(value.count))
                out.append(contentsOf: value)
            }
            out.append(0)  // terminator; then pad to 32 bits
            out.padToWord(from: chunkStart)
        }
        RTCPHeader.end(&out, start: start)
    }
}
