/// Sans-IO RTCP scheduler and bookkeeper for a two-party RTP session
/// (RFC 3550 §6.2–6.4 simplified; RFC 4585 feedback counted).
///
/// Feed it every RTP packet sent and received and every RTCP compound
/// received; ask `pollTimeout()` when to wake up and call `pollTransmit(now:)`
/// then. A report is an SR when we sent RTP since the previous report,
/// otherwise an RR, followed by an SDES CNAME chunk (RFC 3550 §6.1).
///
/// Interval: `interval × U[1 − randomization, 1 + randomization]`, the first
/// one half of that (RFC 3550 §6.2 / §6.3.1 without reconsideration, which
/// only matters for large groups). The random draw comes from a seeded
/// generator, so runs are reproducible; set `randomization` to 0 in tests.
///
/// Wall-clock: the caller gives the wall time once, at `init`; later NTP
/// timestamps are that time advanced by the monotonic instants passed in, so
/// our SR timestamps and the arrival times used for RTT share one clock.
public struct RTCPReporter: Sendable {
    public struct Configuration: Sendable {
        public var localSSRC: UInt32
        /// Canonical name sent in SDES (RFC 3550 §6.5.1); WebRTC uses a random string.
        public var cname: String
        /// RTP clock rate of the media in Hz (48 000 for Opus).
        public var clockRate: Int
        /// Mean report interval (RFC 3550 suggests 5 s minimum).
        public var interval: Duration
        /// Relative spread of each interval, 0...1 (0.5 gives the RFC's [0.5, 1.5] factor).
        public var randomization: Double
        /// Delay before the first report; nil means half a (randomized) interval.
        public var initialDelay: Duration?
        /// Seed of the interval randomization.
        public var seed: UInt64
        /// A.1 MIN_SEQUENTIAL for new remote sources.
        public var minSequential: Int

        public init(localSSRC: UInt32, cname: String, clockRate: Int = 48_000, interval: Duration = .seconds(5),
                    randomization: Double = 0.5, initialDelay: Duration? = nil, seed: UInt64 = 0x5EED_1234_ABCD,
                    minSequential: Int = 2) {
            self.localSSRC = localSSRC
            self.cname = cname
            self.clockRate = clockRate
            self.interval = interval
            self.randomization = randomization
            self.initialDelay = initialDelay
            self.seed = seed
            self.minSequential = minSequential
        }
    }

    /// Something received over RTCP the session may act on.
    public enum Event: Equatable, Sendable {
        /// The peer asks for retransmission of these packets of `mediaSSRC` (RFC 4585 §6.2.1).
        case nack(mediaSSRC: UInt32, lostSequenceNumbers: [UInt16])
        /// RFC 4585 §6.3.1.
        case pictureLossIndication(mediaSSRC: UInt32)
        /// RFC 5104 §4.3.1.
        case fullIntraRequest(mediaSSRC: UInt32)
        /// A report block about our stream, with the RTT it yields (seconds) when it carries an LSR.
        case reportBlock(ReportBlock, roundTripTime: Double?)
        /// The peer's sources left (RFC 3550 §6.6).
        case bye(sources: [UInt32], reason: String?)
    }

    public let configuration: Configuration
    private let startInstant: ContinuousClock.Instant
    private let startWallClock: Double
    private var random: SplitMix64

    public private(set) var sendStatistics: RTPSendStatistics
    /// Per remote SSRC.
    public private(set) var receiveStatistics: [UInt32: RTPReceiveStatistics] = [:]
    /// When the next report is due.
    public private(set) var nextReportAt: ContinuousClock.Instant
    private var sentSinceLastReport = false
    private var heardSinceLastReport = Set<UInt32>()
    private var counters = RTCPSessionStats()

    /// - Parameters:
    ///   - now: the current monotonic instant.
    ///   - wallClock: the caller's wall-clock time at `now`, in seconds since 1970.
    public init(configuration: Configuration, now: ContinuousClock.Instant, wallClock: Double) {
        self.configuration = configuration
        self.startInstant = now
        self.startWallClock = wallClock
        self.random = SplitMix64(seed: configuration.seed)
        self.sendStatistics = RTPSendStatistics(ssrc: configuration.localSSRC, clockRate: configuration.clockRate)
        self.nextReportAt = now
        if let initialDelay = configuration.initialDelay {
            nextReportAt = now + initialDelay
        } else {
            nextReportAt = now + .seconds(randomizedIntervalSeconds() / 2)
        }
    }

    // MARK: Time

    /// The instant at which `pollTransmit` will next produce a report.
    public func pollTimeout() -> ContinuousClock.Instant { nextReportAt }

    /// Wall-clock seconds since 1970 at `instant`, derived from the time given at `init`.
    public func wallClock(at instant: ContinuousClock.Instant) -> Double {
        startWallClock + (instant - startInstant).secondsDouble
    }

    /// The NTP timestamp of `instant`.
    public func ntpTimestamp(at instant: ContinuousClock.Instant) -> NTPTimestamp {
        NTPTimestamp(unixTime: wallClock(at: instant))
    }

    private mutating func randomizedIntervalSeconds() -> Double {
        let spread = min(max(configuration.randomization, 0), 1)
        let factor = 1 + spread * (2 * random.nextUnit() - 1)
        return max(0.001, configuration.interval.secondsDouble * factor)
    }

    // MARK: RTP in and out

    /// Records an RTP packet we sent (payload bytes only count toward the octet count).
    public mutating func didSendRTP(rtpTimestamp: UInt32, payloadBytes: Int, now: ContinuousClock.Instant) {
        sendStatistics.record(rtpTimestamp: rtpTimestamp, payloadBytes: payloadBytes, at: now)
        sentSinceLastReport = true
    }

    public mutating func didSendRTP(_ packet: RTPPacket, now: ContinuousClock.Instant) {
        didSendRTP(rtpTimestamp: packet.timestamp, payloadBytes: packet.payload.count, now: now)
    }

    /// Records an RTP packet received from `ssrc`; returns the A.1 verdict.
    @discardableResult
    public mutating func didReceiveRTP(ssrc: UInt32, sequenceNumber: UInt16, rtpTimestamp: UInt32,
                                       payloadBytes: Int, now: ContinuousClock.Instant) -> RTPSequenceOutcome {
        let fresh = newReceiveStatistics(ssrc: ssrc)   // a few words, no allocation
        let outcome = receiveStatistics[ssrc, default: fresh]
            .update(sequenceNumber: sequenceNumber, rtpTimestamp: rtpTimestamp, payloadBytes: payloadBytes, arrival: now)
        if outcome.isValid { heardSinceLastReport.insert(ssrc) }
        return outcome
    }

    @discardableResult
    public mutating func didReceiveRTP(_ packet: RTPPacket, now: ContinuousClock.Instant) -> RTPSequenceOutcome {
        didReceiveRTP(ssrc: packet.ssrc, sequenceNumber: packet.sequenceNumber, rtpTimestamp: packet.timestamp,
                      payloadBytes: packet.payload.count, now: now)
    }

    private func newReceiveStatistics(ssrc: UInt32) -> RTPReceiveStatistics {
        RTPReceiveStatistics(ssrc: ssrc, clockRate: configuration.clockRate, minSequential: configuration.minSequential)
    }

    // MARK: RTCP in

    /// Parses and consumes a received (already SRTCP-unprotected) compound datagram.
    public mutating func handleRTCP(bytes: [UInt8], now: ContinuousClock.Instant) throws -> [Event] {
        handleRTCP(try RTCPCompound.parse(bytes), now: now)
    }

    /// Consumes received RTCP packets: SRs update LSR, report blocks about our
    /// SSRC update RTT and the peer's loss view, feedback is counted and returned.
    public mutating func handleRTCP(_ packets: [RTCPPacket], now: ContinuousClock.Instant) -> [Event] {
        var events: [Event] = []
        for packet in packets {
            switch packet {
            case let .senderReport(report):
                counters.reportsReceived += 1
                let fresh = newReceiveStatistics(ssrc: report.ssrc)
                receiveStatistics[report.ssrc, default: fresh]
                    .senderReportReceived(ntpTimestamp: report.ntpTimestamp, at: now)
                consume(report.reportBlocks, now: now, into: &events)
            case let .receiverReport(report):
                counters.reportsReceived += 1
                consume(report.reportBlocks, now: now, into: &events)
            case let .genericNACK(nack):
                counters.nacksReceived += 1
                let lost = nack.lostSequenceNumbers
                counters.nackedPacketsReceived += lost.count
                events.append(.nack(mediaSSRC: nack.mediaSSRC, lostSequenceNumbers: lost))
            case let .pictureLossIndication(pli):
                counters.plisReceived += 1
                events.append(.pictureLossIndication(mediaSSRC: pli.mediaSSRC))
            case let .fullIntraRequest(fir):
                counters.firsReceived += 1
                let targets = fir.entries.map(\.ssrc)
                events.append(.fullIntraRequest(mediaSSRC: targets.first ?? fir.mediaSSRC))
            case let .bye(bye):
                events.append(.bye(sources: bye.sources, reason: bye.reason))
            case .sourceDescription, .unknown:
                break
            }
        }
        return events
    }

    private mutating func consume(_ blocks: [ReportBlock], now: ContinuousClock.Instant, into events: inout [Event]) {
        for block in blocks where block.ssrc == configuration.localSSRC {
            let rtt = block.roundTripTime(arrival: ntpTimestamp(at: now))
            if let rtt { counters.rttMs = rtt * 1000 }
            counters.remotePacketsLost = Int64(block.cumulativeLost)
            counters.remoteFractionLost = block.fractionLostRatio
            counters.remoteJitterMs = Double(block.jitter) * 1000 / Double(max(1, configuration.clockRate))
            events.append(.reportBlock(block, roundTripTime: rtt))
        }
    }

    // MARK: RTCP out

    /// When a report is due at `now`, builds it (serialized compound) and schedules the next; else nil.
    public mutating func pollTransmit(now: ContinuousClock.Instant) -> [UInt8]? {
        guard now >= nextReportAt else { return nil }
        let packets = makeReport(now: now)
        nextReportAt = now + .seconds(randomizedIntervalSeconds())
        return RTCPCompound.serialize(packets)
    }

    /// Builds a report now (SR or RR, then SDES CNAME) and starts new loss
    /// intervals; does not move the schedule.
    public mutating func makeReport(now: ContinuousClock.Instant) -> [RTCPPacket] {
        var blocks: [ReportBlock] = []
        for ssrc in heardSinceLastReport.sorted() {
            guard receiveStatistics[ssrc]?.isValid == true,
                  let block = receiveStatistics[ssrc]?.makeReportBlock(now: now) else { continue }
            blocks.append(block)
        }
        heardSinceLastReport.removeAll()

        var packets: [RTCPPacket] = []
        if sentSinceLastReport,
           let senderReport = sendStatistics.makeSenderReport(now: now, ntpTimestamp: ntpTimestamp(at: now), reportBlocks: blocks) {
            packets.append(.senderReport(senderReport))
        } else {
            packets.append(.receiverReport(RTCPReceiverReport(ssrc: configuration.localSSRC, reportBlocks: blocks)))
        }
        packets.append(.sourceDescription(RTCPSourceDescription(ssrc: configuration.localSSRC, cname: configuration.cname)))
        sentSinceLastReport = false
        counters.reportsSent += 1
        return packets
    }

    /// A final compound (report, SDES, BYE) to send when leaving (RFC 3550 §6.6).
    public mutating func makeBye(now: ContinuousClock.Instant, reason: String? = nil) -> [UInt8] {
        var packets = makeReport(now: now)
        packets.append(.bye(RTCPBye(sources: [configuration.localSSRC], reason: reason)))
        return RTCPCompound.serialize(packets)
    }

    /// A generic NACK (reduced-size, RFC 5506) asking `mediaSSRC` to resend `lostSequenceNumbers`.
    public func makeNACK(mediaSSRC: UInt32, lostSequenceNumbers: [UInt16]) -> [UInt8] {
        RTCPCompound.serialize([.genericNACK(RTCPGenericNACK(senderSSRC: configuration.localSSRC, mediaSSRC: mediaSSRC,
                                                             lostSequenceNumbers: lostSequenceNumbers))])
    }

    /// A picture loss indication (reduced-size) for `mediaSSRC`.
    public func makePLI(mediaSSRC: UInt32) -> [UInt8] {
        RTCPCompound.serialize([.pictureLossIndication(RTCPPictureLossIndication(senderSSRC: configuration.localSSRC, mediaSSRC: mediaSSRC))])
    }

    // MARK: Stats

    /// Current counters for the whole session.
    public var stats: RTCPSessionStats {
        var result = counters
        result.packetsSent = sendStatistics.packetsSent
        result.bytesSent = sendStatistics.payloadBytesSent
        var maxJitter = 0.0
        var lastFraction = 0.0
        for statistics in receiveStatistics.values {
            result.packetsReceived += statistics.packetsReceived
            result.bytesReceived += statistics.bytesReceived
            result.packetsLost += statistics.cumulativeLost
            result.duplicatePackets += statistics.duplicates
            result.reorderedPackets += statistics.reordered
            maxJitter = max(maxJitter, statistics.jitterMs)
            lastFraction = max(lastFraction, Double(statistics.lastFractionLost) / 256)
        }
        result.jitterMs = maxJitter
        result.fractionLost = lastFraction
        return result
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator for report-interval randomization.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
