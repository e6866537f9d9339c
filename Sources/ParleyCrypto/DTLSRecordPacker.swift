/// Splits the byte stream an OpenSSL memory BIO accumulates into UDP datagrams.
///
/// OpenSSL writes each DTLS record with its own `BIO_write`, but a memory BIO joins
/// them. Every DTLS record starts with a 13-byte header (RFC 6347 §4.1):
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ContentType  |    ProtocolVersion (major, minor) |   epoch ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ...  epoch      |             sequence_number (48 bits) ...
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ...                             |            length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// so records are cut at `13 + length` and packed, whole and in order, into datagrams
/// of at most `mtu` bytes ("multiple DTLS records may be placed in a single datagram",
/// RFC 6347 §4.1.1). A record larger than `mtu` gets a datagram of its own. Trailing
/// bytes that do not form a whole record (never produced by OpenSSL) are kept as a
/// last datagram rather than dropped.
public enum DTLSRecordPacker {
    /// The DTLS 1.x record header length in bytes.
    public static let headerLength = 13

    /// Cuts `stream` into records and packs them into datagrams of at most `mtu` bytes.
    public static func datagrams(from stream: [UInt8], mtu: Int) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        var current: [UInt8] = []
        var offset = 0
        while offset < stream.count {
            let remaining = stream.count - offset
            var recordLength = remaining
            if remaining >= headerLength {
                let bodyLength = Int(stream[offset + 11]) << 8 | Int(stream[offset + 12])
                if headerLength + bodyLength <= remaining { recordLength = headerLength + bodyLength }
            }
            if !current.isEmpty && current.count + recordLength > mtu {
                datagrams.append(current)
                current = []
            }
            current.append(contentsOf: stream[offset ..< offset + recordLength])
            offset += recordLength
        }
        if !current.isEmpty { datagrams.append(current) }
        return datagrams
    }
}
