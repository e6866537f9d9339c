/// An IP address and UDP port: the address of a peer, a candidate or a mapped address.
///
/// RFC 8489 §3 calls this a *transport address*. It is stored without heap
/// allocation (two 64-bit words), so it is cheap to hash and use as a dictionary
/// key on the per-packet path. Text forms follow RFC 5952 for IPv6
/// (`[2001:db8::1]:5`) and dotted quads for IPv4 (`1.2.3.4:5`).
public struct TransportAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address family.
    public enum Family: UInt8, Hashable, Sendable {
        /// IPv4; STUN family code 0x01.
        case ipv4 = 0x01
        /// IPv6; STUN family code 0x02.
        case ipv6 = 0x02

        /// The address length in bytes (4 or 16).
        public var addressLength: Int { self == .ipv4 ? 4 : 16 }
    }

    /// The address family.
    public let family: Family
    /// The UDP port.
    public let port: UInt16
    /// Bytes 0–7 of an IPv6 address (big-endian); zero for IPv4.
    private let high: UInt64
    /// Bytes 8–15 of an IPv6 address, or the IPv4 address in the low 32 bits (big-endian).
    private let low: UInt64

    /// An IPv4 address given as a big-endian 32-bit value (`0x7F000001` is 127.0.0.1).
    public init(ipv4: UInt32, port: UInt16) {
        self.init(family: .ipv4, high: 0, low: UInt64(ipv4), port: port)
    }

    private init(family: Family, high: UInt64, low: UInt64, port: UInt16) {
        self.family = family
        self.high = high
        self.low = low
        self.port = port
    }

    /// An address from its raw bytes: 4 for IPv4, 16 for IPv6; `nil` for any other length.
    public init?<Bytes: Collection>(ipBytes: Bytes, port: UInt16) where Bytes.Element == UInt8 {
        switch ipBytes.count {
        case 4:
            self.init(ipv4: ipBytes.reduce(0) { $0 << 8 | UInt32($1) }, port: port)
        case 16:
            // No intermediate array: this runs per datagram when a driver converts socket addresses.
            var high: UInt64 = 0
            var low: UInt64 = 0
            for (index, byte) in ipBytes.enumerated() {
                if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
            }
            self.init(family: .ipv6, high: high, low: low, port: port)
        default:
            return nil
        }
    }

    /// An address from a textual IP (`"1.2.3.4"`, `"::1"`, `"[::1]"`) and a port; `nil` if the text is not an IP address.
    ///
    /// Host names are not resolved and IPv6 zone identifiers (`%eth0`) are rejected.
    public init?(host: String, port: UInt16) {
        var text = Substring(host)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let v4 = TransportAddress.parseIPv4(text) {
            self.init(ipv4: v4, port: port)
        } else if let v6 = TransportAddress.parseIPv6(text) {
            self.init(ipBytes: v6, port: port)
        } else {
            return nil
        }
    }

    /// An address from `"1.2.3.4:5"` or `"[::1]:5"`; `nil` if malformed.
    public init?(_ description: String) {
        let text = Substring(description)
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portPart = rest.dropFirst()
            guard TransportAddress.parseIPv6(hostPart) != nil else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            guard TransportAddress.parseIPv4(hostPart) != nil else { return nil }
        }
        guard !portPart.isEmpty, portPart.allSatisfy(\.isASCIIDigit), let port = UInt16(portPart) else { return nil }
        self.init(host: String(hostPart), port: port)
    }

    /// The raw address bytes: 4 for IPv4, 16 for IPv6 (network order).
    public var ipBytes: [UInt8] {
        switch family {
        case .ipv4:
            return (0..<4).map { UInt8(truncatingIfNeeded: low >> (24 - 8 * UInt64($0))) }
        case .ipv6:
            return (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) }
                + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64($0))) }
        }
    }

    /// The IPv4 address as a big-endian 32-bit value, or `nil` for IPv6.
    public var ipv4Value: UInt32? { family == .ipv4 ? UInt32(truncatingIfNeeded: low) : nil }

    /// For an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, as a dual-stack socket reports
    /// IPv4 peers) the plain IPv4 address; otherwise `self` unchanged.
    public var unmappingIPv4: TransportAddress {
        guard family == .ipv6, high == 0, low >> 32 == 0xFFFF else { return self }
        return TransportAddress(ipv4: UInt32(truncatingIfNeeded: low), port: port)
    }

    /// The IP address as text, without brackets or port (`"1.2.3.4"`, `"2001:db8::1"`).
    public var host: String {
        let bytes = ipBytes
        switch family {
        case .ipv4:
            return bytes.map(String.init).joined(separator: ".")
        case .ipv6:
            let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
            // RFC 5952 §4.2: compress the longest run (≥ 2) of zero groups, the first if tied.
            var bestStart = -1, bestLength = 0, runStart = -1
            for index in 0...8 {
                if index < 8, groups[index] == 0 {
                    if runStart < 0 { runStart = index }
                } else if runStart >= 0 {
                    if index - runStart > bestLength { bestStart = runStart; bestLength = index - runStart }
                    runStart = -1
                }
            }
            let hex = groups.map { String($0, radix: 16) }
            guard bestLength >= 2 else { return hex.joined(separator: ":") }
            let head = hex[..<bestStart].joined(separator: ":")
            let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
            return head + "::" + tail
        }
    }

    /// `1.2.3.4:5` or `[::1]:5`.
    public var description: String {
        family == .ipv4 ? "\(host):\(port)" : "[\(host)]:\(port)"
    }

    // MARK: Text parsing

    static func parseIPv4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit),
                  let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }

    static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.count >= 2, !text.contains("%") else { return nil }
        let halves = text.components(separatedByDoubleColon: ())
        guard halves.count <= 2 else { return nil }

        func groups(_ part: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowIPv4Tail, index == pieces.count - 1, piece.contains(".") {
                    guard let v4 = parseIPv4(piece) else { return nil }
                    result.append(UInt16(truncatingIfNeeded: v4 >> 16))
                    result.append(UInt16(truncatingIfNeeded: v4))
                } else {
                    guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit),
                          let group = UInt16(piece, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }

        let all: [UInt16]
        if halves.count == 2 {
            guard let head = groups(halves[0], allowIPv4Tail: false),
                  let tail = groups(halves[1], allowIPv4Tail: true),
                  head.count + tail.count <= 7 else { return nil }
            all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let only = groups(halves[0], allowIPv4Tail: true), only.count == 8 else { return nil }
            all = only
        }
        return all.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    /// Splits at every `"::"` (at most one is valid in an IPv6 address).
    fileprivate func components(separatedByDoubleColon: ()) -> [Substring] {
        var result: [Substring] = []
        var start = startIndex
        var index = startIndex
        while index < endIndex {
            let next = self.index(after: index)
            if self[index] == ":", next < endIndex, self[next] == ":" {
                result.append(self[start..<index])
                start = self.index(after: next)
                index = start
            } else {
                index = next
            }
        }
        result.append(self[start..<endIndex])
        return result
    }
}
