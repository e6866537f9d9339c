import ParleyCrypto

/// A STUN message (RFC 8489 §5–6): a 20-byte header and a list of attributes.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |                     Transaction ID (96 bits)                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
/// The message length counts the bytes after the header and is a multiple of 4.
///
/// Parse with `init(parsing:)`; build with `init(type:transactionID:attributes:)` and
/// `serialize(messageIntegrityKey:fingerprint:)`, which appends MESSAGE-INTEGRITY and
/// FINGERPRINT computed over the final bytes. A parsed message remembers the bytes it
/// came from so `verifyMessageIntegrity(key:)` and `verifyFingerprint()` check the
/// exact wire form.
public struct STUNMessage: Sendable, CustomStringConvertible {
    /// The default limit on a message's size accepted by `init(parsing:)`, in bytes.
    /// ICE checks are ~100–300 bytes; anything near a UDP MTU is already suspicious.
    public static let defaultMaximumSize = 4096
    /// The header length in bytes.
    public static let headerLength = 20

    public var type: STUNMessageType
    public var transactionID: STUNTransactionID
    /// The attributes in wire order. When parsed: attributes that followed MESSAGE-INTEGRITY
    /// other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are dropped, as RFC 8489 §14.5 says to ignore them.
    public var attributes: [STUNAttribute]

    /// The bytes this message was parsed from and the offsets of its integrity attributes;
    /// `nil` for a message built in code.
    var wire: Wire?

    struct Wire: Sendable {
        var bytes: [UInt8]
        var messageIntegrityOffset: Int?
        var messageIntegritySHA256Offset: Int?
        var fingerprintOffset: Int?
    }

    /// A message built in code.
    public init(type: STUNMessageType, transactionID: STUNTransactionID = .random(), attributes: [STUNAttribute] = []) {
        self.type = type
        self.transactionID = transactionID
        self.attributes = attributes
        self.wire = nil
    }

    /// Parses one complete STUN message (one UDP datagram).
    ///
    /// Checks (RFC 8489 §5, §6.3): at least 20 bytes, the two top bits zero, the magic
    /// cookie, a length that is a multiple of 4 and equal to the bytes that follow the
    /// header, every attribute inside the message, known attributes well-formed, and
    /// FINGERPRINT last.
    public init(parsing bytes: [UInt8], maximumSize: Int = STUNMessage.defaultMaximumSize) throws {
        guard bytes.count >= Self.headerLength else { throw STUNParseError.truncatedHeader(byteCount: bytes.count) }
        guard bytes.count <= maximumSize else { throw STUNParseError.tooLarge(byteCount: bytes.count, limit: maximumSize) }
        guard let type = STUNMessageType(rawValue: UInt16(bytes[0]) << 8 | UInt16(bytes[1])) else {
            throw STUNParseError.notSTUN(firstByte: bytes[0])
        }
        let length = Int(bytes[2]) << 8 | Int(bytes[3])
        let cookie: UInt32 = STUNAttribute.bigEndian(bytes[4..<8])
        guard cookie == stunMagicCookie else { throw STUNParseError.badMagicCookie(cookie) }
        guard length % 4 == 0 else { throw STUNParseError.lengthNotMultipleOfFour(length) }
        guard length == bytes.count - Self.headerLength else {
            throw STUNParseError.lengthMismatch(declared: length, actual: bytes.count - Self.headerLength)
        }
        let transactionID = STUNTransactionID(unchecked: Array(bytes[8..<20]))

        var wire = Wire(bytes: bytes)
        var attributes: [STUNAttribute] = []
        var offset = Self.headerLength
        while offset < bytes.count {
            guard offset + 4 <= bytes.count else { throw STUNParseError.attributeOverrun(type: 0, offset: offset) }
            let rawType = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
            let valueLength = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            let valueStart = offset + 4
            let next = valueStart + ((valueLength + 3) & ~3)
            guard next <= bytes.count else { throw STUNParseError.attributeOverrun(type: rawType, offset: offset) }
            if wire.fingerprintOffset != nil { throw STUNParseError.fingerprintNotLast }

            let attributeType = STUNAttributeType(rawValue: rawType)
            let afterIntegrity = wire.messageIntegrityOffset != nil || wire.messageIntegritySHA256Offset != nil
            let keep: Bool
            switch attributeType {
            case .fingerprint:
                keep = true
                wire.fingerprintOffset = offset
            case .messageIntegritySHA256:
                keep = wire.messageIntegritySHA256Offset == nil
                if keep { wire.messageIntegritySHA256Offset = offset }
            case .messageIntegrity:
                keep = !afterIntegrity
                if keep { wire.messageIntegrityOffset = offset }
            default:
                keep = !afterIntegrity
            }
            if keep {
                attributes.append(try STUNAttribute(type: rawType, value: bytes[valueStart..<valueStart + valueLength],
                                                    transactionID: transactionID))
            }
            offset = next
        }
        self.type = type
        self.transactionID = transactionID
        self.attributes = attributes
        self.wire = wire
    }

    /// Whether `bytes` plausibly hold a STUN message (RFC 8489 §5, RFC 7983 demultiplexing):
    /// at least 20 bytes, the first two bits zero, the magic cookie, and a length field that is a
    /// multiple of 4 and matches the datagram. Cheap; does not look at attributes.
    public static func looksLikeSTUN<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Bool
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard bytes.count >= headerLength else { return false }
        let base = bytes.startIndex
        guard bytes[base] & 0xC0 == 0,
              bytes[base + 4] == 0x21, bytes[base + 5] == 0x12, bytes[base + 6] == 0xA4, bytes[base + 7] == 0x42
        else { return false }
        let length = Int(bytes[base + 2]) << 8 | Int(bytes[base + 3])
        return length % 4 == 0 && length == bytes.count - headerLength
    }

    /// The wire form of the message.
    ///
    /// - Parameters:
    ///   - messageIntegrityKey: when given, any MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and
    ///     FINGERPRINT already in `attributes` are left out and a MESSAGE-INTEGRITY (HMAC-SHA1 under
    ///     this key, RFC 8489 §14.5) is appended. For ICE the key is the password (RFC 8445 §7.2.2).
    ///   - fingerprint: when true, any FINGERPRINT in `attributes` is left out and a fresh one
    ///     is appended last (RFC 8489 §14.7).
    ///   - paddingByte: the value of padding bytes; 0 normally (RFC 5769 vectors use 0x20).
    public func serialize(messageIntegrityKey: [UInt8]? = nil, fingerprint: Bool = false, paddingByte: UInt8 = 0) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        out += STUNAttribute.bytes(type.rawValue)
        out += [0, 0]
        out += STUNAttribute.bytes(stunMagicCookie)
        out += transactionID.bytes
        for attribute in attributes {
            switch attribute {
            case .messageIntegrity, .messageIntegritySHA256:
                if messageIntegrityKey != nil { continue }
            case .fingerprint:
                if messageIntegrityKey != nil || fingerprint { continue }
            default:
                break
            }
            Self.append(attribute, to: &out, transactionID: transactionID, paddingByte: paddingByte)
        }
        if let key = messageIntegrityKey {
            Self.setLength(of: &out, to: out.count - Self.headerLength + 24)
            let mac = Digest.sha1.hmac(key: key, out)
            Self.append(.messageIntegrity(mac), to: &out, transactionID: transactionID, paddingByte: paddingByte)
        }
        if fingerprint {
            Self.setLength(of: &out, to: out.count - Self.headerLength + 8)
            let crc = CRC32.checksum(out) ^ Self.fingerprintXOR
            Self.append(.fingerprint(crc), to: &out, transactionID: transactionID, paddingByte: paddingByte)
        }
        Self.setLength(of: &out, to: out.count - Self.headerLength)
        return out
    }

    /// The value FINGERPRINT's CRC-32 is XOR-ed with (RFC 8489 §14.7).
    static let fingerprintXOR: UInt32 = 0x5354_554E

    static func append(_ attribute: STUNAttribute, to out: inout [UInt8], transactionID: STUNTransactionID, paddingByte: UInt8) {
        let value = attribute.encodedValue(transactionID: transactionID)
        out += STUNAttribute.bytes(attribute.type.rawValue)
        out += STUNAttribute.bytes(UInt16(truncatingIfNeeded: value.count))
        out += value
        let padding = (4 - value.count % 4) % 4
        out += repeatElement(paddingByte, count: padding)
    }

    static func setLength(of bytes: inout [UInt8], to length: Int) {
        bytes[2] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[3] = UInt8(truncatingIfNeeded: length)
    }

    public var description: String {
        "STUN \(type) \(transactionID) [\(attributes.map { "\($0.type)" }.joined(separator: ", "))]"
    }
}

extension STUNMessage: Equatable {
    /// Messages are equal when type, transaction ID and attributes are; where they came from does not matter.
    public static func == (lhs: STUNMessage, rhs: STUNMessage) -> Bool {
        lhs.type == rhs.type && lhs.transactionID == rhs.transactionID && lhs.attributes == rhs.attributes
    }
}
