internal import COpus

/// The coding mode an ``OpusEncoder`` is tuned for (`OPUS_APPLICATION_*`, RFC 6716 §2).
public enum OpusApplication: Sendable, Equatable {
    /// Best quality for speech at a given bitrate (SILK/hybrid favoured). Use for calls.
    case voip
    /// Best fidelity for music and mixed content.
    case audio
    /// Lowest algorithmic delay (CELT only, no SILK); 2.5 ms less look-ahead.
    case lowDelay

    var cValue: Int32 {
        switch self {
        case .voip: return OPUS_APPLICATION_VOIP
        case .audio: return OPUS_APPLICATION_AUDIO
        case .lowDelay: return OPUS_APPLICATION_RESTRICTED_LOWDELAY
        }
    }
}

/// A hint about the input signal (`OPUS_SET_SIGNAL`).
public enum OpusSignal: Sendable, Equatable {
    case auto
    case voice
    case music

    var cValue: Int32 {
        switch self {
        case .auto: return OPUS_AUTO
        case .voice: return OPUS_SIGNAL_VOICE
        case .music: return OPUS_SIGNAL_MUSIC
        }
    }
}

/// Sample-rate and frame-size rules shared by the encoder and decoder (RFC 6716 §2.1.4).
enum OpusFormat {
    static let supportedSampleRates: Set<Int> = [8000, 12000, 16000, 24000, 48000]

    static func validate(sampleRate: Int, channels: Int) throws {
        guard supportedSampleRates.contains(sampleRate) else { throw OpusError.unsupportedSampleRate(sampleRate) }
        guard channels == 1 || channels == 2 else { throw OpusError.unsupportedChannelCount(channels) }
    }

    /// Whether `samples` per channel is a legal Opus frame duration (2.5–60 ms) at `sampleRate`.
    static func isValidFrameSize(_ samples: Int, sampleRate: Int) -> Bool {
        let per2_5ms = sampleRate / 400
        guard samples > 0, samples % per2_5ms == 0 else { return false }
        return [1, 2, 4, 8, 16, 24].contains(samples / per2_5ms)
    }

    /// Most samples per channel one Opus packet can decode to: 120 ms.
    static func maxPacketSamples(sampleRate: Int) -> Int { sampleRate / 1000 * 120 }
}
