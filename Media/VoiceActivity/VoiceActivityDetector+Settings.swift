extension VoiceActivityDetector {
    /// Every threshold and constant of the detector. The defaults were tuned on the
    /// eSpeak NG corpus of `VoiceActivityTests` (white noise, babble and mains hum at
    /// 20/10/5 dB SNR); see `Benchmarks/vad/README.md` for the measured figures.
    public struct Settings: Sendable, Equatable {
        // MARK: Noise floor (minimum statistics, per FFT bin)
        /// Length of the minimum-statistics window: how long a louder noise must persist
        /// before the floor rises to it (the floor falls at once). Rounded to whole
        /// 200 ms sub-windows.
        public var noiseWindow: Duration = .milliseconds(1600)
        /// Time smoothing of each bin's power before taking minima (weight of the past, 0…1).
        public var noiseSmoothing: Float = 0.8
        /// Minimum-to-mean correction of the floor.
        public var noiseBias: Float = 2.0
        /// Absolute lower limit of the floor per bin, in dBFS, so digital silence does not
        /// turn the faintest sound into infinite SNR.
        public var minimumNoiseFloorDBFS: Float = -90

        // MARK: Features
        /// Frequency range (Hz) of the band-SNR, flatness and periodicity features.
        public var speechBandHz: ClosedRange<Float> = 250...4000
        /// Fundamental-frequency range (Hz) searched for periodicity.
        public var pitchRangeHz: ClosedRange<Float> = 85...450

        // MARK: Combination into a probability: p = 1 / (1 + e^−z)
        /// z = bias + Σ weight × feature.
        public var bias: Float = -6.0
        public var bandSNRWeight: Float = 1.0
        public var energyAboveFloorWeight: Float = 0.1
        public var periodicityWeight: Float = 3.0
        public var flatnessWeight: Float = 0.0
        public var speexWeight: Float = 0.0
        /// Run speexdsp's preprocessor VAD as an extra feature (weak; off by default).
        public var useSpeexProbability: Bool = false
        /// Frames quieter than this (dBFS) are never speech, whatever their SNR.
        public var minimumSpeechLevelDBFS: Float = -75

        // MARK: Per-frame decision (hysteresis + hangover)
        /// Probability at or above which a non-speech frame becomes speech.
        public var speechThreshold: Float = 0.5
        /// Probability at or above which speech continues.
        public var continueThreshold: Float = 0.3
        /// How long the decision stays "speech" after the probability drops below
        /// ``continueThreshold`` (bridges stop closures and short pauses).
        public var hangover: Duration = .milliseconds(100)

        public init() {}
    }
}
