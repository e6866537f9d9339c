internal import COpus

/// An Opus encoder (RFC 6716) producing one RTP payload (RFC 7587) per PCM frame.
///
/// Owns one libopus `OpusEncoder` state, freed when the object is released.
///
/// Thread safety: an encoder holds per-stream prediction state. Use each instance from
/// one thread at a time (it may move between threads, e.g. with its session); distinct
/// instances are independent and may run in parallel.
public final class OpusEncoder {
    /// Samples per second per channel (8000, 12000, 16000, 24000 or 48000).
    public let sampleRate: Int
    /// 1 (mono) or 2 (interleaved stereo).
    public let channels: Int
    public let application: OpusApplication

    /// The target bitrate last set with ``setBitrate(_:)``, or nil for libopus's automatic choice.
    public private(set) var bitrate: Int?
    /// Computational complexity 0...10 (libopus default 10 on most builds, 9 for voip on some).
    public private(set) var complexity: Int?
    /// Whether in-band forward error correction (LBRR, RFC 6716 §4.2.4) is enabled.
    public private(set) var inbandFEC = false
    /// The packet loss the encoder expects, in percent; drives how much FEC it spends.
    public private(set) var expectedPacketLossPercent = 0
    /// Whether discontinuous transmission is on (tiny packets during silence).
    public private(set) var dtx = false

    private let state: OpaquePointer
    /// Largest packet we accept from libopus: 3 frames of 1275 bytes covers 60 ms.
    private static let maxPacketBytes = 4000

    /// Creates an encoder.
    /// - Throws: ``OpusError`` for an unsupported rate/channel count or a libopus failure.
    public init(sampleRate: Int = 48000, channels: Int = 1, application: OpusApplication = .voip) throws {
        try OpusFormat.validate(sampleRate: sampleRate, channels: channels)
        var error: Int32 = OPUS_OK
        guard let state = opus_encoder_create(Int32(sampleRate), Int32(channels), application.cValue, &error), error == OPUS_OK else {
            throw OpusError.library(code: Int(error), operation: "opus_encoder_create")
        }
        self.state = state
        self.sampleRate = sampleRate
        self.channels = channels
        self.application = application
    }

    deinit { opus_encoder_destroy(state) }

    /// Samples per channel for a frame of `milliseconds` (e.g. 20 ms → 960 at 48 kHz).
    public func samplesPerChannel(milliseconds: Int) -> Int { sampleRate / 1000 * milliseconds }

    /// The encoder's look-ahead (algorithmic delay) in samples per channel.
    public var lookahead: Int {
        var value: Int32 = 0
        _ = parley_opus_encoder_get_lookahead(state, &value)
        return Int(value)
    }

    /// Sets the target bitrate in bits per second (500...512000), or nil for automatic.
    public func setBitrate(_ bitsPerSecond: Int?) throws {
        if let bps = bitsPerSecond, !(500...512_000).contains(bps) {
            throw OpusError.invalidArgument("Opus bitrate must be 500...512000 bit/s, not \(bps)")
        }
        try OpusError.check(parley_opus_encoder_set_bitrate(state, bitsPerSecond.map { Int32($0) } ?? OPUS_AUTO), "OPUS_SET_BITRATE")
        bitrate = bitsPerSecond
    }

    /// Sets the computational complexity, 0 (fastest) ... 10 (best).
    public func setComplexity(_ value: Int) throws {
        guard (0...10).contains(value) else { throw OpusError.invalidArgument("Opus complexity must be 0...10, not \(value)") }
        try OpusError.check(parley_opus_encoder_set_complexity(state, Int32(value)), "OPUS_SET_COMPLEXITY")
        complexity = value
    }

    /// Turns in-band FEC on or off. FEC only takes effect with SILK/hybrid modes and a
    /// non-zero ``setExpectedPacketLoss(percent:)``.
    public func setInbandFEC(_ enabled: Bool) throws {
        try OpusError.check(parley_opus_encoder_set_inband_fec(state, enabled ? 1 : 0), "OPUS_SET_INBAND_FEC")
        inbandFEC = enabled
    }

    /// Tells the encoder the packet loss to expect, 0...100 %.
    public func setExpectedPacketLoss(percent: Int) throws {
        guard (0...100).contains(percent) else { throw OpusError.invalidArgument("packet loss must be 0...100 %, not \(percent)") }
        try OpusError.check(parley_opus_encoder_set_packet_loss_perc(state, Int32(percent)), "OPUS_SET_PACKET_LOSS_PERC")
        expectedPacketLossPercent = percent
    }

    /// Turns discontinuous transmission on or off.
    public func setDTX(_ enabled: Bool) throws {
        try OpusError.check(parley_opus_encoder_set_dtx(state, enabled ? 1 : 0), "OPUS_SET_DTX")
        dtx = enabled
    }

    /// Hints the kind of signal being encoded.
    public func setSignal(_ signal: OpusSignal) throws {
        try OpusError.check(parley_opus_encoder_set_signal(state, signal.cValue), "OPUS_SET_SIGNAL")
    }

    /// Forgets all stream history, as if newly created (settings are kept).
    public func reset() throws {
        try OpusError.check(parley_opus_encoder_reset(state), "OPUS_RESET_STATE")
    }

    /// Encodes one frame of interleaved PCM to one Opus packet (an RFC 7587 RTP payload).
    ///
    /// - Parameter pcm: `channels × N` samples where N is 2.5, 5, 10, 20, 40 or 60 ms of
    ///   audio at ``sampleRate`` (e.g. 960 samples for 20 ms mono at 48 kHz).
    /// - Returns: the packet bytes; with DTX on, silence may give 1–2 byte packets.
    public func encode(pcm: [Int16]) throws -> [UInt8] {
        guard pcm.count % channels == 0 else {
            throw OpusError.invalidArgument("\(pcm.count) samples is not a whole number of \(channels)-channel frames")
        }
        let perChannel = pcm.count / channels
        guard OpusFormat.isValidFrameSize(perChannel, sampleRate: sampleRate) else {
            throw OpusError.invalidFrameSize(samplesPerChannel: perChannel, sampleRate: sampleRate)
        }
        var packet = [UInt8](repeating: 0, count: Self.maxPacketBytes)
        let length: Int = try pcm.withUnsafeBufferPointer { input in
            try packet.withUnsafeMutableBufferPointer { output in
                guard let inputBase = input.baseAddress, let outputBase = output.baseAddress else {
                    throw OpusError.invalidFrameSize(samplesPerChannel: 0, sampleRate: sampleRate)
                }
                return try OpusError.check(
                    opus_encode(state, inputBase, Int32(perChannel), outputBase, Int32(output.count)),
                    "opus_encode")
            }
        }
        packet.removeSubrange(length...)
        return packet
    }
}
