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
        /// A bin whose smoothed power is below this multiple of its windowed minimum is
        /// taken as noise-only, and averaged into the floor.
        public var noisePresenceRatio: Float = 10
        /// Weight of the previous floor when averaging in a noise-only frame (0…1; 0.98 ≈ 500 ms).
        public var noiseAveraging: Float = 0.98
        /// Weight of the previous floor when the input is below it (0…1; 0.9 ≈ 100 ms).
        public var noiseFallingAveraging: Float = 0.9
        /// The floor is at least this multiple of the windowed minimum.
        public var noiseMinimumBias: Float = 1.5
        /// Stop averaging into the floor while the previous frame was judged speech (the
        /// minimum is still tracked, so a louder noise is still picked up after one window).
        public var freezeNoiseDuringSpeech: Bool = true
        /// Absolute lower limit of the floor per bin, in dBFS, so digital silence does not
        /// turn the faintest sound into infinite SNR.
        public var minimumNoiseFloorDBFS: Float = -90

        // MARK: Features
        /// Frequency range (Hz) of the band-SNR, flatness and periodicity features.
        public var speechBandHz: ClosedRange<Float> = 250...4000
        /// Fundamental-frequency range (Hz) searched for periodicity.
        public var pitchRangeHz: ClosedRange<Float> = 85...450

        /// Prior (dB) for the level fluctuation of noise alone, before it has been measured.
        public var levelDeviationPriorDB: Float = 3
        /// Weight of the past in tracking that fluctuation (0.995 ≈ 2 s).
        public var levelDeviationSmoothing: Float = 0.995
        /// Lower limit of the fluctuation (dB), so perfectly steady noise does not make
        /// every tiny rise look like speech.
        public var minimumLevelDeviationDB: Float = 0.5
        /// Below-floor excursions are clipped to this many dB when measuring the fluctuation.
        public var maximumExcursionDB: Float = 10

        // MARK: Combination into a probability: p = 1 / (1 + e^−z)
        /// z = bias + Σ weight × feature. The defaults are a logistic regression (classes
        /// balanced) fitted on a seed-7 eSpeak NG corpus and measured on seed 1; periodicity,
        /// energy above floor and the speexdsp probability did not help there (babble is
        /// voiced too), so their weights are 0 — they are still computed and reported.
        public var bias: Float = -0.92
        public var bandSNRWeight: Float = 0.147
        public var energyAboveFloorWeight: Float = 0
        public var energyZScoreWeight: Float = 0.636
        public var periodicityWeight: Float = 0
        public var flatnessWeight: Float = 0.478
        public var speexWeight: Float = 0.0
        /// Run speexdsp's preprocessor VAD as an extra feature (weak; off by default).
        public var useSpeexProbability: Bool = false
        /// Frames quieter than this (dBFS) are never speech, whatever their SNR.
        public var minimumSpeechLevelDBFS: Float = -75

        // MARK: Per-frame decision (hysteresis + hangover)
        /// Probability at or above which a non-speech frame becomes speech.
        public var speechThreshold: Float = 0.7
        /// Probability at or above which speech continues.
        public var continueThreshold: Float = 0.5
        /// How long the decision stays "speech" after the probability drops below
        /// ``continueThreshold`` (bridges stop closures and short pauses).
        public var hangover: Duration = .milliseconds(100)

        public init() {}
    }
}
