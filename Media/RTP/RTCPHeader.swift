/// RTCP packet types (RFC 3550 §12.1, RFC 4585 §6.1).
enum RTCPPacketType {
    static let senderReport: UInt8 = 200
    static let receiverReport: UInt8 = 201
    static let sourceDescription: UInt8 = 202
    static let bye: UInt8 = 203
    static let application: UInt8 = 204
    static let transportFeedback: UInt8 = 205  // RTPFB
    static let payloadFeedback: UInt8 = 206    // PSFB
}

/// Writes the common RTCP header (RFC 3550 §6.4.1) and back-patches its length.
///
/// ```
/// |V=2|P|  RC/FMT |      PT       |             length            |
/// ```
enum RTCPHeader {
    /// Appends a header with a zero length; returns the packet's start offset.
    static func begin(_ out: inout [UInt8], count: Int, payloadType: UInt8) -> Int {
        let start = out.count
        out.append(2 << 6 | UInt8(truncatingIfNeeded: count) & 0x1F)
        out.append(payloadType)
        out.appendUInt16(0)
        return start
    }

    /// Zero-pads the packet to a 32-bit boundary and writes its length (words − 1).
    static func end(_ out: inout [UInt8], start: Int) {
        out.padToWord(from: start)
        out.writeUInt16(UInt16(truncatingIfNeeded: (out.count - start) / 4 - 1), at: start + 2)
    }
}
