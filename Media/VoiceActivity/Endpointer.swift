/// Turns per-frame speech probabilities into turn events: speech onset and end of turn.
///
/// A sans-IO state machine (no clock, no I/O): feed it one probability per audio frame
/// with the time the frame **ended** (`now`, e.g. `t0 + (index + 1) × 10 ms`), and it
/// returns at most one event per frame.
///
/// ```
///   silence ──speech frame (p ≥ speechThreshold, level ≥ minimumOnsetEnergyDB)──▶ maybeSpeech
///   maybeSpeech ──non-speech frame (p < continueThreshold)──▶ silence
///   maybeSpeech ──minimumOnset of speech──▶ speech        emits .speechStarted(at: first speech frame start)
///   speech ──non-speech frame──▶ maybeEnd
///   maybeEnd ──speech frame (p ≥ speechThreshold)──▶ speech
///   maybeEnd ──hangover (+ extensions) of non-speech──▶ silence   emits .speechEnded(at: last speech frame end)
/// ```
/// The decision time of an event is the `now` of the frame that produced it; the event
/// carries the onset/end time it refers to. ``extendHangover(by:)`` lengthens the current
/// (or next) pause's hangover, e.g. when the STT partial looks unfinished
/// (``TurnCompletionHint/looksUnfinished(partial:)``).
///
/// Generic over the time type so production code can use `ContinuousClock.Instant` and
/// tests or offline tools any other `InstantProtocol` with `Duration` steps.
public struct Endpointer<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration, Instant: Sendable {
    public enum State: Sendable, Equatable {
        case silence
        /// Speech-like frames since `onset`, not yet ``Settings/minimumOnset`` long.
        case maybeSpeech(onset: Instant)
        case speech(onset: Instant)
        /// Non-speech since `lastSpeechEnd` inside a turn that began at `onset`.
        case maybeEnd(onset: Instant, lastSpeechEnd: Instant)
    }

    public private(set) var settings: Settings
    public private(set) var state: State = .silence
    /// Extra hangover granted for the current or next pause by ``extendHangover(by:)``;
    /// cleared when speech resumes after a pause and when the turn ends.
    public private(set) var hangoverExtension: Duration = .zero

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Whether a turn is in progress (speech confirmed and not yet ended).
    public var isInTurn: Bool {
        switch state {
        case .speech, .maybeEnd: return true
        case .silence, .maybeSpeech: return false
        }
    }

    /// When the turn will end if no more speech arrives (``Settings/hangover`` plus
    /// extensions after the last speech frame), or nil outside a pause.
    public var endDeadline: Instant? {
        guard case .maybeEnd(_, let lastSpeechEnd) = state else { return nil }
        return lastSpeechEnd.advanced(by: settings.hangover + hangoverExtension)
    }

    /// Feeds one frame of a ``VoiceActivityDetector``.
    /// - Parameter now: the time at which the frame ended.
    public mutating func process(_ frame: VoiceActivityFrame, now: Instant) -> EndpointerEvent<Instant>? {
        process(probability: frame.probability, levelDBFS: frame.energyDBFS, now: now)
    }

    /// Feeds one frame's speech probability.
    /// - Parameters:
    ///   - probability: speech probability 0…1 of the frame.
    ///   - levelDBFS: the frame's level, checked against ``Settings/minimumOnsetEnergyDB``
    ///     when a turn would start (pass `0` to disable the gate for this frame).
    ///   - now: the time at which the frame ended; frames are ``Settings/frameDuration`` long.
    public mutating func process(probability: Float, levelDBFS: Float = 0, now: Instant) -> EndpointerEvent<Instant>? {
        let frameStart = now.advanced(by: .zero - settings.frameDuration)
        let startsSpeech = probability >= settings.speechThreshold
        let continuesSpeech = probability >= settings.continueThreshold
        switch state {
        case .silence:
            if startsSpeech && levelDBFS >= settings.minimumOnsetEnergyDB {
                state = .maybeSpeech(onset: frameStart)
                return confirmIfLongEnough(onset: frameStart, now: now)
            }
            return nil
        case .maybeSpeech(let onset):
            guard continuesSpeech else {
                state = .silence
                return nil
            }
            return confirmIfLongEnough(onset: onset, now: now)
        case .speech(let onset):
            if !continuesSpeech {
                state = .maybeEnd(onset: onset, lastSpeechEnd: frameStart)
                return endIfHangoverElapsed(lastSpeechEnd: frameStart, now: now)
            }
            return nil
        case .maybeEnd(let onset, let lastSpeechEnd):
            if startsSpeech {
                state = .speech(onset: onset)
                hangoverExtension = .zero
                return nil
            }
            return endIfHangoverElapsed(lastSpeechEnd: lastSpeechEnd, now: now)
        }
    }

    /// Lengthens the hangover of the current pause (or of the next one, if called during
    /// speech) by `extra`, e.g. while the STT partial looks unfinished. Extensions add up;
    /// they are cleared when speech resumes after a pause and when the turn ends. Has no
    /// effect outside a turn.
    public mutating func extendHangover(by extra: Duration) {
        guard isInTurn, extra > .zero else { return }
        hangoverExtension += extra
    }

    /// Ends any turn without an event and returns to silence.
    public mutating func reset() {
        state = .silence
        hangoverExtension = .zero
    }

    private mutating func confirmIfLongEnough(onset: Instant, now: Instant) -> EndpointerEvent<Instant>? {
        guard onset.duration(to: now) >= settings.minimumOnset else { return nil }
        state = .speech(onset: onset)
        hangoverExtension = .zero
        return .speechStarted(at: onset)
    }

    private mutating func endIfHangoverElapsed(lastSpeechEnd: Instant, now: Instant) -> EndpointerEvent<Instant>? {
        guard lastSpeechEnd.duration(to: now) >= settings.hangover + hangoverExtension else { return nil }
        state = .silence
        hangoverExtension = .zero
        return .speechEnded(at: lastSpeechEnd)
    }
}

/// A turn event from ``Endpointer``. The decision time is the `now` of the frame that
/// produced it.
public enum EndpointerEvent<Instant: Sendable & Equatable>: Sendable, Equatable {
    /// Speech confirmed (after ``Endpointer/Settings/minimumOnset``); `at` is the start of
    /// its first speech frame. Use for barge-in and to open an STT utterance.
    case speechStarted(at: Instant)
    /// End of turn (after ``Endpointer/Settings/hangover`` of non-speech); `at` is the end
    /// of the last speech frame.
    case speechEnded(at: Instant)
}
