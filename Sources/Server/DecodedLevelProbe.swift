import AudioCodec
import SpeechOutput

/// Decodes a call's outgoing Opus frames as the caller will, so "first audible reply packet"
/// (``TurnTiming``) is judged on the audio the caller hears: Opus delays its decoded output by
/// 6.5 ms (312 samples at 48 kHz), which can move an onset near the end of a frame into the
/// next packet, and a decoder's output depends on the frames before. Fed every outgoing frame
/// in order (one Opus decode per frame sent, about a quarter of the encode's cost). Media event
/// loop only.
final class DecodedLevelProbe {
    private let decoder: OpusDecoder

    init() throws {
        decoder = try OpusDecoder(sampleRate: 48_000, channels: 1)
    }

    /// The loudest 10 ms window of `payload` decoded after the frames fed before it, in dBFS;
    /// nil when it does not decode.
    func loudestWindowDBFS(ofPayload payload: [UInt8]) -> Double? {
        guard let pcm = try? decoder.decode(payload), !pcm.isEmpty else { return nil }
        return AudioLevel.loudestWindowDBFS(pcm)
    }
}
