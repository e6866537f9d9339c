extension RTPPacket {
    /// RFC 5761 §4 rtcp-mux demultiplexing: `payloadTypeByte` is the second byte of an
    /// RTP/RTCP datagram; after masking the marker bit, values 64...95 are RTCP
    /// (RTCP packet types 192...223), everything else is RTP.
    @inline(__always)
    public static func isRTCP(payloadTypeByte: UInt8) -> Bool {
        let payloadType = payloadTypeByte & 0x7F
        return payloadType >= 64 && payloadType <= 95
    }

    /// RFC 5761 §4 demultiplexing applied to a whole datagram (false when shorter than 2 bytes).
    public static func isRTCP(datagram: [UInt8]) -> Bool {
        datagram.count >= 2 && isRTCP(payloadTypeByte: datagram[1])
    }
}
