/// A picture loss indication, PSFB PT=206 FMT=1 (RFC 4585 §6.3.1); it has no FCI.
///
/// ```
/// |V=2|P|  FMT=1  |   PT=206      |          length=2             |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// ```
public struct RTCPPictureLossIndication: Equatable, Hashable, Sendable {
    public static let format: UInt8 = 1

    public var senderSSRC: UInt32
    public var mediaSSRC: UInt32

    public init(senderSSRC: UInt32, mediaSSRC: UInt32) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
    }

    static func parse(body: ArraySlice<UInt8>) throws -> RTCPPictureLossIndication {
        guard body.count >= 8 else {
            throw RTPError.invalidLength("PLI body of \(body.count) bytes is shorter than 8")
        }
        let base = body.startIndex
        return RTCPPictureLossIndication(senderSSRC: body.readUInt32(at: base), mediaSSRC: body.readUInt32(at: base + 4))
    }

    func serialize(into out: inout [UInt8]) {
        let start = RTCPHeader.begin(&out, count: Int(Self.format), payloadType: RTCPPacketType.payloadFeedback)
        out.appendUInt32(senderSSRC)
        out.appendUInt32(mediaSSRC)
        RTCPHeader.end(&out, start: start)
    }
}
