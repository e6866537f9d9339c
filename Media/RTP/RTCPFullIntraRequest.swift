/// A full intra request, PSFB PT=206 FMT=4 (RFC 5104 §4.3.1).
///
/// ```
/// |V=2|P|  FMT=4  |   PT=206      |          length               |
/// |                  SSRC of packet sender                        |
/// |             SSRC of media source (unused, 0)                  |
/// |                              SSRC                             |  × n (FCI)
/// | Seq nr.       |    Reserved                                   |
/// ```
public struct RTCPFullIntraRequest: Equatable, Hashable, Sendable {
    /// One FCI entry: the media sender asked to send a decoder refresh, and the command sequence number.
    public struct Entry: Equatable, Hashable, Sendable {
        public var ssrc: UInt32
        public var sequenceNumber: UInt8

        public init(ssrc: UInt32, sequenceNumber: UInt8) {
            self.ssrc = ssrc
            self.sequenceNumber = sequenceNumber
        }
    }

    public static let format: UInt8 = 4

    public var senderSSRC: UInt32
    public var mediaSSRC: UInt32
    public var entries: [Entry]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32 = 0, entries: [Entry]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.entries = entries
    }

    static func parse(body: ArraySlice<UInt8>) throws -> RTCPFullIntraRequest {
        guard body.count >= 8, (body.count - 8) % 8 == 0 else {
            throw RTPError.invalidLength("FIR body of \(body.count) bytes is not 8 + 8n")
        }
        let base = body.startIndex
        var entries: [Entry] = []
        var index = base + 8
        while index < body.endIndex {
            entries.append(Entry(ssrc: body.readUInt32(at: index), sequenceNumber: body[index + 4]))
            index += 8
        }
        return RTCPFullIntraRequest(senderSSRC: body.readUInt32(at: base), mediaSSRC: body.readUInt32(at: base + 4), entries: entries)
    }

    func serialize(into out: inout [UInt8]) {
        let start = RTCPHeader.begin(&out, count: Int(Self.format), payloadType: RTCPPacketType.payloadFeedback)
        out.appendUInt32(senderSSRC)
        out.appendUInt32(mediaSSRC)
        for entry in entries.prefix(8_000) {
            out.appendUInt32(entry.ssrc)
            out.append(entry.sequenceNumber)
            out.append(contentsOf: [0, 0, 0])
        }
        RTCPHeader.end(&out, start: start)
    }
}
