import Caller
import NIOConcurrencyHelpers

/// Plays a caller's answers one at a time in a task of their own, so the call keeps reading
/// signalling while it speaks; keeps what was sent.
final class AnswerPlayer: Sendable {
    private struct State {
        var task: Task<Void, Never>?
        var inFlight = false
        var played: [PlayedAnswer] = []
        var started = 0
    }

    private let state = NIOLockedValueBox(State())
    private let caller: SyntheticCaller

    init(caller: SyntheticCaller) {
        self.caller = caller
    }

    /// An answer is scheduled or being sent.
    var inFlight: Bool { state.withLockedValue { $0.inFlight } }
    /// Answers sent completely, in order.
    var played: [PlayedAnswer] { state.withLockedValue { $0.played } }
    /// Answers started (scheduled) so far.
    var started: Int { state.withLockedValue { $0.started } }

    /// Sends `clip` after `delay`; ignored while another answer is in flight.
    func start(_ clip: AnswerClip, after delay: Duration, bargeIn: Bool) {
        let caller = caller
        state.withLockedValue { s in
            guard !s.inFlight, let onset = clip.onsetFrame, let end = clip.endOfSpeechFrame else { return }
            s.inFlight = true
            s.started += 1
            s.task = Task { [state] in
                var answer: PlayedAnswer?
                do {
                    if delay > .zero { try await Task.sleep(for: delay) }
                    let sent = try await caller.send(frames: clip.frames)
                    answer = PlayedAnswer(name: clip.name, sentAt: sent.map(\.at), rtpTimestamps: sent.map(\.rtpTimestamp),
                                          onsetFrame: onset, endOfSpeechFrame: end, bargeInAttempt: bargeIn)
                } catch {
                    // Cancelled (the call is ending): the partial answer is not a turn.
                }
                state.withLockedValue {
                    if let answer { $0.played.append(answer) }
                    $0.inFlight = false
                }
            }
        }
    }

    /// Waits for the answer in flight, if any.
    func wait() async {
        let task = state.withLockedValue { $0.task }
        await task?.value
    }

    /// Stops the answer in flight, if any, and waits until it has stopped.
    func stop() async {
        let task = state.withLockedValue { $0.task }
        task?.cancel()
        await task?.value
    }
}
