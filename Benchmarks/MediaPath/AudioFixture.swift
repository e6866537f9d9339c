import AudioCodec
import Foundation

/// Realistic audio for the benchmarks: one second of a 440 Hz tone at 48 kHz mono, cut into
/// 50 frames of 20 ms (960 samples), encoded twice:
/// - `opusFrames`: as a browser sends it (Chrome's default for mono Opus: 32 kbit/s, ≈ 80 bytes
///   per frame), the payloads the server receives, unprotects and decodes;
/// - `serverFrames`: with the server's own encoder settings (VOIP, libopus's automatic bitrate and
///   default complexity, ≈ 128 bytes), the payloads Parley sends.
///
/// 440 Hz fits exactly 440 periods into one second, so cycling through the 50 frames is a
/// seamless, continuous tone for the encoder and the decoder.
final class AudioFixture {
    static let sampleRate = 48_000
    static let frameSamples = 960
    static let frameCount = 50
    /// A browser's default Opus bitrate for mono voice (bit/s).
    static let browserBitrate = 32_000

    /// 50 consecutive 20 ms PCM frames.
    let pcmFrames: [[Int16]]
    /// The frames as a browser encodes them, each one RTP payload (RFC 7587).
    let opusFrames: [[UInt8]]
    /// The frames as Parley's encoder (default settings) encodes them.
    let serverFrames: [[UInt8]]

    init() throws {
        var frames: [[Int16]] = []
        frames.reserveCapacity(Self.frameCount)
        for frame in 0..<Self.frameCount {
            frames.append((0..<Self.frameSamples).map { index in
                let n = Double(frame * Self.frameSamples + index)
                let phase = 2 * Double.pi * 440 * n / Double(Self.sampleRate)
                return Int16((0.3 * 32_767 * sin(phase)).rounded())
            })
        }
        pcmFrames = frames
        opusFrames = try Self.encode(frames, bitrate: Self.browserBitrate)
        serverFrames = try Self.encode(frames, bitrate: nil)
    }

    /// Encodes two passes and keeps the second, so every payload comes from a warmed-up encoder
    /// (as in a call already under way), not from its first frames.
    private static func encode(_ frames: [[Int16]], bitrate: Int?) throws -> [[UInt8]] {
        let encoder = try OpusEncoder(sampleRate: sampleRate, channels: 1, application: .voip)
        if let bitrate { try encoder.setBitrate(bitrate) }
        for frame in frames { _ = try encoder.encode(pcm: frame) }
        return try frames.map { try encoder.encode(pcm: $0) }
    }

    /// Shared by every benchmark of one process (built once, on first use).
    static let shared: AudioFixture = {
        do { return try AudioFixture() } catch { fatalError("audio fixture: \(error)") }
    }()
}
