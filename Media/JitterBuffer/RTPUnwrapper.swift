/// Extends wrapping RTP counters — the 16-bit sequence number and the 32-bit
/// timestamp (RFC 3550 §5.1, Appendix A.1) — to monotonic 64-bit values, so that
/// ordering and differences keep working across wrap-around.
///
/// Each new value is placed at the extension closest to the highest value seen so
/// far (a forward or backward step of less than half the counter range), which is
/// how receivers unwrap both counters.
struct RTPUnwrapper: Sendable {
    /// Counter width in bits: 16 for sequence numbers, 32 for timestamps.
    let bits: Int
    /// The highest extended value seen, nil before the first.
    private(set) var highest: Int64?

    init(bits: Int) {
        precondition(bits == 16 || bits == 32, "RTP counters are 16 or 32 bits wide")
        self.bits = bits
    }

    /// The extended value of `raw` (not recorded; see ``update(_:)``).
    func extend(_ raw: UInt32) -> Int64 {
        guard let highest else { return Int64(raw) }
        let modulus = Int64(1) << Int64(bits)
        let mask = modulus - 1
        let last = highest & mask
        var delta = (Int64(raw) - last) & mask
        if delta >= modulus / 2 { delta -= modulus }
        return highest + delta
    }

    /// Extends `raw` and records it, returning the extended value.
    mutating func update(_ raw: UInt32) -> Int64 {
        let value = extend(raw)
        if highest == nil || value > highest! { highest = value }
        return value
    }

    /// Forgets all history (new stream).
    mutating func reset() { highest = nil }
}
