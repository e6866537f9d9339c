internal import COpus

/// Read-only facts about an Opus packet from its TOC byte and frame-count code
/// (RFC 6716 §3.1–3.2), without decoding it.
public enum OpusPacket {
    /// Number of frames in the packet (1...48).
    public static func frameCount<Bytes: Collection>(_ packet: Bytes) throws -> Int where Bytes.Element == UInt8 {
        try withBytes(packet) { try OpusError.check(opus_packet_get_nb_frames($0.baseAddress, Int32($0.count)), "opus_packet_get_nb_frames") }
    }

    /// Samples per channel in each frame, at `sampleRate`.
    public static func samplesPerFrame<Bytes: Collection>(_ packet: Bytes, sampleRate: Int = 48000) throws -> Int where Bytes.Element == UInt8 {
        try withBytes(packet) { Int(opus_packet_get_samples_per_frame($0.baseAddress, Int32(sampleRate))) }
    }

    /// Total samples per channel the packet decodes to at `sampleRate`.
    public static func sampleCount<Bytes: Collection>(_ packet: Bytes, sampleRate: Int = 48000) throws -> Int where Bytes.Element == UInt8 {
        try withBytes(packet) {
            try OpusError.check(opus_packet_get_nb_samples($0.baseAddress, Int32($0.count), Int32(sampleRate)), "opus_packet_get_nb_samples")
        }
    }

    /// Channels coded in the packet (1 or 2), from the TOC stereo flag.
    public static func channelCount<Bytes: Collection>(_ packet: Bytes) throws -> Int where Bytes.Element == UInt8 {
        try withBytes(packet) { try OpusError.check(opus_packet_get_nb_channels($0.baseAddress), "opus_packet_get_nb_channels") }
    }

    /// Runs `body` on the packet's contiguous bytes (base address and count), which are never empty.
    private static func withBytes<Bytes: Collection, R>(_ packet: Bytes, _ body: (NonEmptyBytes) throws -> R) throws -> R where Bytes.Element == UInt8 {
        let run = { (buffer: UnsafeBufferPointer<UInt8>) throws -> R in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                throw OpusError.invalidArgument("an Opus packet has at least one (TOC) byte")
            }
            return try body(NonEmptyBytes(baseAddress: base, count: buffer.count))
        }
        if let result = try packet.withContiguousStorageIfAvailable(run) { return result }
        return try Array(packet).withUnsafeBufferPointer(run)
    }

    private struct NonEmptyBytes {
        let baseAddress: UnsafePointer<UInt8>
        let count: Int
    }
}
