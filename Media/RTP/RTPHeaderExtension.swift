/// One RFC 8285 header-extension element: a local identifier and its bytes.
///
/// One-byte form (RFC 8285 §4.2): `id` 1...14, 1...16 bytes of data.
/// Two-byte form (RFC 8285 §4.3): `id` 1...255, 0...255 bytes of data.
public struct RTPExtensionElement: Equatable, Hashable, Sendable {
    public var id: UInt8
    public var data: [UInt8]

    public init(id: UInt8, data: [UInt8]) {
        self.id = id
        self.data = data
    }

    /// Whether the element can be written in the one-byte form.
    public var fitsOneByteForm: Bool { (1...14).contains(id) && (1...16).contains(data.count) }
    /// Whether the element can be written in the two-byte form.
    public var fitsTwoByteForm: Bool { id >= 1 && data.count <= 255 }
}

/// An RTP header extension (RFC 3550 §5.3.1) decoded per RFC 8285.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      defined by profile       |           length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                        header extension                       |
/// |                             ....                              |
/// ```
/// `0xBEDE` selects the one-byte form, `0x100` + 4 "appbits" the two-byte form;
/// any other profile is kept as raw bytes. `length` counts 32-bit words.
/// Padding bytes (id 0) between elements are skipped on parse; on serialize the
/// elements are packed and zero-padded to a 32-bit boundary.
public enum RTPHeaderExtension: Equatable, Hashable, Sendable {
    /// RFC 8285 §4.2 one-byte header form (profile `0xBEDE`).
    case oneByte([RTPExtensionElement])
    /// RFC 8285 §4.3 two-byte header form (profile `0x1000 | appBits`).
    case twoByte([RTPExtensionElement], appBits: UInt8 = 0)
    /// Any other profile, kept as-is; `data.count` must be a multiple of 4.
    case raw(profile: UInt16, data: [UInt8])

    public static let oneByteProfile: UInt16 = 0xBEDE
    public static let twoByteProfileBase: UInt16 = 0x1000

    /// The decoded elements (empty for `.raw`).
    public var elements: [RTPExtensionElement] {
        switch self {
        case let .oneByte(elements), let .twoByte(elements, _): return elements
        case .raw: return []
        }
    }

    /// The data of the first element with `id`, if any.
    public func element(id: UInt8) -> [UInt8]? {
        elements.first(where: { $0.id == id })?.data
    }

    /// The 16-bit "defined by profile" field this extension is written with.
    public var profile: UInt16 {
        switch self {
        case .oneByte: return Self.oneByteProfile
        case let .twoByte(_, appBits): return Self.twoByteProfileBase | UInt16(appBits & 0x0F)
        case let .raw(profile, _): return profile
        }
    }

    /// Parses the extension body (after the 4-byte profile/length word).
    static func parse<C: RandomAccessCollection>(profile: UInt16, body: C) throws -> RTPHeaderExtension
    where C.Element == UInt8, C.Index == Int {
        if profile == oneByteProfile {
            return .oneByte(try parseOneByte(body))
        } else if profile & 0xFFF0 == twoByteProfileBase {
            return .twoByte(try parseTwoByte(body), appBits: UInt8(profile & 0x0F))
        } else {
            return .raw(profile: profile, data: Array(body))
        }
    }

    private static func parseOneByte<C: RandomAccessCollection>(_ body: C) throws -> [RTPExtensionElement]
    where C.Element == UInt8, C.Index == Int {
        var elements: [RTPExtensionElement] = []
        var index = body.startIndex
        while index < body.endIndex {
            let header = body[index]
            if header == 0 { index += 1; continue }  // padding
            let id = header >> 4
            // RFC 8285 §4.2: ID 15 stops processing; its length is ignored.
            // ID 0 with a nonzero length is not padding and has no meaning: stop there too (as libwebrtc does).
            if id == 15 || id == 0 { break }
            let length = Int(header & 0x0F) + 1
            index += 1
            guard index + length <= body.endIndex else {
                throw RTPError.invalidHeaderExtension("one-byte element id \(id) needs \(length) bytes, \(body.endIndex - index) left")
            }
            elements.append(RTPExtensionElement(id: id, data: Array(body[index..<index + length])))
            index += length
        }
        return elements
    }

    private static func parseTwoByte<C: RandomAccessCollection>(_ body: C) throws -> [RTPExtensionElement]
    where C.Element == UInt8, C.Index == Int {
        var elements: [RTPExtensionElement] = []
        var index = body.startIndex
        while index < body.endIndex {
            let id = body[index]
            if id == 0 { index += 1; continue }  // padding
            guard index + 1 < body.endIndex else {
                throw RTPError.invalidHeaderExtension("two-byte element id \(id) has no length byte")
            }
            let length = Int(body[index + 1])
            index += 2
            guard index + length <= body.endIndex else {
                throw RTPError.invalidHeaderExtension("two-byte element id \(id) needs \(length) bytes, \(body.endIndex - index) left")
            }
            elements.append(RTPExtensionElement(id: id, data: Array(body[index..<index + length])))
            index += length
        }
        return elements
    }

    /// The number of bytes `serialize(into:)` appends (profile word + padded body).
    var serializedSize: Int {
        let bodyLength: Int
        switch self {
        case let .oneByte(elements): bodyLength = elements.reduce(0) { $0 + 1 + $1.data.count }
        case let .twoByte(elements, _): bodyLength = elements.reduce(0) { $0 + 2 + $1.data.count }
        case let .raw(_, data): bodyLength = data.count
        }
        return 4 + (bodyLength + 3) / 4 * 4
    }

    /// Checks every element fits its form; throws `RTPError.invalidHeaderExtension` otherwise.
    public func validate() throws {
        switch self {
        case let .oneByte(elements):
            for element in elements where !element.fitsOneByteForm {
                throw RTPError.invalidHeaderExtension("one-byte form needs id 1...14 and 1...16 bytes, got id \(element.id) with \(element.data.count) bytes")
            }
        case let .twoByte(elements, appBits):
            guard appBits <= 0x0F else { throw RTPError.invalidHeaderExtension("appBits \(appBits) exceed 4 bits") }
            for element in elements where !element.fitsTwoByteForm {
                throw RTPError.invalidHeaderExtension("two-byte form needs id 1...255 and 0...255 bytes, got id \(element.id) with \(element.data.count) bytes")
            }
        case let .raw(_, data):
            guard data.count % 4 == 0 else {
                throw RTPError.invalidHeaderExtension("raw extension data of \(data.count) bytes is not a multiple of 4")
            }
        }
        guard (serializedSize - 4) / 4 <= Int(UInt16.max) else {
            throw RTPError.invalidHeaderExtension("extension longer than 65535 words")
        }
    }

    /// Appends profile, length and the padded body. Call `validate()` first.
    func serialize(into out: inout [UInt8]) {
        out.appendUInt16(profile)
        let lengthOffset = out.count
        out.appendUInt16(0)
        let bodyStart = out.count
        switch self {
        case let .oneByte(elements):
            for element in elements {
                out.append(element.id << 4 | UInt8(truncatingIfNeeded: element.data.count - 1) & 0x0F)
                out.append(contentsOf: element.data)
            }
        case let .twoByte(elements, _):
            for element in elements {
                out.append(element.id)
                out.append(UInt8(truncatingIfNeeded: element.data.count))
                out.append(contentsOf: element.data)
            }
        case let .raw(_, data):
            out.append(contentsOf: data)
        }
        out.padToWord(from: bodyStart)
        out.writeUInt16(UInt16(truncatingIfNeeded: (out.count - bodyStart) / 4), at: lengthOffset)
    }
}
