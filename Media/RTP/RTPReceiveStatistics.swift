/// Reception statistics for one remote SSRC, following RFC 3550 Appendix A:
/// sequence validation with probation / MAX_DROPOUT / MAX_MISORDER (A.1),
/// loss and fraction lost per reporting interval (A.3), and interarrival
/// jitter (A.8, §6.4.1).
///
/// Sans-IO: feed every received packet's sequence number, RTP timestamp and
/// arrival instant; ask for a `ReportBlock` when building a report.
public struct RTPReceiveStatistics: Sendable {
    /// A.1 constants.
    public static let maxDropout: UInt16 = 3000
    public static let maxMisorder: UInt16 = 100
    static let sequenceModulo: Int64 = 1 << 16
    /// Size of the window used to tell duplicates from reordered packets (≥ MAX_MISORDER).
    static let historySize = 128

    public let ssrc: UInt32
    /// RTP clock rate in Hz (48 000 for Opus).
    public let clockRate: Int
    /// Consecutive packets needed before a new source is accepted (A.1 MIN_SEQUENTIAL).
    public let minSequential: Int

    // A.1 state.
    private var started = false
    private var maxSequence: UInt16 = 0
    private var cycles: Int64 = 0
    private var baseSequence: UInt16 = 0
    private var badSequence: Int64 = Self.sequenceModulo + 1
    private var probation = 0
    private var received: Int64 = 0
    private var expectedPrior: Int64 = 0
    private var receivedPrior: Int64 = 0

    // Duplicate detection: bit `ext % historySize` is set when that extended number was received
    // (two words, so the struct stays allocation-free).
    private var historyLow: UInt64 = 0
    private var historyHigh: UInt64 = 0

    // A.8 state.
    private var arrivalReference: ContinuousClock.Instant?
    private var lastTransit: UInt32 = 0
    private var hasTransit = false
    /// Interarrival jitter estimate in RTP timestamp units.
    public private(set) var jitter: Double = 0

    /// Payload bytes of valid packets.
    public private(set) var bytesReceived: Int64 = 0
    public private(set) var duplicates: Int64 = 0
    public private(set) var reordered: Int64 = 0
    /// Packets dropped by validation (probation or unconfirmed jumps).
    public private(set) var invalidPackets: Int64 = 0
    /// Fraction lost computed by the last `makeReportBlock` (0...255 over 256).
    public private(set) var lastFractionLost: UInt8 = 0
    public private(set) var lastPacketArrival: ContinuousClock.Instant?

    /// The last SR received from this source: the middle 32 bits of its NTP time and when it arrived.
    public private(set) var lastSenderReport: (middle32: UInt32, receivedAt: ContinuousClock.Instant)?

    public init(ssrc: UInt32, clockRate: Int, minSequential: Int = 2) {
        self.ssrc = ssrc
        self.clockRate = max(1, clockRate)
        self.minSequential = max(0, minSequential)
    }

    // MARK: Derived values

    /// True once the source passed probation and at least one packet counted.
    public var isValid: Bool { started && probation == 0 && received > 0 }
    /// Highest sequence number seen with its wrap count: `cycles × 65536 + max_seq`.
    public var extendedHighestSequenceNumber: Int64 { cycles + Int64(maxSequence) }
    /// The first sequence number counted (after probation).
    public var baseSequenceNumber: UInt16 { baseSequence }
    /// Packets expected: extended highest − base + 1 (0 before the source is valid).
    public var packetsExpected: Int64 { isValid ? extendedHighestSequenceNumber - Int64(baseSequence) + 1 : 0 }
    /// Packets received, including duplicates and late ones (as RFC 3550 counts them).
    public var packetsReceived: Int64 { received }
    /// Expected − received; negative when duplicates outnumber losses.
    public var cumulativeLost: Int64 { packetsExpected - received }
    /// Jitter in milliseconds.
    public var jitterMs: Double { jitter * 1000 / Double(clockRate) }

    // MARK: Updates

    /// Feeds one received packet.
    /// - Parameters:
    ///   - payloadBytes: payload size, counted in `bytesReceived` when the packet is valid.
    ///   - arrival: when the packet arrived (monotonic, supplied by the caller).
    @discardableResult
    public mutating func update(sequenceNumber: UInt16, rtpTimestamp: UInt32, payloadBytes: Int = 0,
                                arrival: ContinuousClock.Instant) -> RTPSequenceOutcome {
        let outcome = updateSequence(sequenceNumber)
        if outcome.isValid {
            bytesReceived += Int64(payloadBytes)
            lastPacketArrival = arrival
            if outcome != .duplicate {
                updateJitter(rtpTimestamp: rtpTimestamp, arrival: arrival)
            }
        } else {
            invalidPackets += 1
        }
        return outcome
    }

    /// Records an SR received from this source (for LSR/DLSR).
    public mutating func senderReportReceived(ntpTimestamp: NTPTimestamp, at arrival: ContinuousClock.Instant) {
        lastSenderReport = (ntpTimestamp.middle32, arrival)
    }

    /// Builds the report block for this source and starts a new A.3 interval.
    /// LSR/DLSR come from the last SR recorded with `senderReportReceived` (0 if none).
    public mutating func makeReportBlock(now: ContinuousClock.Instant) -> ReportBlock {
        let expected = packetsExpected
        let expectedInterval = expected - expectedPrior
        expectedPrior = expected
        let receivedInterval = received - receivedPrior
        receivedPrior = received
        let lostInterval = expectedInterval - receivedInterval
        if expectedInterval == 0 || lostInterval <= 0 {
            lastFractionLost = 0
        } else {
            lastFractionLost = UInt8(min(255, (lostInterval << 8) / expectedInterval))
        }

        let lost = Int32(clamping: min(max(cumulativeLost, Int64(ReportBlock.cumulativeLostRange.lowerBound)),
                                       Int64(ReportBlock.cumulativeLostRange.upperBound)))
        var lsr: UInt32 = 0
        var dlsr: UInt32 = 0
        if let last = lastSenderReport {
            lsr = last.middle32
            let delay = max(0, (now - last.receivedAt).secondsDouble) * 65536
            dlsr = UInt32(min(delay.rounded(.down), Double(UInt32.max)))
        }
        return ReportBlock(
            ssrc: ssrc,
            fractionLost: lastFractionLost,
            cumulativeLost: lost,
            extendedHighestSequenceNumber: UInt32(truncatingIfNeeded: extendedHighestSequenceNumber),
            jitter: UInt32(min(jitter.rounded(.down), Double(UInt32.max))),
            lastSenderReport: lsr,
            delaySinceLastSenderReport: dlsr
        )
    }

    // MARK: A.1

    private mutating func initSequence(_ sequence: UInt16) {
        baseSequence = sequence
        maxSequence = sequence
        badSequence = Self.sequenceModulo + 1
        cycles = 0
        received = 0
        receivedPrior = 0
        expectedPrior = 0
        historyLow = 0
        historyHigh = 0
    }

    private mutating func updateSequence(_ sequence: UInt16) -> RTPSequenceOutcome {
        if !started {
            // A.1 source initialisation: init_seq(seq); max_seq = seq - 1; probation = MIN_SEQUENTIAL.
            started = true
            initSequence(sequence)
            maxSequence = sequence &- 1
            probation = minSequential
        }
        let delta = sequence &- maxSequence

        if probation > 0 {
            if sequence == maxSequence &+ 1 {
                probation -= 1
                maxSequence = sequence
                if probation == 0 {
                    initSequence(sequence)
                    received += 1
                    markReceived(extendedHighestSequenceNumber)
                    return .inOrder
                }
            } else {
                probation = max(0, minSequential - 1)
                maxSequence = sequence
            }
            return .probation
        }

        if delta == 0 {
            // Same as the highest: a duplicate (A.1 counts it as received).
            received += 1
            duplicates += 1
            return .duplicate
        } else if delta < Self.maxDropout {
            // In order, with a permissible gap.
            if sequence < maxSequence { cycles += Self.sequenceModulo }
            advanceHistory(from: extendedHighestSequenceNumber, by: Int(delta))
            maxSequence = sequence
            markReceived(extendedHighestSequenceNumber)
            received += 1
            return .inOrder
        } else if Int64(delta) <= Self.sequenceModulo - Int64(Self.maxMisorder) {
            // The sequence number made a very large jump.
            if Int64(sequence) == badSequence {
                // Two sequential packets: assume the other side restarted without telling us.
                initSequence(sequence)
                markReceived(extendedHighestSequenceNumber)
                received += 1
                return .restarted
            }
            badSequence = (Int64(sequence) + 1) & (Self.sequenceModulo - 1)
            return .badSequence
        } else {
            // Duplicate or reordered packet, within MAX_MISORDER behind the highest.
            received += 1
            let behind = Int64(maxSequence &- sequence)
            let extended = extendedHighestSequenceNumber - behind
            if isReceived(extended) {
                duplicates += 1
                return .duplicate
            }
            setHistory(extended, received: true)
            reordered += 1
            return .reordered
        }
    }

    private static func slot(_ extended: Int64) -> Int {
        Int(((extended % Int64(historySize)) + Int64(historySize)) % Int64(historySize))
    }

    private func isReceived(_ extended: Int64) -> Bool {
        let slot = Self.slot(extended)
        let word = slot < 64 ? historyLow : historyHigh
        return word & (1 << UInt64(slot & 63)) != 0
    }

    private mutating func setHistory(_ extended: Int64, received: Bool) {
        let slot = Self.slot(extended)
        let mask: UInt64 = 1 << UInt64(slot & 63)
        if slot < 64 {
            historyLow = received ? historyLow | mask : historyLow & ~mask
        } else {
            historyHigh = received ? historyHigh | mask : historyHigh & ~mask
        }
    }

    private mutating func markReceived(_ extended: Int64) {
        setHistory(extended, received: true)
    }

    /// Clears the slots of the numbers skipped between the old highest and the new one.
    private mutating func advanceHistory(from extended: Int64, by delta: Int) {
        if delta >= Self.historySize {
            historyLow = 0
            historyHigh = 0
            return
        }
        for step in 1...delta {
            setHistory(extended + Int64(step), received: false)
        }
    }

    // MARK: A.8

    private mutating func updateJitter(rtpTimestamp: UInt32, arrival: ContinuousClock.Instant) {
        let reference: ContinuousClock.Instant
        if let existing = arrivalReference {
            reference = existing
        } else {
            reference = arrival
            arrivalReference = arrival
        }
        // Arrival time in RTP timestamp units (mod 2^32, like the timestamps).
        let arrivalUnits = ((arrival - reference).secondsDouble * Double(clockRate)).rounded()
        let arrivalStamp = UInt32(truncatingIfNeeded: Int64(arrivalUnits))
        let transit = arrivalStamp &- rtpTimestamp
        if hasTransit {
            let difference = Int32(bitPattern: transit &- lastTransit)
            let magnitude = difference == Int32.min ? Double(Int32.max) : Double(abs(difference))
            jitter += (magnitude - jitter) / 16
        }
        lastTransit = transit
        hasTransit = true
    }
}
