import Foundation
import Metrics
import NIOCore
import SignalingProtocol
import Speech

/// Live captions of one call's candidate turns (README, "Live captions"): each turn's 16 kHz
/// audio goes to a ``LiveCaptioner`` as it arrives, and its partial hypotheses go out as
/// `{"type":"transcript","role":"candidate","final":false,"seq":n}` — at most every
/// `captionIntervalMs`, with the seq the turn's final will carry, so the final replaces them.
/// When the final ends up with another seq, or with no text, an empty final at the captions'
/// seq withdraws them. Partials of a turn wait while an earlier turn's final is still pending
/// (its seq is not known before that final is stored).
///
/// Owned by the conductor and used on the media event loop only; decoding runs on the
/// captioner's own queue.
final class CallCaptions {
    private let captioner: LiveCaptioner
    private let eventLoop: EventLoop
    private let outbox: AsyncStream<ServerMessage>.Continuation
    /// The seq the next stored utterance will get (the conductor's counter).
    private let nextSeq: () -> Int
    /// Every partial shown, and each turn's caption final, for the conductor (preemptive replies).
    private let onPartial: (String) -> Void

    private var turn = 0
    private var inTurn = false
    private var fedSamples = 0
    /// Turns whose final has not been sent yet.
    private var awaitingFinal: Set<Int> = []
    /// The seq each turn's partials went out with.
    private var partialSeq: [Int: Int] = [:]
    private var reportedUsage = LiveCaptioner.Usage()

    private static let cpuSeconds = FloatingPointCounter(label: "parley_caption_cpu_seconds_total")
    private static let audioSeconds = FloatingPointCounter(label: "parley_caption_audio_seconds_total")
    private static let partials = Counter(label: "parley_caption_partials_total")

    init(questions: [String], role: String, techstack: [String], intervalMs: Int, eventLoop: EventLoop,
         outbox: AsyncStream<ServerMessage>.Continuation, nextSeq: @escaping () -> Int,
         onPartial: @escaping (String) -> Void = { _ in }) {
        self.eventLoop = eventLoop
        self.outbox = outbox
        self.nextSeq = nextSeq
        self.onPartial = onPartial
        weak var weakSelf: CallCaptions?
        let loop = eventLoop
        captioner = LiveCaptioner(questions: questions, role: role, techstack: techstack,
                                  settings: .init(intervalMs: intervalMs)) { turn, text in
            loop.execute { weakSelf?.partial(turn: turn, text: text) }
        }
        weakSelf = self
    }

    /// A candidate turn started; `samples` is its audio so far (pre-roll included).
    func turnStarted(_ samples: [Int16]) {
        turn += 1
        inTurn = true
        fedSamples = samples.count
        awaitingFinal.insert(turn)
        captioner.begin(turn: turn, samples: samples)
    }

    /// The turn's audio so far; the part not fed yet is decoded.
    func turnAudio(_ samples: [Int16]) {
        guard inTurn, samples.count > fedSamples else { return }
        captioner.append(Array(samples[fedSamples...]), turn: turn)
        fedSamples = samples.count
    }

    /// The turn ended with `samples`: returns its number and a way to wait for the captioner's
    /// final hypothesis (decoded right away, so it is usually ready before the service's final).
    func turnEnded(_ samples: [Int16]) -> (turn: Int, final: @Sendable () async -> Transcript?) {
        turnAudio(samples)
        inTurn = false
        let captioner = captioner, turn = turn, loop = eventLoop
        let decoding = Task { [weak self] in
            let final = await captioner.finish(turn: turn)
            if let text = final?.text, !text.isEmpty { loop.execute { self?.onPartial(text) } }
            return final
        }
        return (turn, { await decoding.value })
    }

    /// The turn's final goes out now with `seq` and `text`: withdraws its captions if they do not
    /// match it, and reports the decoding cost.
    func finalReady(turn: Int, seq: Int, text: String) {
        awaitingFinal.remove(turn)
        if let shownAt = partialSeq.removeValue(forKey: turn), shownAt != seq || text.isEmpty {
            outbox.yield(.transcript(role: .candidate, text: "", final: true, seq: shownAt))
        }
        let usage = captioner.cpuUsage
        Self.cpuSeconds.increment(by: usage.cpuSeconds - reportedUsage.cpuSeconds)
        Self.audioSeconds.increment(by: usage.audioSeconds - reportedUsage.audioSeconds)
        reportedUsage = usage
    }

    private func partial(turn: Int, text: String) {
        // Only the latest turn, before its final, and once every earlier final is out.
        guard turn == self.turn, awaitingFinal.contains(turn), awaitingFinal.count == 1 else { return }
        let seq = nextSeq()
        partialSeq[turn] = seq
        Self.partials.increment()
        outbox.yield(.transcript(role: .candidate, text: text, final: false, seq: seq))
        onPartial(text)
    }
}

extension UtteranceTranscriber {
    /// Transcribes a turn; when the transcriber falls back, `captionFinal` (the live captioner's
    /// hypothesis of the same audio) answers before a second embedded decode.
    func transcribe(samples16k: [Int16], prompt: String?, captionFinal: (@Sendable () async -> Transcript?)?) async throws -> Transcript {
        if let fallback = self as? FallbackTranscriber {
            return try await fallback.transcribe(samples16k: samples16k, prompt: prompt, preferredFallback: captionFinal)
        }
        return try await transcribe(samples16k: samples16k, prompt: prompt)
    }
}
