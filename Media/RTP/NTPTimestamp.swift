#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A 64-bit NTP timestamp (RFC 3550 §4): seconds since 1900-01-01 in the high
/// 32 bits, binary fraction of a second in the low 32 bits.
///
/// Built from a wall-clock time the caller supplies (seconds since 1970, or a
/// `Date`); this type never reads a clock. `middle32` is the "NTP short format"
/// used for LSR (RFC 3550 §6.4.1).
public struct NTPTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds between 1900-01-01 (NTP era 0) and 1970-01-01 (Unix epoch).
    public static let unixEpochOffset: UInt64 = 2_208_988_800

    public var seconds: UInt32
    public var fraction: UInt32

    public init(seconds: UInt32, fraction: UInt32) {
        self.seconds = seconds
        self.fraction = fraction
    }

    public init(rawValue: UInt64) {
        seconds = UInt32(truncatingIfNeeded: rawValue >> 32)
        fraction = UInt32(truncatingIfNeeded: rawValue)
    }

    /// The 64-bit wire value.
    public var rawValue: UInt64 { UInt64(seconds) << 32 | UInt64(fraction) }

    /// From wall-clock seconds since 1970 (e.g. `Date().timeIntervalSince1970`, read by the caller).
    public init(unixTime: Double) {
        let ntp = max(0, unixTime + Double(Self.unixEpochOffset))
        let whole = ntp.rounded(.down)
        let fractional = ((ntp - whole) * 4_294_967_296).rounded(.down)
        seconds = UInt32(truncatingIfNeeded: UInt64(whole))  // wraps into NTP era 1 after 2036
        fraction = UInt32(min(fractional, 4_294_967_295))
    }

    public init(date: Date) {
        self.init(unixTime: date.timeIntervalSince1970)
    }

    /// Seconds since 1970. Timestamps with the top bit clear are taken to be in
    /// NTP era 1 (2036–2104), per the RFC 4330 §3 convention.
    public var unixTime: Double {
        var ntpSeconds = Double(seconds)
        if seconds & 0x8000_0000 == 0 { ntpSeconds += 4_294_967_296 }
        return ntpSeconds - Double(Self.unixEpochOffset) + Double(fraction) / 4_294_967_296
    }

    public var date: Date { Date(timeIntervalSince1970: unixTime) }

    /// The middle 32 bits (16.16 fixed point seconds), as carried in LSR.
    public var middle32: UInt32 { (seconds & 0xFFFF) << 16 | fraction >> 16 }

    public static func < (lhs: NTPTimestamp, rhs: NTPTimestamp) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "NTP(\(seconds).\(fraction))" }
}
