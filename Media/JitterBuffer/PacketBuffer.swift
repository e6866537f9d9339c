/// One received packet waiting for playout, with its unwrapped counters.
struct BufferedPacket: Sendable {
    /// Extended (64-bit, unwrapped) RTP timestamp, 48 kHz units.
    var timestamp: Int64
    /// Extended (64-bit, unwrapped) sequence number.
    var sequence: Int64
    var payload: [UInt8]
    /// Arrival time in ms since the stream anchor.
    var arrivalMs: Double
    /// Arrival time as given to ``JitterBuffer/insert(packet:arrival:)``.
    var arrival: ContinuousClock.Instant
}

/// Packets ordered by extended RTP timestamp (ties impossible: a second packet for the
/// same timestamp is a duplicate). Small (a few dozen entries), so a sorted array is fine.
struct PacketBuffer: Sendable {
    private(set) var packets: [BufferedPacket] = []

    var isEmpty: Bool { packets.isEmpty }
    var count: Int { packets.count }
    var first: BufferedPacket? { packets.first }
    var last: BufferedPacket? { packets.last }

    private func insertionIndex(for timestamp: Int64) -> Int {
        var low = 0, high = packets.count
        while low < high {
            let mid = (low + high) / 2
            if packets[mid].timestamp < timestamp { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whether a packet with this timestamp or sequence number is already held.
    func contains(timestamp: Int64, sequence: Int64) -> Bool {
        let index = insertionIndex(for: timestamp)
        if index < packets.count, packets[index].timestamp == timestamp { return true }
        return packets.contains { $0.sequence == sequence }
    }

    mutating func insert(_ packet: BufferedPacket) {
        packets.insert(packet, at: insertionIndex(for: packet.timestamp))
    }

    /// The packet starting exactly at `timestamp`, if held.
    func packet(at timestamp: Int64) -> BufferedPacket? {
        let index = insertionIndex(for: timestamp)
        return index < packets.count && packets[index].timestamp == timestamp ? packets[index] : nil
    }

    /// The earliest packet starting after `timestamp`.
    func earliest(after timestamp: Int64) -> BufferedPacket? {
        var index = insertionIndex(for: timestamp)
        if index < packets.count, packets[index].timestamp == timestamp { index += 1 }
        return index < packets.count ? packets[index] : nil
    }

    /// Removes and returns the packet starting at `timestamp`.
    mutating func remove(at timestamp: Int64) -> BufferedPacket? {
        let index = insertionIndex(for: timestamp)
        guard index < packets.count, packets[index].timestamp == timestamp else { return nil }
        return packets.remove(at: index)
    }

    /// Removes every packet starting before `timestamp`; returns how many.
    @discardableResult
    mutating func removeAll(before timestamp: Int64) -> Int {
        let index = insertionIndex(for: timestamp)
        packets.removeFirst(index)
        return index
    }

    mutating func removeFirst() -> BufferedPacket? {
        packets.isEmpty ? nil : packets.removeFirst()
    }

    mutating func removeAll() { packets.removeAll() }
}
