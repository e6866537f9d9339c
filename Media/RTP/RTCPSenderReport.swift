/// An RTCP sender report, PT=200 (RFC 3550 §6.4.1).
///
/// ```
/// |V=2|P|    RC   |   PT=SR=200   |             length            |
/// |                         SSRC of sender                        |
/// |              NTP timestamp, most significant word             |
/// |             NTP timestamp, least significant word             |
/// |                         RTP timestamp                         |
/// |                     sender's packet count                     |
/// |                      sender's octet count                     |
/// |                 report blocks (RC × 24 bytes)                 |
/// |                  profile-specific extensions                  |
/// ```
public struct RTCPSenderReport: Equatable, Hashable, Sendable {
    public var ssrc: UInt32
    public var ntpTimestamp: NTPTimestamp
    /// The RTP timestamp corresponding to `ntpTimestamp`.
    public var rtpTimestamp: UInt32
    public var packetCount: UInt32
    /// Payload octets sent (headers and padding excluded).
    public var octetCount: UInt32
    /// At most 31 are serialized.
    public var reportBlocks: [ReportBlock]
    /// Profile-specific extension bytes after the blocks (zero-padded to 32 bits on serialize).
    public var profileExtension: [UInt8]

    public init(ssrc: UInt32, ntpTimestamp: NTPTimestamp, rtpTimestamp: UInt32, packetCount: UInt32,
                octetCount: UInt32, reportBlocks: [ReportBlock] = [], profileExtension: [UInt8] = []) {
        self.ssrc = ssrc
        self.ntpTimestamp = ntpTimestamp
        self.rtpTimestamp = rtpTimestamp
        self.packetCount = packetCount
        self.octetCount = octetCount
        self.reportBlocks = reportBlocks
        self.profileExtension = profileExtension
    }

    static func parse(count: Int, body: ArraySlice<UInt8>) throws -> RTCPSenderReport {
        let needed = 24 + count * ReportBlock.size
        guard body.count >= needed else {
            throw RTPError.invalidLength("SR with RC=\(count) needs \(needed) body bytes, has \(body.count)")
        }
        let base = body.startIndex
        var blocks: [ReportBlock] = []
        blocks.reserveCapacity(count)
        for index in 0..<count {
            blocks.append(ReportBlock(bytes: body, at: base + 24 + index * ReportBlock.size))
        }
        return RTCPSenderReport(
            ssrc: body.readUInt32(at: base),
            ntpTimestamp: NTPTimestamp(seconds: body.readUInt32(at: base + 4), fraction: body.readUInt32(at: base + 8)),
            rtpTimestamp: body.readUInt32(at: base + 12),
            packetCount: body.readUInt32(at: base + 16),
            octetCount: body.readUInt32(at: base + 20),
            reportBlocks: blocks,
            profileExtension: Array(body[(base + needed)...])
        )
    }

    func serialize(into out: inout [UInt8]) {
        let blocks = reportBlocks.prefix(31)
        let start = RTCPHeader.begin(&out, count: blocks.count, payloadType: RTCPPacketType.senderReport)
        out.appendUInt32(ssrc)
        out.appendUInt32(ntpTimestamp.seconds)
        out.appendUInt32(ntpTimestamp.fraction)
        out.appendUInt32(rtpTimestamp)
        out.appendUInt32(packetCount)
        out.appendUInt32(octetCount)
        for block in blocks { block.serialize(into: &out) }
        out.append(contentsOf: profileExtension)
        RTCPHeader.end(&out, start: start)
    }
}

/// An RTCP receiver report, PT=201 (RFC 3550 §6.4.2): the SR layout without the sender info.
///
/// ```
/// |V=2|P|    RC   |   PT=RR=201   |             length            |
/// |                     SSRC of packet sender                     |
/// |                 report blocks (RC × 24 bytes)                 |
/// |                  profile-specific extensions                  |
/// ```
public struct RTCPReceiverReport: Equatable, Hashable, Sendable {
    public var ssrc: UInt32
    /// At most 31 are serialized.
    public var reportBlocks: [ReportBlock]
    public var profileExtension: [UInt8]

    public init(ssrc: UInt32, reportBlocks: [ReportBlock] = [], profileExtension: [UInt8] = []) {
        self.ssrc = ssrc
        self.reportBlocks = reportBlocks
        self.profileExtension = profileExtension
    }

    static func parse(count: Int, body: ArraySlice<UInt8>) throws -> RTCPReceiverReport {
        let needed = 4 + count * ReportBlock.size
        guard body.count >= needed else {
            throw RTPError.invalidLength("RR with RC=\(count) needs \(needed) body bytes, has \(body.count)")
        }
        let base = body.startIndex
        var blocks: [ReportBlock] = []
        blocks.reserveCapacity(count)
        for index in 0..<count {
            blocks.append(ReportBlock(bytes: body, at: base + 4 + index * ReportBlock.size))
        }
        return RTCPReceiverReport(ssrc: body.readUInt32(at: base), reportBlocks: blocks,
                                  profileExtension: Array(body[(base + needed)...]))
    }

    func serialize(into out: inout [UInt8]) {
        let blocks = reportBlocks.prefix(31)
        let start = RTCPHeader.begin(&out, count: blocks.count, payloadType: RTCPPacketType.receiverReport)
        out.appendUInt32(ssrc)
        for block in blocks { block.serialize(into: &out) }
        out.append(contentsOf: profileExtension)
        RTCPHeader.end(&out, start: start)
    }
}
