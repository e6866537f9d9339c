/// The STUN magic cookie (RFC 8489 §5).
let stunMagicCookie: UInt32 = 0x2112_A442

extension STUNAttribute {
    /// Decodes one attribute value (without padding). `transactionID` is needed for XOR-MAPPED-ADDRESS.
    init(type rawType: UInt16, value: ArraySlice<UInt8>, transactionID: STUNTransactionID) throws {
        let value = Array(value)
        func invalid(_ reason: String) -> STUNParseError { .invalidAttribute(type: rawType, reason: reason) }
        func fixed(_ length: Int) throws {
            guard value.count == length else { throw invalid("length \(value.count), expected \(length)") }
        }
        switch STUNAttributeType(rawValue: rawType) {
        case .mappedAddress:
            self = .mappedAddress(try Self.decodeAddress(value, xorWith: nil, type: rawType))
        case .xorMappedAddress:
            self = .xorMappedAddress(try Self.decodeAddress(value, xorWith: transactionID, type: rawType))
        case .username:
            guard let text = Self.strictUTF8(value) else { throw invalid("USERNAME is not valid UTF-8") }
            self = .username(text)
        case .messageIntegrity:
            try fixed(20)
            self = .messageIntegrity(value)
        case .messageIntegritySHA256:
            guard (16...32).contains(value.count), value.count % 4 == 0 else {
                throw invalid("length \(value.count), expected 16–32 and a multiple of 4")
            }
            self = .messageIntegritySHA256(value)
        case .fingerprint:
            try fixed(4)
            self = .fingerprint(Self.bigEndian(value[...]))
        case .errorCode:
            guard value.count >= 4 else { throw invalid("ERROR-CODE shorter than 4 bytes") }
            let errorClass = Int(value[2] & 0x07)
            let number = Int(value[3])
            guard (3...6).contains(errorClass), number < 100,
                  let code = STUNErrorCode(code: errorClass * 100 + number,
                                           reason: String(decoding: value[4...], as: UTF8.self)) else {
                throw invalid("error class \(errorClass) number \(number) out of range")
            }
            self = .errorCode(code)
        case .unknownAttributes:
            guard value.count % 2 == 0 else { throw invalid("odd UNKNOWN-ATTRIBUTES length \(value.count)") }
            self = .unknownAttributes(stride(from: 0, to: value.count, by: 2).map {
                UInt16(value[$0]) << 8 | UInt16(value[$0 + 1])
            })
        case .realm:
            self = .realm(String(decoding: value, as: UTF8.self))
        case .nonce:
            self = .nonce(String(decoding: value, as: UTF8.self))
        case .software:
            self = .software(String(decoding: value, as: UTF8.self))
        case .priority:
            try fixed(4)
            self = .priority(Self.bigEndian(value[...]))
        case .useCandidate:
            try fixed(0)
            self = .useCandidate
        case .iceControlled:
            try fixed(8)
            self = .iceControlled(Self.bigEndian(value[...]))
        case .iceControlling:
            try fixed(8)
            self = .iceControlling(Self.bigEndian(value[...]))
        default:
            self = .other(type: rawType, value: value)
        }
    }

    /// The attribute value without padding. `transactionID` is needed for XOR-MAPPED-ADDRESS.
    func encodedValue(transactionID: STUNTransactionID) -> [UInt8] {
        switch self {
        case .mappedAddress(let address):
            return Self.encodeAddress(address, xorWith: nil)
        case .xorMappedAddress(let address):
            return Self.encodeAddress(address, xorWith: transactionID)
        case .username(let text), .realm(let text), .nonce(let text), .software(let text):
            return Array(text.utf8)
        case .messageIntegrity(let bytes), .messageIntegritySHA256(let bytes):
            return bytes
        case .fingerprint(let value), .priority(let value):
            return Self.bytes(value)
        case .errorCode(let error):
            return [0, 0, UInt8(error.code / 100), UInt8(error.code % 100)] + Array(error.reason.utf8)
        case .unknownAttributes(let types):
            return types.flatMap { Self.bytes($0) }
        case .useCandidate:
            return []
        case .iceControlled(let value), .iceControlling(let value):
            return Self.bytes(value)
        case .other(_, let value):
            return value
        }
    }

    // MARK: Addresses (RFC 8489 §14.1, §14.2)

    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |0 0 0 0 0 0 0 0|    Family     |         (X-)Port              |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |                 (X-)Address (32 bits or 128 bits)             |
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    private static func decodeAddress(_ value: [UInt8], xorWith transactionID: STUNTransactionID?,
                                      type: UInt16) throws -> TransportAddress {
        guard value.count >= 4 else { throw STUNParseError.invalidAttribute(type: type, reason: "address shorter than 4 bytes") }
        guard let family = TransportAddress.Family(rawValue: value[1]) else {
            throw STUNParseError.invalidAttribute(type: type, reason: "unknown address family 0x\(String(value[1], radix: 16))")
        }
        guard value.count == 4 + family.addressLength else {
            throw STUNParseError.invalidAttribute(type: type, reason: "length \(value.count) does not fit family \(family)")
        }
        var port = UInt16(value[2]) << 8 | UInt16(value[3])
        var address = Array(value[4...])
        if let transactionID {
            port ^= UInt16(stunMagicCookie >> 16)
            let mask = bytes(stunMagicCookie) + transactionID.bytes
            for index in address.indices { address[index] ^= mask[index] }
        }
        // Cannot fail: the length was checked against the family above.
        guard let result = TransportAddress(ipBytes: address, port: port) else {
            throw STUNParseError.invalidAttribute(type: type, reason: "bad address length")
        }
        return result
    }

    private static func encodeAddress(_ address: TransportAddress, xorWith transactionID: STUNTransactionID?) -> [UInt8] {
        var port = address.port
        var ip = address.ipBytes
        if let transactionID {
            port ^= UInt16(stunMagicCookie >> 16)
            let mask = bytes(stunMagicCookie) + transactionID.bytes
            for index in ip.indices { ip[index] ^= mask[index] }
        }
        return [0, address.family.rawValue] + bytes(port) + ip
    }

    // MARK: Integers and text

    static func bigEndian<T: FixedWidthInteger & UnsignedInteger>(_ bytes: ArraySlice<UInt8>) -> T {
        bytes.reduce(T.zero) { $0 << 8 | T($1) }
    }

    static func bytes<T: FixedWidthInteger & UnsignedInteger>(_ value: T) -> [UInt8] {
        (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (T.bitWidth - 8 - 8 * $0)) }
    }

    /// The text if `bytes` is valid UTF-8, else `nil` (no replacement characters).
    private static func strictUTF8(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        return text.utf8.elementsEqual(bytes) ? text : nil
    }
}
