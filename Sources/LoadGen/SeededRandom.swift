import Interview

/// The load tool's random source: the interview planner's SplitMix64 generator, so a load run
/// with `--seed` draws the same losses, delays and barge-in decisions every time.
public typealias SeededRandom = SeededGenerator

extension SeededGenerator {
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }

    /// True with probability `p` (clamped to 0…1).
    public mutating func chance(_ p: Double) -> Bool { p > 0 && unit() < p }

    /// An independent stream for `index` (one per caller), derived from this seed.
    public static func stream(seed: UInt64, index: Int) -> SeededGenerator {
        var mixer = SeededGenerator(seed: seed ^ (0xD1B5_4A32_D192_ED03 &* UInt64(index + 1)))
        return SeededGenerator(seed: mixer.next())
    }
}
