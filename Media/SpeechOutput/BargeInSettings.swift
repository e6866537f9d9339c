/// Thresholds that keep noise, coughs and the interviewer's own voice leaking back from
/// cutting the interviewer off (see ``BargeInController``).
public struct BargeInSettings: Sendable, Equatable {
    /// A candidate onset must have lasted at least this long (ms) — rejects coughs,
    /// clicks and short noises. The audio is cut at most this + one frame after the
    /// candidate started speaking. Default 200 ms.
    public var minimumOnsetMs: Int
    /// The onset's energy (RMS, dBFS) must be at least this loud — rejects background
    /// noise and faint echo. Default −45 dBFS.
    public var minimumEnergyDB: Double
    /// Onsets that begin within this many ms after the interviewer's utterance started
    /// are ignored as likely echo of its own first syllables. Default 250 ms; 0 disables.
    public var echoGuardMs: Int

    public init(minimumOnsetMs: Int = 200, minimumEnergyDB: Double = -45, echoGuardMs: Int = 250) {
        self.minimumOnsetMs = minimumOnsetMs
        self.minimumEnergyDB = minimumEnergyDB
        self.echoGuardMs = echoGuardMs
    }
}
