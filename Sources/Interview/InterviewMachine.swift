import Foundation

/// The interview conversation as a sans-IO state machine with an injected clock:
/// scheduled → greeting → asking(n) → listening → thinking → speaking → … → closing → completed,
/// plus disconnected (resumable within a grace period).
///
/// Feed it `InterviewEvent`s with the current instant; carry out the returned
/// `InterviewAction`s in order. It never reads a clock, sleeps or does I/O. Send `.tick` at
/// `nextDeadline()` (or periodically) so silence and time limits fire.
///
/// Behaviour: silence timeout → a gentle reprompt, a second silence → move on; each question
/// gets at most `maxFollowUpsPerQuestion` follow-ups (short or off-topic answers); barge-in stops
/// the interviewer, records the interrupted utterance with the words heard and returns to
/// listening (an unplayed next question is taken back, so the candidate is still answering the
/// previous one); past the soft time budget the remaining questions are skipped politely; at the
/// maximum duration the interviewer stops and closes; `.candidateEnded` closes politely; a
/// reconnect within the grace period resumes at the same question.
///
/// Persist `state` (Codable) to resume: rebuild with `init(context:settings:policy:restoring:)`;
/// elapsed time continues from `state.elapsedMs`. Audio that was playing is gone after a
/// restart, so feed `.disconnected` first and `.reconnected` when the candidate is back.
public struct InterviewMachine: Sendable {
    public let context: InterviewContext
    public let settings: InterviewSettings
    public let policy: any InterviewerPolicy
    public private(set) var state: InterviewMachineState
    /// The instant of `.start` (re-anchored from `state.elapsedMs` after a restore).
    private var origin: ContinuousClock.Instant?

    /// A voice-activity start with no final transcript for this long is treated as noise.
    static let speechWithoutFinalTimeoutMs: Int64 = 60_000

    public init(context: InterviewContext, settings: InterviewSettings = InterviewSettings(),
                policy: any InterviewerPolicy = RuleBasedInterviewer(), restoring state: InterviewMachineState? = nil) {
        self.context = context
        self.settings = settings
        self.policy = policy
        self.state = state ?? InterviewMachineState(questionCount: context.questions.count)
    }

    public var phase: InterviewPhase { state.phase }
    public var isCompleted: Bool { state.phase == .completed }
    public var transcript: [RecordedUtterance] { state.transcript }
    /// The candidate's answer per planned question ("" when unanswered).
    public var answers: [String] { state.answers }

    // MARK: - Event handling

    public mutating func handle(_ event: InterviewEvent, now: ContinuousClock.Instant) -> [InterviewAction] {
        var out: [InterviewAction] = []
        if case .start = event {
            guard state.phase == .scheduled else { return [] }
            origin = now
            state.elapsedMs = 0
            state.phase = .greeting
            emitState(.greeting, &out)
            respond(.start, latest: "", t: 0, &out)
            return out
        }
        guard state.phase != .completed else { return [] }
        guard state.phase != .scheduled else {
            if case .candidateEnded = event { complete(.candidateEnded, t: 0, &out) }
            return out
        }
        let t = elapsed(now)
        checkLimits(t, &out)
        guard state.phase != .completed else { return out }

        switch event {
        case .start:
            break
        case .candidateSpeechStarted:
            state.candidateSpeaking = true
            state.candidateSpeechStartedAtMs = t
        case let .candidateFinal(text, startMs, endMs):
            candidateTurn(text, startMs: startMs, endMs: endMs, t: t, &out)
        case let .candidateTyped(text):
            candidateTurn(text, startMs: t, endMs: t, t: t, &out)
        case let .interviewerUtteranceStarted(id):
            utteranceStarted(id, t: t, &out)
        case let .interviewerUtteranceFinished(id):
            utteranceFinished(id, t: t, &out)
        case let .bargeIn(utteranceId, heardText, atMs):
            bargeIn(utteranceId, heard: heardText, atMs: atMs, t: t, &out)
        case .tick:
            tick(t, &out)
        case .candidateEnded:
            candidateEnded(t, &out)
        case .disconnected:
            disconnected(t, &out)
        case .reconnected:
            reconnected(t, &out)
        case let .policyReply(requestId, segments, isComplete):
            policyReply(requestId, segments: segments, isComplete: isComplete, t: t, &out)
        }
        return out
    }

    /// When the next `.tick` is due (silence timeout, time limits, grace periods), or nil.
    public func nextDeadline() -> ContinuousClock.Instant? {
        guard let origin, state.phase != .completed, state.phase != .scheduled else { return nil }
        var deadlines: [Int64] = []
        if state.phase == .disconnected {
            if let at = state.disconnectedAtMs { deadlines.append(at + settings.reconnectGraceMs) }
        } else {
            deadlines.append(settings.maxDurationMs + settings.closingGraceMs)
            if state.closingReason == nil { deadlines.append(settings.maxDurationMs) }
            if let c = state.closingStartedAtMs { deadlines.append(c + settings.closingGraceMs) }
            if let p = state.pendingRequest, let limit = settings.externalPolicyTimeoutMs { deadlines.append(p.issuedAtMs + limit) }
            if state.candidateSpeaking, let s = state.candidateSpeechStartedAtMs { deadlines.append(s + Self.speechWithoutFinalTimeoutMs) }
            if silenceTimerRunning, let since = state.listeningSinceMs { deadlines.append(since + settings.silenceTimeoutMs) }
        }
        guard let earliest = deadlines.min() else { return nil }
        return origin + .milliseconds(earliest)
    }

    // MARK: - Clock

    private mutating func elapsed(_ now: ContinuousClock.Instant) -> Int64 {
        if origin == nil { origin = now - .milliseconds(state.elapsedMs) }
        guard let origin else { return state.elapsedMs }
        let d = (now - origin).components
        let ms = d.seconds * 1000 + d.attoseconds / 1_000_000_000_000_000
        state.elapsedMs = max(state.elapsedMs, ms)
        return state.elapsedMs
    }

    private var silenceTimerRunning: Bool {
        state.phase == .listening && !state.candidateSpeaking && state.pendingRequest == nil && state.queue.isEmpty && state.listeningSinceMs != nil
    }

    // MARK: - Time limits

    private mutating func checkLimits(_ t: Int64, _ out: inout [InterviewAction]) {
        if state.phase == .disconnected {
            if let at = state.disconnectedAtMs, t - at >= settings.reconnectGraceMs { complete(.disconnected, t: t, &out) }
            return
        }
        if t >= settings.maxDurationMs + settings.closingGraceMs {
            complete(state.closingReason ?? .maxDuration, t: t, &out)
            return
        }
        if let started = state.closingStartedAtMs, t - started >= settings.closingGraceMs {
            complete(state.closingReason ?? .finished, t: t, &out)
            return
        }
        if t >= settings.maxDurationMs, state.closingReason == nil {
            interruptSpeech(t: t, heard: nil, atMs: nil, &out)
            beginClosing(.maxDuration, t: t, &out)
            respond(.timeUp, latest: "", t: t, &out)
            return
        }
        if let pending = state.pendingRequest, let limit = settings.externalPolicyTimeoutMs, t - pending.issuedAtMs >= limit {
            state.pendingRequest = nil
            if !pending.receivedAny {
                apply(policy.reply(for: pending.input).segments, t: t, &out)
            }
            drainIfIdle(t, &out)
        }
        if state.candidateSpeaking, let s = state.candidateSpeechStartedAtMs, t - s >= Self.speechWithoutFinalTimeoutMs {
            state.candidateSpeaking = false
            if state.phase == .listening { state.listeningSinceMs = t }
        }
    }

    // MARK: - Events

    private mutating func tick(_ t: Int64, _ out: inout [InterviewAction]) {
        guard silenceTimerRunning, let since = state.listeningSinceMs, t - since >= settings.silenceTimeoutMs else { return }
        state.silenceCount += 1
        state.listeningSinceMs = nil
        respond(.silence, latest: "", t: t, &out)
    }

    private mutating func candidateTurn(_ text: String, startMs: Int64, endMs: Int64, t: Int64, _ out: inout [InterviewAction]) {
        state.candidateSpeaking = false
        state.candidateSpeechStartedAtMs = nil
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            if state.phase == .listening, state.listeningSinceMs != nil { state.listeningSinceMs = t }
            return
        }
        record(RecordedUtterance(role: .candidate, text: trimmed, startMs: startMs, endMs: endMs, questionIndex: state.questionIndex), &out)
        switch state.phase {
        case .listening:
            processAnswer(trimmed, t: t, &out)
        case .greeting, .asking, .speaking, .thinking:
            // Said over the interviewer: handle it once they stop — unless the focus question
            // hasn't been asked yet (small talk over the greeting), which is only recorded.
            if let focus = state.questionIndex, state.asked.indices.contains(focus), state.asked[focus] {
                state.bufferedCandidateText = (state.bufferedCandidateText + " " + trimmed).trimmingCharacters(in: .whitespaces)
            }
        case .closing, .completed, .disconnected, .scheduled:
            break
        }
    }

    private mutating func processAnswer(_ text: String, t: Int64, _ out: inout [InterviewAction]) {
        if let focus = state.questionIndex, state.answers.indices.contains(focus) {
            state.answers[focus] = (state.answers[focus] + " " + text).trimmingCharacters(in: .whitespaces)
        }
        state.silenceCount = 0
        state.listeningSinceMs = nil
        state.phase = .thinking
        emitState(.thinking, &out)
        respond(.answer, latest: text, t: t, &out)
    }

    private mutating func utteranceStarted(_ id: String, t: Int64, _ out: inout [InterviewAction]) {
        guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return }
        state.queue.removeFirst(index) // earlier ones were skipped by the player
        state.queue[0].startedAtMs = t
        let item = state.queue[0]
        if let n = item.kind.questionIndex, state.asked.indices.contains(n) { state.asked[n] = true }
        guard state.phase != .disconnected else { return }
        let wire: InterviewState
        switch item.kind {
        case .greeting: wire = .greeting
        case .question, .followUp: wire = .asking
        case .ack, .reprompt: wire = .speaking
        case .closing:
            wire = .closing
            if state.closingStartedAtMs == nil { state.closingStartedAtMs = t }
        }
        state.phase = InterviewPhase(rawValue: wire.rawValue) ?? .speaking
        state.listeningSinceMs = nil
        emitState(wire, index: item.focusAfter, &out)
    }

    private mutating func utteranceFinished(_ id: String, t: Int64, _ out: inout [InterviewAction]) {
        guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return }
        let item = state.queue[index]
        state.queue.removeFirst(index + 1)
        record(RecordedUtterance(role: .interviewer, text: item.text, startMs: item.startedAtMs ?? t, endMs: t,
                                 questionIndex: item.focusAfter, kind: item.kind), &out)
        if item.kind == .closing {
            complete(state.closingReason ?? .finished, t: t, &out)
            return
        }
        drainIfIdle(t, &out)
    }

    private mutating func bargeIn(_ id: String, heard: String, atMs: Int64, t: Int64, _ out: inout [InterviewAction]) {
        guard let index = state.queue.firstIndex(where: { $0.id == id }) else { return }
        state.queue.removeFirst(index)
        if state.queue[0].startedAtMs == nil { state.queue[0].startedAtMs = atMs }
        let heardText = heard.trimmingCharacters(in: .whitespacesAndNewlines)
        interruptSpeech(t: t, heard: heardText.isEmpty ? nil : heardText, atMs: atMs, &out)
        // A natural goodbye that was cut off is re-said after the candidate's turn.
        if state.closingReason == .finished {
            state.closingReason = nil
            state.closingStartedAtMs = nil
        }
        state.phase = .listening
        state.listeningSinceMs = t
        state.candidateSpeaking = true
        state.candidateSpeechStartedAtMs = t
        emitState(.listening, &out)
    }

    private mutating func candidateEnded(_ t: Int64, _ out: inout [InterviewAction]) {
        if state.phase == .disconnected || state.closingReason != nil || !settings.speakClosingOnCandidateEnd {
            complete(.candidateEnded, t: t, &out)
            return
        }
        interruptSpeech(t: t, heard: nil, atMs: nil, &out)
        beginClosing(.candidateEnded, t: t, &out)
        respond(.candidateEnded, latest: "", t: t, &out)
    }

    private mutating func disconnected(_ t: Int64, _ out: inout [InterviewAction]) {
        guard state.phase != .disconnected else { return }
        if let reason = state.closingReason {
            complete(reason, t: t, &out)
            return
        }
        interruptSpeech(t: t, heard: nil, atMs: nil, &out)
        state.phase = .disconnected
        state.disconnectedAtMs = t
        state.candidateSpeaking = false
        state.candidateSpeechStartedAtMs = nil
        state.bufferedCandidateText = ""
        state.listeningSinceMs = nil
        state.lastEmittedState = nil
        out.append(.markDisconnected)
    }

    private mutating func reconnected(_ t: Int64, _ out: inout [InterviewAction]) {
        guard state.phase == .disconnected, let at = state.disconnectedAtMs else { return }
        if t - at >= settings.reconnectGraceMs {
            complete(.disconnected, t: t, &out)
            return
        }
        state.disconnectedAtMs = nil
        state.phase = .thinking
        emitState(.thinking, &out)
        respond(.resume, latest: "", t: t, &out)
    }

    private mutating func policyReply(_ id: Int, segments: [PolicySegment], isComplete: Bool, t: Int64, _ out: inout [InterviewAction]) {
        guard var pending = state.pendingRequest, pending.id == id else { return }
        pending.receivedAny = pending.receivedAny || !segments.isEmpty
        state.pendingRequest = isComplete ? nil : pending
        apply(segments, t: t, &out)
        if isComplete, !pending.receivedAny {
            // The external policy said nothing: fall back to the built-in one.
            apply(policy.reply(for: pending.input).segments, t: t, &out)
        }
        drainIfIdle(t, &out)
    }

    // MARK: - Helpers

    /// Ask the policy for the next reply (directly, or via `.requestReply` for an external one).
    private mutating func respond(_ trigger: PolicyTrigger, latest: String, t: Int64, _ out: inout [InterviewAction]) {
        var trigger = trigger
        if trigger == .answer || trigger == .silence {
            if state.closingReason == .maxDuration { trigger = .timeUp }
            if state.closingReason == .candidateEnded { trigger = .candidateEnded }
        }
        let focus = state.questionIndex
        let input = PolicyInput(
            trigger: trigger, role: context.role, candidateName: context.candidateName, techstack: context.techstack,
            questions: context.questions, questionIndex: focus,
            answerSoFar: focus.map { state.answers.indices.contains($0) ? state.answers[$0] : "" } ?? "",
            latestAnswer: latest,
            followUpsAsked: focus.map { state.followUps.indices.contains($0) ? state.followUps[$0] : 0 } ?? 0,
            maxFollowUps: settings.maxFollowUpsPerQuestion, shortAnswerWords: settings.shortAnswerWords,
            silenceCount: state.silenceCount, repromptLimit: settings.repromptLimit, elapsedMs: t,
            timeBudgetMs: settings.effectiveTimeBudgetMs, turn: state.turn,
            recentInterviewerLines: state.transcript.filter { $0.role == .interviewer }.suffix(4).map(\.text) + state.queue.map(\.text),
            transcript: state.transcript)
        state.turn += 1
        if settings.externalPolicyTimeoutMs != nil {
            state.pendingRequest = PendingPolicyRequest(id: state.nextRequestId, input: input, issuedAtMs: t, receivedAny: false)
            out.append(.requestReply(requestId: state.nextRequestId, input: input))
            state.nextRequestId += 1
            return
        }
        apply(policy.reply(for: input).segments, t: t, &out)
        drainIfIdle(t, &out)
    }

    /// Queue a reply's segments as `.say` actions and apply their effects.
    private mutating func apply(_ segments: [PolicySegment], t: Int64, _ out: inout [InterviewAction]) {
        for segment in segments {
            let text = segment.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty, state.phase != .completed else { continue }
            let before = state.questionIndex
            switch segment.kind {
            case .question(let n):
                guard context.questions.indices.contains(n) else { continue }
                if n != before { state.silenceCount = 0 }
                state.questionIndex = n
            case .followUp:
                if let f = before, state.followUps.indices.contains(f) { state.followUps[f] += 1 }
            case .closing:
                if state.closingReason == nil { state.closingReason = .finished }
                if state.closingStartedAtMs == nil { state.closingStartedAtMs = t }
            case .greeting, .ack, .reprompt:
                break
            }
            let id = "u\(state.nextUtteranceNumber)"
            state.nextUtteranceNumber += 1
            state.queue.append(QueuedUtterance(id: id, text: text, kind: segment.kind, focusBefore: before, focusAfter: state.questionIndex, startedAtMs: nil))
            out.append(.say(utteranceId: id, text: text, kind: segment.kind))
        }
    }

    /// Once nothing is queued or awaited, listen (and handle text that arrived meanwhile).
    private mutating func drainIfIdle(_ t: Int64, _ out: inout [InterviewAction]) {
        guard state.queue.isEmpty, state.pendingRequest == nil else { return }
        switch state.phase {
        case .completed, .disconnected, .scheduled:
            return
        case .closing:
            // Closing with nothing left to say (e.g. an external policy forgot the goodbye).
            if state.closingReason != nil { complete(state.closingReason ?? .finished, t: t, &out) }
            return
        default:
            break
        }
        if state.closingReason == .finished {
            complete(.finished, t: t, &out)
            return
        }
        state.phase = .listening
        state.listeningSinceMs = t
        emitState(.listening, &out)
        if !state.bufferedCandidateText.isEmpty {
            let text = state.bufferedCandidateText
            state.bufferedCandidateText = ""
            processAnswer(text, t: t, &out)
        }
    }

    /// Stop the interviewer: record the playing utterance as interrupted, drop unplayed ones
    /// and take back their effects (focus question, follow-up count).
    private mutating func interruptSpeech(t: Int64, heard: String?, atMs: Int64?, _ out: inout [InterviewAction]) {
        state.pendingRequest = nil
        guard !state.queue.isEmpty else { return }
        out.append(.stopSpeaking)
        var revertFocus: Int??
        for item in state.queue {
            if let started = item.startedAtMs {
                let utterance = RecordedUtterance(role: .interviewer, text: item.text, startMs: started, endMs: max(atMs ?? t, started),
                                                  interrupted: true, heardText: heard, questionIndex: item.focusAfter, kind: item.kind)
                record(utterance, &out)
            } else {
                if revertFocus == nil { revertFocus = .some(item.focusBefore) }
                if item.kind == .followUp, let f = item.focusBefore, state.followUps.indices.contains(f), state.followUps[f] > 0 {
                    state.followUps[f] -= 1
                }
            }
        }
        if let revertFocus { state.questionIndex = revertFocus }
        state.queue = []
    }

    private mutating func beginClosing(_ reason: CompletionReason, t: Int64, _ out: inout [InterviewAction]) {
        state.closingReason = reason
        state.closingStartedAtMs = t
        state.phase = .closing
        state.listeningSinceMs = nil
        emitState(.closing, &out)
    }

    private mutating func complete(_ reason: CompletionReason, t: Int64, _ out: inout [InterviewAction]) {
        interruptSpeech(t: t, heard: nil, atMs: nil, &out)
        state.phase = .completed
        state.completionReason = reason
        state.listeningSinceMs = nil
        emitState(.completed, &out)
        out.append(.complete(reason))
    }

    private mutating func record(_ utterance: RecordedUtterance, _ out: inout [InterviewAction]) {
        state.transcript.append(utterance)
        out.append(.recordUtterance(utterance))
    }

    private mutating func emitState(_ wire: InterviewState, index explicitIndex: Int? = nil, _ out: inout [InterviewAction]) {
        let index = explicitIndex ?? state.questionIndex ?? 0
        guard state.lastEmittedState != wire || state.lastEmittedIndex != index else { return }
        state.lastEmittedState = wire
        state.lastEmittedIndex = index
        out.append(.setState(wire, questionIndex: index))
    }
}
