import AudioCodec
import Foundation

/// Realistic audio for the benchmarks: one second of a 440 Hz tone at 48 kHz mono, cut into
/// 50 frames of 20 ms (960 samples), and those frames encoded with the server's encoder settings
/// (VOIP, libopus default bitrate and complexity).
///
/// 440 Hz fits exactly 440 periods into one second, so cycling through the 50 frames is a
/// seamless, continuous tone for the encoder and the decoder.
final class AudioFixture {
    static let sampleRate = 48_000
    static let frameSamples = 960
    static let frameCount = 50

    /// 50 consecutive 20 ms PCM frames.
    let pcmFrames: [[Int16]]
    /// The same frames Opus-encoded, each one RTP payload (RFC 7587).
    let opusFrames: [[UInt8]]

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
        // Encode two passes and keep the second, so every payload comes from a warmed-up encoder
        // (as in a call already under way), not from its first frames.
        let encoder = try OpusEncoder(sampleRate: Self.sampleRate, channels: 1, application: .voip)
        for frame in frames { _ = try encoder.encode(pcm: frame) }
        opusFrames = try frames.map { try encoder.encode(pcm: $0) }
    }

    /// Smallest, mean and largest payload size in bytes.
    var payloadSizes: (min: Int, mean: Int, max: Int) {
        let sizes = opusFrames.map(\.count)
        return (sizes.min() ?? 0, sizes.reduce(0, +) / max(sizes.count, 1), sizes.max() ?? 0)
    }

    /// Shared by every benchmark of one process (built once, on first use).
    static let shared: AudioFixture = {
        do { return try AudioFixture() } catch { fatalError("audio fixture: \(error)") }
    }()
}
