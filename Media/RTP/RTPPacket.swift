/// An RTP data packet (RFC 3550 §5.1), with RFC 8285 header extensions.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      header extension (if X), see `RTPHeaderExtension`        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  payload ...                  |  padding (if P), last byte =  |
/// |                               |  number of padding bytes      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// Parsing copies the payload exactly once (into `payload`). Padding bytes are
/// validated and dropped; `paddingLength` remembers how many there were
/// (serialization writes zeros followed by the count).
public struct RTPPacket: Equatable, Hashable, Sendable {
    /// The fixed header size without CSRCs or extension.
    public static let fixedHeaderSize = 12

    public var marker: Bool
    /// 7-bit payload type (0...127).
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    /// Contributing sources, at most 15.
    public var csrcs: [UInt32]
    /// The header extension when the X bit is set.
    public var headerExtension: RTPHeaderExtension?
    public var payload: [UInt8]
    /// Number of padding bytes including the final count byte; 0 means no padding (P bit clear).
    public var paddingLength: UInt8

    public init(
        marker: Bool = false,
        payloadType: UInt8,
        sequenceNumber: UInt16,
        timestamp: UInt32,
        ssrc: UInt32,
        csrcs: [UInt32] = [],
        headerExtension: RTPHeaderExtension? = nil,
        payload: [UInt8],
        paddingLength: UInt8 = 0
    ) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcs = csrcs
        self.headerExtension = headerExtension
        self.payload = payload
        self.paddingLength = paddingLength
    }

    /// Parses one RTP packet occupying all of `bytes`.
    public init(parsing bytes: [UInt8]) throws {
        self = try Self.parse(bytes)
    }

    /// Parses one RTP packet occupying all of `bytes` (indices need not start at 0).
    public init(parsing bytes: ArraySlice<UInt8>) throws {
        self = try Self.parse(bytes)
    }

    /// Parses one RTP packet from raw memory (e.g. a NIO `ByteBuffer` view); the payload is copied once.
    public init(parsing bytes: UnsafeRawBufferPointer) throws {
        self = try Self.parse(bytes)
    }

    private static func parse<C: RandomAccessCollection>(_ bytes: C) throws -> RTPPacket
    where C.Element == UInt8, C.Index == Int {
        let start = bytes.startIndex
        var end = bytes.endIndex
        let available = end - start
        guard available >= fixedHeaderSize else {
            throw RTPError.truncated(what: "RTP fixed header", needed: fixedHeaderSize, available: available)
        }
        let first = bytes[start]
        let version = first >> 6
        guard version == 2 else { throw RTPError.unsupportedVersion(version) }
        let hasPadding = first & 0x20 != 0
        let hasExtension = first & 0x10 != 0
        let csrcCount = Int(first & 0x0F)
        let second = bytes[start + 1]

        var index = start + fixedHeaderSize
        guard index + 4 * csrcCount <= end else {
            throw RTPError.truncated(what: "RTP CSRC list (CC=\(csrcCount))", needed: fixedHeaderSize + 4 * csrcCount, available: available)
        }
        var csrcs: [UInt32] = []
        if csrcCount > 0 {
            csrcs.reserveCapacity(csrcCount)
            for _ in 0..<csrcCount {
                csrcs.append(bytes.readUInt32(at: index))
                index += 4
            }
        }

        var paddingLength: UInt8 = 0
        if hasPadding {
            let count = bytes[end - 1]
            guard count > 0 else { throw RTPError.invalidPadding("padding count is 0") }
            // Padding may not eat into the header (or the extension, checked below).
            guard Int(count) <= end - index else {
                throw RTPError.invalidPadding("padding count \(count) exceeds the \(end - index) bytes after the header")
            }
            paddingLength = count
            end -= Int(count)
        }

        var headerExtension: RTPHeaderExtension?
        if hasExtension {
            guard index + 4 <= end else {
                throw RTPError.truncated(what: "RTP header extension header", needed: index + 4 - start, available: end - start)
            }
            let profile = bytes.readUInt16(at: index)
            let words = Int(bytes.readUInt16(at: index + 2))
            index += 4
            guard index + 4 * words <= end else {
                throw RTPError.invalidHeaderExtension("length of \(words) words overruns the packet (\(end - index) bytes left)")
            }
            headerExtension = try RTPHeaderExtension.parse(profile: profile, body: bytes[index..<index + 4 * words])
            index += 4 * words
        }

        return RTPPacket(
            marker: second & 0x80 != 0,
            payloadType: second & 0x7F,
            sequenceNumber: bytes.readUInt16(at: start + 2),
            timestamp: bytes.readUInt32(at: start + 4),
            ssrc: bytes.readUInt32(at: start + 8),
            csrcs: csrcs,
            headerExtension: headerExtension,
            payload: Array(bytes[index..<end]),
            paddingLength: paddingLength
        )
    }

    /// Header size (fixed header, CSRCs and extension) as serialized.
    public var headerSize: Int {
        Self.fixedHeaderSize + 4 * csrcs.count + (headerExtension?.serializedSize ?? 0)
    }

    /// Total serialized size in bytes.
    public var serializedSize: Int { headerSize + payload.count + Int(paddingLength) }

    /// Serializes the packet.
    /// - Throws: `RTPError.invalidField` / `.invalidHeaderExtension` when a field cannot be encoded.
    public func serialize() throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(serializedSize)
        try serialize(into: &out)
        return out
    }

    /// Appends the serialized packet to `out`.
    public func serialize(into out: inout [UInt8]) throws {
        guard payloadType <= 0x7F else { throw RTPError.invalidField("payload type \(payloadType) exceeds 127") }
        guard csrcs.count <= 15 else { throw RTPError.invalidField("\(csrcs.count) CSRCs exceed the limit of 15") }
        try headerExtension?.validate()

        var first: UInt8 = 2 << 6
        if paddingLength > 0 { first |= 0x20 }
        if headerExtension != nil { first |= 0x10 }
        first |= UInt8(csrcs.count)
        out.append(first)
        out.append((marker ? 0x80 : 0) | payloadType)
        out.appendUInt16(sequenceNumber)
        out.appendUInt32(timestamp)
        out.appendUInt32(ssrc)
        for csrc in csrcs { out.appendUInt32(csrc) }
        headerExtension?.serialize(into: &out)
        out.append(contentsOf: payload)
        if paddingLength > 0 {
            out.append(contentsOf: repeatElement(0, count: Int(paddingLength) - 1))
            out.append(paddingLength)
        }
    }
}
