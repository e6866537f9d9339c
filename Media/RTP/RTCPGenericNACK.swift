/// A generic NACK, RTPFB PT=205 FMT=1 (RFC 4585 §6.2.1).
///
/// ```
/// |V=2|P|  FMT=1  |   PT=205      |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// |            PID                |             BLP               |  × n (FCI)
/// ```
/// Each FCI entry reports packet `PID` lost, and `PID + i + 1` lost for every
/// bit `i` set in `BLP` (bit 0 = least significant), modulo 2^16.
public struct RTCPGenericNACK: Equatable, Hashable, Sendable {
    /// One FCI entry.
    public struct Entry: Equatable, Hashable, Sendable {
        public var packetID: UInt16
        public var lostBitmask: UInt16

        public init(packetID: UInt16, lostBitmask: UInt16) {
            self.packetID = packetID
            self.lostBitmask = lostBitmask
        }

        /// The sequence numbers this entry reports lost, in order.
        public var lostSequenceNumbers: [UInt16] {
            var result = [packetID]
            for bit in 0..<16 where lostBitmask & (1 << bit) != 0 {
                result.append(packetID &+ UInt16(bit + 1))
            }
            return result
        }
    }

    public static let format: UInt8 = 1

    public var senderSSRC: UInt32
    public var mediaSSRC: UInt32
    public var entries: [Entry]

    public init(senderSSRC: UInt32, mediaSSRC: UInt32, entries: [Entry]) {
        self.senderSSRC = senderSSRC
        self.mediaSSRC = mediaSSRC
        self.entries = entries
    }

    /// Builds the NACK covering `lostSequenceNumbers` with the fewest entries.
    public init(senderSSRC: UInt32, mediaSSRC: UInt32, lostSequenceNumbers: [UInt16]) {
        self.init(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, entries: Self.entries(for: lostSequenceNumbers))
    }

    /// Every sequence number reported lost, in entry order, without repeats.
    public var lostSequenceNumbers: [UInt16] {
        var seen = Set<UInt16>()
        var result: [UInt16] = []
        for entry in entries {
            for sequence in entry.lostSequenceNumbers where seen.insert(sequence).inserted {
                result.append(sequence)
            }
        }
        return result
    }

    /// Encodes lost sequence numbers into PID/BLP entries.
    ///
    /// The numbers are de-duplicated and put in RTP order across a wrap: the run
    /// starts after the largest gap on the 16-bit circle, so `[65534, 65535, 0, 3]`
    /// becomes one entry with PID 65534.
    public static func entries(for lostSequenceNumbers: [UInt16]) -> [Entry] {
        let sorted = Array(Set(lostSequenceNumbers)).sorted()
        guard !sorted.isEmpty else { return [] }
        // Start after the largest circular gap.
        var startIndex = 0
        var largestGap = Int(sorted[0]) + 65536 - Int(sorted[sorted.count - 1])
        for index in 1..<max(1, sorted.count) {
            let gap = Int(sorted[index]) - Int(sorted[index - 1])
            if gap > largestGap {
                largestGap = gap
                startIndex = index
            }
        }
        let ordered = sorted[startIndex...] + sorted[..<startIndex]

        var entries: [Entry] = []
        for sequence in ordered {
            if var last = entries.last {
                let distance = sequence &- last.packetID
                if distance >= 1 && distance <= 16 {
                    last.lostBitmask |= 1 << (distance - 1)
                    entries[entries.count - 1] = last
                    continue
                }
            }
            entries.append(Entry(packetID: sequence, lostBitmask: 0))
        }
        return entries
    }

    static func parse(body: ArraySlice<UInt8>) throws -> RTCPGenericNACK {
        guard body.count >= 8, (body.count - 8) % 4 == 0 else {
            throw RTPError.invalidLength("generic NACK body of \(body.count) bytes is not 8 + 4n")
        }
        let base = body.startIndex
        var entries: [Entry] = []
        var index = base + 8
        while index < body.endIndex {
            entries.append(Entry(packetID: body.readUInt16(at: index), lostBitmask: body.readUInt16(at: index + 2)))
            index += 4
        }
        return RTCPGenericNACK(senderSSRC: body.readUInt32(at: base), mediaSSRC: body.readUInt32(at: base + 4), entries: entries)
    }

    func serialize(into out: inout [UInt8]) {
        let start = RTCPHeader.begin(&out, count: Int(Self.format), payloadType: RTCPPacketType.transportFeedback)
        out.appendUInt32(senderSSRC)
        out.appendUInt32(mediaSSRC)
        for entry in entries.prefix(65_000) {
            out.appendUInt16(entry.packetID)
            out.appendUInt16(entry.lostBitmask)
        }
        RTCPHeader.end(&out, start: start)
    }
}
