import Foundation

extension InterviewMachine {
    /// The interviewer's lines that would follow if the candidate, who is still answering, ended
    /// the answer now with `text` — returned only when they do not depend on what the answer
    /// says: the reply moves on to the next planned question (or the closing) with no follow-up.
    /// Worked out on a copy of the machine (it is a value), so nothing changes here. Nil when the
    /// candidate is not answering, when an external policy words the reply (it is unknown until
    /// asked), or when the answer's content matters (short or off-topic → a follow-up; a request
    /// to repeat or skip).
    ///
    /// For preemptive replies: synthesize these lines while the candidate is still speaking, and
    /// use the audio only if the real final produces the same lines.
    public func previewReplyLines(toAnswer text: String, now: ContinuousClock.Instant) -> [String]? {
        guard state.phase == .listening, settings.externalPolicyTimeoutMs == nil, state.pendingRequest == nil,
              let focus = state.questionIndex, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        var copy = self
        let actions = copy.handle(.candidateFinal(text: text, startMs: 0, endMs: 0), now: now)
        var lines: [String] = []
        var movesOn = false
        for action in actions {
            guard case .say(_, let line, let kind) = action else { continue }
            switch kind {
            case .ack:
                break
            case .question(let n) where n != focus:
                movesOn = true
            case .closing:
                movesOn = true
            case .question, .followUp, .reprompt, .greeting:
                return nil
            }
            lines.append(line)
        }
        return movesOn ? lines : nil
    }
}
