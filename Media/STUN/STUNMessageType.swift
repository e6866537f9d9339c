/// The class of a STUN message (RFC 8489 §5): the C1 and C0 bits of the message type.
public enum STUNClass: UInt8, Hashable, Sendable {
    case request = 0b00
    case indication = 0b01
    case successResponse = 0b10
    case errorResponse = 0b11
}

/// A STUN method (RFC 8489 §5, §18.2): a 12-bit number; only Binding (0x001) is used by ICE.
public struct STUNMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 12-bit method number.
    public let rawValue: UInt16

    /// `nil` if `rawValue` does not fit in 12 bits.
    public init?(rawValue: UInt16) {
        guard rawValue <= 0x0FFF else { return nil }
        self.rawValue = rawValue
    }

    /// Binding (0x001): the only method of plain STUN and of ICE connectivity checks.
    public static let binding = STUNMethod(uncheckedRawValue: 0x001)

    init(uncheckedRawValue: UInt16) { rawValue = uncheckedRawValue & 0x0FFF }

    public var description: String { rawValue == 0x001 ? "Binding" : "method 0x\(String(rawValue, radix: 16))" }
}

/// The 14-bit STUN message type: a method interleaved with a class (RFC 8489 §5, Figure 3).
///
/// ```
///  0                 1
///  2  3  4 5 6 7 8 9 0 1 2 3 4 5
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
/// |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct STUNMessageType: Hashable, Sendable, CustomStringConvertible {
    public var method: STUNMethod
    public var messageClass: STUNClass

    public init(method: STUNMethod, messageClass: STUNClass) {
        self.method = method
        self.messageClass = messageClass
    }

    /// Decodes the 16-bit type field; `nil` if either of its two most significant bits is set.
    public init?(rawValue: UInt16) {
        guard rawValue & 0xC000 == 0 else { return nil }
        let classBits = UInt8(truncatingIfNeeded: (rawValue >> 4) & 0x1 | (rawValue >> 7) & 0x2)
        let methodBits = rawValue & 0x000F | (rawValue >> 1) & 0x0070 | (rawValue >> 2) & 0x0F80
        guard let messageClass = STUNClass(rawValue: classBits) else { return nil }
        self.init(method: STUNMethod(uncheckedRawValue: methodBits), messageClass: messageClass)
    }

    /// The 16-bit type field.
    public var rawValue: UInt16 {
        let m = method.rawValue
        let c = UInt16(messageClass.rawValue)
        return m & 0x000F | (m & 0x0070) << 1 | (m & 0x0F80) << 2 | (c & 0x1) << 4 | (c & 0x2) << 7
    }

    public static let bindingRequest = STUNMessageType(method: .binding, messageClass: .request)
    public static let bindingIndication = STUNMessageType(method: .binding, messageClass: .indication)
    public static let bindingSuccess = STUNMessageType(method: .binding, messageClass: .successResponse)
    public static let bindingError = STUNMessageType(method: .binding, messageClass: .errorResponse)

    public var description: String { "\(method) \(messageClass)" }
}
