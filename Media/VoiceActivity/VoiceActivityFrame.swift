/// What ``VoiceActivityDetector`` found in one 10 ms frame (160 samples at 16 kHz).
public struct VoiceActivityFrame: Sendable, Equatable {
    /// Frame number since the detector was created or reset (0, 1, 2, …).
    public var index: Int
    /// Speech probability 0…1 (a logistic combination of ``features``).
    public var probability: Float
    /// The detector's own decision for this frame: probability with hysteresis
    /// (``VoiceActivityDetector/Settings/speechThreshold`` to enter,
    /// ``VoiceActivityDetector/Settings/continueThreshold`` to stay) and a short
    /// hangover (``VoiceActivityDetector/Settings/hangover``).
    public var isSpeech: Bool
    /// Level of the frame's 160 new samples in dB relative to full scale (sine peak 1.0 ≈ −3 dBFS).
    public var energyDBFS: Float
    /// The adaptive noise floor (minimum statistics over the whole spectrum) in dBFS.
    public var noiseFloorDBFS: Float
    /// The individual measurements behind ``probability``.
    public var features: VoiceActivityFeatures

    /// Start of the frame from the start of the stream (index × 10 ms).
    public var startTime: Duration { .milliseconds(index * VoiceActivityDetector.frameMilliseconds) }
    /// End of the frame from the start of the stream ((index + 1) × 10 ms).
    public var endTime: Duration { .milliseconds((index + 1) * VoiceActivityDetector.frameMilliseconds) }

    public init(index: Int, probability: Float, isSpeech: Bool, energyDBFS: Float, noiseFloorDBFS: Float, features: VoiceActivityFeatures) {
        self.index = index
        self.probability = probability
        self.isSpeech = isSpeech
        self.energyDBFS = energyDBFS
        self.noiseFloorDBFS = noiseFloorDBFS
        self.features = features
    }
}

/// Per-frame measurements the detector combines into a speech probability. All are
/// computed on a 25 ms Hann window (this frame and the 15 ms before it), 512-point FFT.
public struct VoiceActivityFeatures: Sendable, Equatable {
    /// Mean over the speech band (``VoiceActivityDetector/Settings/speechBandHz``) of the
    /// per-bin a-posteriori SNR in dB, each bin's SNR clipped below at 0 dB: power over
    /// the bin's adaptive noise floor. About 1 dB on pure stationary noise, 5–20 dB on speech.
    public var bandSNRDB: Float
    /// Whole-spectrum frame power over the whole-spectrum noise floor, in dB.
    public var energyAboveFloorDB: Float
    /// ``energyAboveFloorDB`` divided by how much the level fluctuates in noise alone (the
    /// root-mean-square of its below-floor excursions, tracked over ~2 s): ≈ 0 ± 1 in noise
    /// of any kind, large for speech over steady noise, smaller over babble. This is the
    /// adaptive threshold that lets one detector serve both hiss and babble.
    public var energyZScore: Float
    /// Pitch strength 0…1: the highest normalised autocorrelation, over the pitch-lag range,
    /// of the noise-reduced speech-band spectrum (stationary hum and hiss removed first).
    public var periodicity: Float
    /// Spectral flatness 0…1 of the speech band (geometric / arithmetic mean of power):
    /// near 0.56 for white noise, lower for voiced speech and for hum.
    public var spectralFlatness: Float
    /// speexdsp preprocessor's speech probability 0…1, when enabled
    /// (``VoiceActivityDetector/Settings/useSpeexProbability``), else 0.
    public var speexProbability: Float

    public init(bandSNRDB: Float, energyAboveFloorDB: Float, energyZScore: Float, periodicity: Float, spectralFlatness: Float, speexProbability: Float) {
        self.bandSNRDB = bandSNRDB
        self.energyAboveFloorDB = energyAboveFloorDB
        self.energyZScore = energyZScore
        self.periodicity = periodicity
        self.spectralFlatness = spectralFlatness
        self.speexProbability = speexProbability
    }
}
