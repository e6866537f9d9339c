/// Decides, sans-IO, whether a candidate speech onset interrupts the interviewer, and if
/// so cuts the ``SpeechOutputStream``.
///
/// Feed it every onset the VAD/endpointer reports while a call is live, with the onset's
/// start, how long it has lasted when reported and its energy. An onset that is still too
/// short may be reported again as it grows; the first report that passes every guard
/// fires. Rules, all required to fire:
/// 1. the interviewer is speaking (an utterance has started and not finished);
/// 2. `durationMs ≥ minimumOnsetMs` (noise, clicks, coughs are short);
/// 3. `energyDB ≥ minimumEnergyDB` (background noise and faint echo are quiet);
/// 4. the onset did not begin in `[utteranceStart, utteranceStart + echoGuardMs)` (the
///    interviewer's own first syllables leaking back through the candidate's speakers
///    arrive just after it starts; speech that began *before* the utterance is never echo);
/// 5. this onset has not already fired.
///
/// Firing calls ``SpeechOutputStream/cancelAll(now:)`` at `onsetAt + durationMs`, so the
/// very next ``SpeechOutputStream/nextFrame(now:)`` sends nothing of the utterance: the
/// last interviewer frame leaves at most `minimumOnsetMs + 20 ms` after the candidate
/// started (given the VAD reports as soon as the minimum is reached). The caller then
/// stops the TTS for ``BargeIn/cancelledUtteranceIds`` and sends the `bargeIn` event.
public struct BargeInController: Sendable {
    public var settings: BargeInSettings
    /// Counts of decisions, for metrics.
    public private(set) var bargeIns = 0
    public private(set) var rejections: [String: Int] = [:]
    private var lastFiredOnset: ContinuousClock.Instant?

    public init(settings: BargeInSettings = BargeInSettings()) {
        self.settings = settings
    }

    /// Applies the rules to an onset given what the interviewer is doing (pure apart
    /// from the counters; does not touch any stream).
    public mutating func evaluate(onsetAt: ContinuousClock.Instant, durationMs: Int, energyDB: Double,
                                  speaking: SpeakingStatus?) -> BargeInRejection? {
        let rejection = check(onsetAt: onsetAt, durationMs: durationMs, energyDB: energyDB, speaking: speaking)
        if let rejection { rejections[Self.key(rejection), default: 0] += 1 }
        return rejection
    }

    /// Handles a speech onset reported by the VAD: `at` is when the candidate's speech
    /// began, `durationMs` how long it had lasted when confirmed, `energyDB` its RMS level
    /// in dBFS. On barge-in the stream is cancelled at `at + durationMs`.
    public mutating func speechOnset(at onsetAt: ContinuousClock.Instant, durationMs: Int, energyDB: Double,
                                     stream: SpeechOutputStream) -> BargeInDecision {
        if let rejection = evaluate(onsetAt: onsetAt, durationMs: durationMs, energyDB: energyDB, speaking: stream.speaking) {
            return .ignored(rejection)
        }
        let decidedAt = onsetAt + .milliseconds(durationMs)
        let cancellation = stream.cancelAll(now: decidedAt)
        guard let cut = cancellation.interrupted else { return .ignored(.notSpeaking) }
        lastFiredOnset = onsetAt
        bargeIns += 1
        return .bargeIn(BargeIn(
            utteranceId: cut.utteranceId, heardText: cut.heardText, heardWords: cut.heardWords, atMs: cut.atMs,
            playedSamples: cut.playedSamples, onsetAt: onsetAt, decidedAt: decidedAt,
            droppedUtteranceIds: cancellation.droppedUtteranceIds))
    }

    private func check(onsetAt: ContinuousClock.Instant, durationMs: Int, energyDB: Double,
                       speaking: SpeakingStatus?) -> BargeInRejection? {
        if let lastFiredOnset, lastFiredOnset == onsetAt { return .alreadyHandled }
        guard let speaking else { return .notSpeaking }
        guard durationMs >= settings.minimumOnsetMs else { return .tooShort(durationMs: durationMs) }
        guard energyDB >= settings.minimumEnergyDB else { return .tooQuiet(energyDB: energyDB) }
        let sinceStart = milliseconds(onsetAt - speaking.startedAt)
        if sinceStart >= 0, sinceStart < Double(settings.echoGuardMs) {
            return .withinEchoGuard(msAfterUtteranceStart: Int(sinceStart))
        }
        return nil
    }

    private static func key(_ rejection: BargeInRejection) -> String {
        switch rejection {
        case .notSpeaking: return "notSpeaking"
        case .tooShort: return "tooShort"
        case .tooQuiet: return "tooQuiet"
        case .withinEchoGuard: return "echoGuard"
        case .alreadyHandled: return "alreadyHandled"
        }
    }
}
