/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable random source, so a load run
/// with `--seed` draws the same losses, delays and barge-in decisions every time.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// True with probability `p` (clamped to 0…1).
    public mutating func chance(_ p: Double) -> Bool { p > 0 && unit() < p }

    /// An independent stream for `index` (one per caller), derived from this seed.
    public static func stream(seed: UInt64, index: Int) -> SeededRandom {
        var mixer = SeededRandom(seed: seed ^ (0xD1B5_4A32_D192_ED03 &* UInt64(index + 1)))
        return SeededRandom(seed: mixer.next())
    }
}
