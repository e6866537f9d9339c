/// Parsing and building compound RTCP datagrams (RFC 3550 §6.1, validity checks of Appendix A.2).
///
/// Each packet starts with the common header
/// ```
/// |V=2|P|  RC/FMT |      PT       |   length (32-bit words − 1)   |
/// ```
/// Checks: version 2 on every packet; each length stays inside the datagram
/// and the lengths add up to exactly the datagram size; only the last packet
/// may carry padding, whose count (last byte) is 1...body size.
/// The "first packet is SR/RR" rule of A.2 is not enforced, so reduced-size
/// RTCP (RFC 5506, e.g. a lone NACK from a browser) is accepted.
public enum RTCPCompound {
    /// The size of the common RTCP header.
    public static let headerSize = 4

    /// Parses every packet of a compound datagram.
    public static func parse(_ bytes: [UInt8]) throws -> [RTCPPacket] {
        try parse(bytes[...])
    }

    /// Parses every packet of a compound datagram held in a slice.
    public static func parse(_ bytes: ArraySlice<UInt8>) throws -> [RTCPPacket] {
        guard !bytes.isEmpty else {
            throw RTPError.truncated(what: "RTCP header", needed: headerSize, available: 0)
        }
        var packets: [RTCPPacket] = []
        var offset = bytes.startIndex
        let end = bytes.endIndex
        while offset < end {
            guard end - offset >= headerSize else {
                throw RTPError.truncated(what: "RTCP header", needed: headerSize, available: end - offset)
            }
            let first = bytes[offset]
            let version = first >> 6
            guard version == 2 else { throw RTPError.unsupportedVersion(version) }
            let hasPadding = first & 0x20 != 0
            let count = first & 0x1F
            let payloadType = bytes[offset + 1]
            let size = (Int(bytes.readUInt16(at: offset + 2)) + 1) * 4
            guard size <= end - offset else {
                throw RTPError.invalidLength("RTCP packet type \(payloadType) declares \(size) bytes, \(end - offset) remain")
            }
            let packetEnd = offset + size
            var bodyEnd = packetEnd
            if hasPadding {
                guard packetEnd == end else {
                    throw RTPError.invalidPadding("padding bit set on RTCP packet type \(payloadType), which is not the last of the compound")
                }
                let padding = Int(bytes[packetEnd - 1])
                guard padding > 0 else { throw RTPError.invalidPadding("RTCP padding count is 0") }
                guard padding <= size - headerSize else {
                    throw RTPError.invalidPadding("RTCP padding count \(padding) exceeds the \(size - headerSize)-byte body")
                }
                bodyEnd -= padding
            }
            packets.append(try RTCPPacket.parse(
                count: count,
                payloadType: payloadType,
                body: bytes[(offset + headerSize)..<bodyEnd],
                rawPacket: bytes[offset..<packetEnd]
            ))
            offset = packetEnd
        }
        return packets
    }

    /// Serializes packets back to back into one compound datagram (no padding).
    public static func serialize(_ packets: [RTCPPacket]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(packets.count * 32)
        for packet in packets { packet.serialize(into: &out) }
        return out
    }
}
