/// The Gilbert–Elliott two-state packet-loss channel: a Markov chain over a good and a bad state,
/// each with its own loss probability. With `lossInGood = 0` and `lossInBad = 1` (the Gilbert
/// model) losses come in bursts whose mean length is `1 / badToGood`, and the long-run loss rate
/// is `goodToBad / (goodToBad + badToGood)`.
public struct GilbertElliott: Sendable, Equatable {
    /// P(good → bad) per packet.
    public var goodToBad: Double
    /// P(bad → good) per packet.
    public var badToGood: Double
    public var lossInGood: Double
    public var lossInBad: Double
    public private(set) var inBadState = false

    public init(goodToBad: Double, badToGood: Double, lossInGood: Double = 0, lossInBad: Double = 1) {
        self.goodToBad = goodToBad
        self.badToGood = badToGood
        self.lossInGood = lossInGood
        self.lossInBad = lossInBad
    }

    /// The Gilbert channel with long-run loss rate `loss` (0…<1) and mean burst length
    /// `meanBurst` packets (≥ 1): r = 1 / meanBurst, p = loss · r / (1 − loss).
    public init(loss: Double, meanBurst: Double) {
        let r = 1 / max(1, meanBurst)
        let clamped = min(max(loss, 0), 0.99)
        self.init(goodToBad: min(1, clamped * r / (1 - clamped)), badToGood: r)
    }

    /// The stationary loss rate of the chain.
    public var stationaryLoss: Double {
        let total = goodToBad + badToGood
        guard total > 0 else { return inBadState ? lossInBad : lossInGood }
        let bad = goodToBad / total
        return bad * lossInBad + (1 - bad) * lossInGood
    }

    /// Advances one packet; returns whether that packet is lost.
    public mutating func nextIsLost(_ random: inout SeededRandom) -> Bool {
        inBadState = inBadState ? !random.chance(badToGood) : random.chance(goodToBad)
        return random.chance(inBadState ? lossInBad : lossInGood)
    }
}
