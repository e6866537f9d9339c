import Caller
import NIOConcurrencyHelpers

/// Network impairment applied at a synthetic caller's sender, as a sans-IO model: fed the send
/// time of each outgoing RTP packet, it says whether the packet is lost and how long the emulated
/// network holds it. Loss is Bernoulli, or bursty through a Gilbert–Elliott channel when the mean
/// burst length is above one packet; jitter is a uniform extra delay in `0…jitterMs` that keeps
/// packets in order; reordering holds a packet two frame times past its release so that the
/// packets after it overtake it. Deterministic for a given seed.
public struct NetworkImpairment: Sendable {
    /// What to emulate.
    public struct Settings: Sendable, Equatable, Codable {
        /// Long-run fraction of packets lost, 0…<1.
        public var loss: Double
        /// Mean loss-burst length in packets (≥ 1; 1 = independent losses).
        public var burst: Double
        /// Largest extra one-way delay, ms (uniform in 0…jitterMs).
        public var jitterMs: Double
        /// Probability that a packet is held back behind the next ones, 0…1.
        public var reorder: Double

        public init(loss: Double = 0, burst: Double = 1, jitterMs: Double = 0, reorder: Double = 0) {
            self.loss = loss
            self.burst = burst
            self.jitterMs = jitterMs
            self.reorder = reorder
        }

        /// Whether this changes anything at all.
        public var isActive: Bool { loss > 0 || jitterMs > 0 || reorder > 0 }
    }

    /// What happened to the packets so far.
    public struct Counts: Sendable, Equatable, Codable {
        public var packets = 0
        public var dropped = 0
        /// Runs of consecutive drops.
        public var lossBursts = 0
        public var reordered = 0

        public init() {}

        /// Mean length of a run of drops, in packets (0 without drops).
        public var meanBurstLength: Double { lossBursts == 0 ? 0 : Double(dropped) / Double(lossBursts) }
    }

    /// Time the reordering hold adds: two 20 ms frames.
    public static let reorderHold: Duration = .milliseconds(40)

    public let settings: Settings
    public private(set) var counts = Counts()
    private var random: SeededRandom
    private var channel: GilbertElliott?
    private var lastRelease: ContinuousClock.Instant?
    private var lastDropped = false

    public init(settings: Settings, seed: UInt64) {
        self.settings = settings
        random = SeededRandom(seed: seed)
        if settings.loss > 0, settings.burst > 1 {
            channel = GilbertElliott(loss: settings.loss, meanBurst: settings.burst)
        }
    }

    /// The fate of a packet sent at `now` (call in send order).
    public mutating func fate(sentAt now: ContinuousClock.Instant) -> PacketFate {
        counts.packets += 1
        let lost: Bool
        if channel != nil {
            lost = channel?.nextIsLost(&random) ?? false
        } else {
            lost = random.chance(settings.loss)
        }
        if lost {
            counts.dropped += 1
            if !lastDropped { counts.lossBursts += 1 }
            lastDropped = true
            return .drop
        }
        lastDropped = false
        var release = now
        if settings.jitterMs > 0 {
            release = now + .microseconds(Int64((random.unit() * settings.jitterMs * 1000).rounded()))
        }
        if settings.reorder > 0, random.chance(settings.reorder) {
            counts.reordered += 1
            // Held past the packets after it; does not move the in-order release point.
            return .deliver(after: max(release, lastRelease ?? release) + Self.reorderHold - now)
        }
        if let previous = lastRelease, previous > release { release = previous }
        lastRelease = release
        return .deliver(after: release - now)
    }
}

/// A ``NetworkImpairment`` plugged into a caller's media transport.
public final class ImpairmentHook: OutgoingImpairment, @unchecked Sendable {
    private let model: NIOLockedValueBox<NetworkImpairment>

    public init(settings: NetworkImpairment.Settings, seed: UInt64) {
        model = NIOLockedValueBox(NetworkImpairment(settings: settings, seed: seed))
    }

    public func fate(ofPacketSentAt now: ContinuousClock.Instant) -> PacketFate {
        model.withLockedValue { $0.fate(sentAt: now) }
    }

    /// What the model did so far.
    public var counts: NetworkImpairment.Counts { model.withLockedValue { $0.counts } }
}
