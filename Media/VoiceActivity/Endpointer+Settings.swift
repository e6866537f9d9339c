extension Endpointer {
    /// All thresholds of the ``Endpointer``.
    public struct Settings: Sendable, Equatable {
        /// Length of one frame (the time between successive `now` values): 10 ms for
        /// ``VoiceActivityDetector``.
        public var frameDuration: Duration = .milliseconds(10)
        /// Probability at or above which a frame starts (or resumes) speech.
        public var speechThreshold: Float = 0.7
        /// Probability at or above which a frame continues speech (onset confirmation and
        /// staying in a turn).
        public var continueThreshold: Float = 0.5
        /// Speech must last this long (from its first frame's start) before
        /// `.speechStarted` — rejects clicks and coughs. The decision comes at
        /// onset + `minimumOnset`.
        public var minimumOnset: Duration = .milliseconds(40)
        /// Non-speech this long after the last speech frame ends the turn.
        public var hangover: Duration = .milliseconds(600)
        /// A turn may only start on a frame at least this loud (dBFS) — a gate for
        /// barge-in, so faint echo or background talk does not interrupt the interviewer.
        public var minimumOnsetEnergyDB: Float = -60

        public init() {}
    }
}
