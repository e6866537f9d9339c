/// One reception report block of an SR or RR (RFC 3550 §6.4.1).
///
/// ```
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 SSRC_1 (SSRC of first source)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      interarrival jitter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         last SR (LSR)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   delay since last SR (DLSR)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// ```
public struct ReportBlock: Equatable, Hashable, Sendable {
    public static let size = 24
    /// Largest and smallest values of the 24-bit signed cumulative-lost field.
    public static let cumulativeLostRange: ClosedRange<Int32> = -0x80_0000...0x7F_FFFF

    /// The source this block reports on.
    public var ssrc: UInt32
    /// Fraction lost since the previous report, fixed point /256.
    public var fractionLost: UInt8
    /// Cumulative packets lost (24-bit signed; clamped to `cumulativeLostRange` on serialize).
    public var cumulativeLost: Int32
    /// Cycles (high 16 bits) and highest sequence number (low 16 bits).
    public var extendedHighestSequenceNumber: UInt32
    /// Interarrival jitter in RTP timestamp units.
    public var jitter: UInt32
    /// Middle 32 bits of the NTP timestamp of the last SR received from `ssrc`, 0 if none.
    public var lastSenderReport: UInt32
    /// Delay since that SR was received, in 1/65536 s, 0 if none.
    public var delaySinceLastSenderReport: UInt32

    public init(
        ssrc: UInt32, fractionLost: UInt8, cumulativeLost: Int32, extendedHighestSequenceNumber: UInt32,
        jitter: UInt32, lastSenderReport: UInt32, delaySinceLastSenderReport: UInt32
    ) {
        self.ssrc = ssrc
        self.fractionLost = fractionLost
        self.cumulativeLost = cumulativeLost
        self.extendedHighestSequenceNumber = extendedHighestSequenceNumber
        self.jitter = jitter
        self.lastSenderReport = lastSenderReport
        self.delaySinceLastSenderReport = delaySinceLastSenderReport
    }

    /// `fractionLost` as a value in 0...1.
    public var fractionLostRatio: Double { Double(fractionLost) / 256 }

    /// Parses a block at absolute index `offset`; the caller checks that 24 bytes are present.
    init<C: RandomAccessCollection>(bytes: C, at offset: Int) where C.Element == UInt8, C.Index == Int {
        ssrc = bytes.readUInt32(at: offset)
        let lossWord = bytes.readUInt32(at: offset + 4)
        fractionLost = UInt8(lossWord >> 24)
        // Sign-extend the 24-bit value.
        cumulativeLost = Int32(bitPattern: lossWord << 8) >> 8
        extendedHighestSequenceNumber = bytes.readUInt32(at: offset + 8)
        jitter = bytes.readUInt32(at: offset + 12)
        lastSenderReport = bytes.readUInt32(at: offset + 16)
        delaySinceLastSenderReport = bytes.readUInt32(at: offset + 20)
    }

    func serialize(into out: inout [UInt8]) {
        out.appendUInt32(ssrc)
        let clamped = min(max(cumulativeLost, Self.cumulativeLostRange.lowerBound), Self.cumulativeLostRange.upperBound)
        out.appendUInt32(UInt32(fractionLost) << 24 | UInt32(bitPattern: clamped) & 0x00FF_FFFF)
        out.appendUInt32(extendedHighestSequenceNumber)
        out.appendUInt32(jitter)
        out.appendUInt32(lastSenderReport)
        out.appendUInt32(delaySinceLastSenderReport)
    }
}
