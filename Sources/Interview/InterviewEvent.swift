import Foundation

/// Inputs to `InterviewMachine.handle(_:now:)`. Times (`startMs`, `endMs`, `atMs`) are
/// milliseconds since the interview started (the `.start` event).
public enum InterviewEvent: Sendable, Equatable {
    /// Begin the interview (scheduled → greeting).
    case start
    /// Voice activity began (suspends the silence timer). Barge-in is reported separately.
    case candidateSpeechStarted
    /// A final transcript of one candidate turn. Empty text = noise; it only resets the silence timer.
    case candidateFinal(text: String, startMs: Int64, endMs: Int64)
    /// A typed answer (`{"type":"text"}`), handled like a final transcript.
    case candidateTyped(text: String)
    /// The server started playing interviewer utterance `id`.
    case interviewerUtteranceStarted(id: String)
    /// Interviewer utterance `id` finished playing.
    case interviewerUtteranceFinished(id: String)
    /// The candidate interrupted utterance `utteranceId` after hearing `heardText`; its audio has stopped.
    case bargeIn(utteranceId: String, heardText: String, atMs: Int64)
    /// Time passed: silence timeout, time limits, reconnect grace, external policy timeout.
    case tick
    /// The candidate asked to end (`{"type":"end"}`).
    case candidateEnded
    /// The candidate's connection dropped.
    case disconnected
    /// The candidate reconnected.
    case reconnected
    /// Segments from an external (e.g. LLM) policy answering `.requestReply(requestId:)`;
    /// may arrive in several parts, the last with `isComplete: true`.
    case policyReply(requestId: Int, segments: [PolicySegment], isComplete: Bool)
}

/// The protocol's `state` values (`{"type":"state","state":…}`).
public enum InterviewState: String, Codable, Sendable, CaseIterable {
    case greeting, asking, listening, thinking, speaking, closing, completed
}

/// Why an interview completed.
public enum CompletionReason: String, Codable, Sendable, Equatable {
    /// All questions asked (or the soft time budget ran out) and the closing was said.
    case finished
    /// The candidate ended it.
    case candidateEnded
    /// The maximum duration was reached.
    case maxDuration
    /// The candidate disconnected and did not come back within the grace period.
    case disconnected
}

/// Outputs of `InterviewMachine.handle(_:now:)`, to be carried out in order.
public enum InterviewAction: Sendable, Equatable {
    /// Synthesize and play `text`; report `.interviewerUtteranceStarted/Finished(id)`. Utterances
    /// are queued: play them one after another in the order emitted.
    case say(utteranceId: String, text: String, kind: UtteranceKind)
    /// Stop the interviewer's audio now and drop every queued utterance not yet started.
    case stopSpeaking
    /// Tell the client (`{"type":"state"}`); `questionIndex` is the focus question (0 before the first).
    case setState(InterviewState, questionIndex: Int)
    /// Append a transcript line.
    case recordUtterance(RecordedUtterance)
    /// Ask the external policy for a reply; answer with `.policyReply(requestId:…)`.
    case requestReply(requestId: Int, input: PolicyInput)
    /// The interview is over: send `{"type":"complete"}`, score it, close the session.
    case complete(CompletionReason)
    /// The candidate is gone; keep the interview resumable until the grace period ends.
    case markDisconnected
}
