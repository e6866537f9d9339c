internal import COpus

/// An Opus decoder (RFC 6716 §4) with loss handling: packet-loss concealment and
/// in-band FEC recovery, as an RTP receiver needs (RFC 7587 §4.2, RFC 6716 §4.4).
///
/// Owns one libopus `OpusDecoder` state, freed when the object is released.
///
/// Thread safety: per-stream state; use each instance from one thread at a time.
/// Distinct instances are independent.
public final class OpusDecoder {
    /// Output samples per second per channel (8000, 12000, 16000, 24000 or 48000).
    public let sampleRate: Int
    /// Output channels, 1 or 2 (interleaved). Any Opus packet decodes to this layout.
    public let channels: Int

    private let state: OpaquePointer

    /// Creates a decoder.
    public init(sampleRate: Int = 48000, channels: Int = 1) throws {
        try OpusFormat.validate(sampleRate: sampleRate, channels: channels)
        var error: Int32 = OPUS_OK
        guard let state = opus_decoder_create(Int32(sampleRate), Int32(channels), &error), error == OPUS_OK else {
            throw OpusError.library(code: Int(error), operation: "opus_decoder_create")
        }
        self.state = state
        self.sampleRate = sampleRate
        self.channels = channels
    }

    deinit { opus_decoder_destroy(state) }

    /// Duration of the last decoded packet (or concealed frame), in samples per channel.
    public var lastPacketDuration: Int {
        var value: Int32 = 0
        _ = parley_opus_decoder_get_last_packet_duration(state, &value)
        return Int(value)
    }

    /// Forgets all stream history.
    public func reset() throws {
        try OpusError.check(parley_opus_decoder_reset(state), "OPUS_RESET_STATE")
    }

    /// Decodes one Opus packet to interleaved PCM (`channels ×` the packet's duration).
    /// - Throws: ``OpusError`` for an empty or corrupt packet.
    public func decode<Bytes: Collection>(_ packet: Bytes) throws -> [Int16] where Bytes.Element == UInt8 {
        guard !packet.isEmpty else { throw OpusError.invalidArgument("an empty Opus packet cannot be decoded; use concealLoss(frameSamples:)") }
        return try run(packet: packet, frameSamples: OpusFormat.maxPacketSamples(sampleRate: sampleRate), fec: false)
    }

    /// Recovers the frame *before* `nextPacket` from the in-band FEC data it carries
    /// (`decode_fec = 1`). Call this when packet N was lost and packet N+1 arrived, then
    /// decode packet N+1 normally. If N+1 carries no FEC, libopus falls back to PLC.
    ///
    /// - Parameter frameSamples: duration of the lost frame, samples per channel (e.g. 960
    ///   for 20 ms at 48 kHz); must be a multiple of 2.5 ms.
    /// - Returns: exactly `frameSamples × channels` samples.
    public func decodeFEC<Bytes: Collection>(from nextPacket: Bytes, frameSamples: Int) throws -> [Int16] where Bytes.Element == UInt8 {
        try checkLossFrame(frameSamples)
        guard !nextPacket.isEmpty else { throw OpusError.invalidArgument("FEC needs the packet following the lost one") }
        return try run(packet: nextPacket, frameSamples: frameSamples, fec: true)
    }

    /// Synthesises a replacement for one lost frame (packet-loss concealment; NULL packet).
    /// - Parameter frameSamples: samples per channel to produce, a multiple of 2.5 ms.
    /// - Returns: exactly `frameSamples × channels` samples.
    public func concealLoss(frameSamples: Int) throws -> [Int16] {
        try checkLossFrame(frameSamples)
        var pcm = [Int16](repeating: 0, count: frameSamples * channels)
        let decoded: Int = try pcm.withUnsafeMutableBufferPointer { output in
            guard let outputBase = output.baseAddress else { return 0 }
            return try OpusError.check(opus_decode(state, nil, 0, outputBase, Int32(frameSamples), 0), "opus_decode (PLC)")
        }
        pcm.removeSubrange((decoded * channels)...)
        return pcm
    }

    private func checkLossFrame(_ frameSamples: Int) throws {
        let per2_5ms = sampleRate / 400
        guard frameSamples > 0, frameSamples % per2_5ms == 0,
              frameSamples <= OpusFormat.maxPacketSamples(sampleRate: sampleRate) else {
            throw OpusError.invalidFrameSize(samplesPerChannel: frameSamples, sampleRate: sampleRate)
        }
    }

    private func run<Bytes: Collection>(packet: Bytes, frameSamples: Int, fec: Bool) throws -> [Int16] where Bytes.Element == UInt8 {
        var pcm = [Int16](repeating: 0, count: frameSamples * channels)
        let decoded: Int = try pcm.withUnsafeMutableBufferPointer { output in
            guard let outputBase = output.baseAddress else { return 0 }
            let body = { (input: UnsafeBufferPointer<UInt8>) throws -> Int in
                try OpusError.check(
                    opus_decode(self.state, input.baseAddress, Int32(input.count), outputBase, Int32(frameSamples), fec ? 1 : 0),
                    fec ? "opus_decode (FEC)" : "opus_decode")
            }
            if let result = try packet.withContiguousStorageIfAvailable(body) { return result }
            return try Array(packet).withUnsafeBufferPointer(body)
        }
        pcm.removeSubrange((decoded * channels)...)
        return pcm
    }
}
