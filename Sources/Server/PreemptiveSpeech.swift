import Foundation
import Metrics
import Speech

/// Preemptive replies (`PARLEY_PREEMPTIVE_REPLIES`): the interviewer lines a reply will have
/// when they do not depend on the answer (``InterviewMachine/previewReplyLines(toAnswer:now:)``)
/// are synthesized while the candidate is still speaking; when the real reply says the same text,
/// its audio is ready at once, otherwise it is dropped. Owned by the conductor, on the media event
/// loop; synthesis runs in tasks.
final class PreemptiveSpeech {
    private let synthesizer: any StreamingSynthesizer
    /// Lines being prepared, in the order they will be said.
    private var prepared: [(text: String, speech: BufferedSynthesis)] = []
    /// Prepared speech claimed by an utterance that is queued but not yet synthesizing.
    private var claimed: [String: BufferedSynthesis] = [:]

    private static let started = Counter(label: "parley_preemptive_syntheses_total")
    private static let used = Counter(label: "parley_preemptive_used_total")

    init(synthesizer: any StreamingSynthesizer) {
        self.synthesizer = synthesizer
    }

    /// The lines the reply is now expected to have (nil or []: none can be foreseen). Lines
    /// already being prepared are kept; others are dropped.
    func expect(_ lines: [String]?) {
        let lines = lines ?? []
        guard lines != prepared.map(\.text) else { return }
        var keep: [String: BufferedSynthesis] = [:]
        for item in prepared {
            if lines.contains(item.text) { keep[item.text] = item.speech } else { item.speech.cancel() }
        }
        prepared = lines.map { text in
            if let speech = keep[text] { return (text, speech) }
            Self.started.increment()
            return (text, BufferedSynthesis(synthesizer.synthesize(text)))
        }
    }

    /// Utterance `id` will say `text`: it takes the prepared audio when there is some; when there
    /// is none, the reply went another way and everything prepared is dropped at once (so it does
    /// not hold up synthesizing what is really said).
    func claim(id: String, text: String) {
        guard let index = prepared.firstIndex(where: { $0.text == text }) else { return discardUnclaimed() }
        claimed[id] = prepared.remove(at: index).speech
        Self.used.increment()
    }

    /// The audio of utterance `id`, if it was prepared.
    func stream(for id: String) -> AsyncThrowingStream<SpeechAudioChunk, Error>? {
        claimed.removeValue(forKey: id)?.replay()
    }

    /// Drops everything not claimed (the answer is in; what was not used will not be).
    func discardUnclaimed() {
        for item in prepared { item.speech.cancel() }
        prepared.removeAll()
    }

    /// Drops claimed audio too (the interviewer was cut off).
    func discardAll() {
        discardUnclaimed()
        for speech in claimed.values { speech.cancel() }
        claimed.removeAll()
    }
}

/// A synthesis that runs ahead of its listener: chunks are kept as they come, and ``replay()``
/// hands them all out, then the rest as it arrives. One listener.
final class BufferedSynthesis: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [SpeechAudioChunk] = []
    private var outcome: Result<Void, Error>?
    private var listener: AsyncThrowingStream<SpeechAudioChunk, Error>.Continuation?
    private var task: Task<Void, Never>?

    init(_ source: AsyncThrowingStream<SpeechAudioChunk, Error>) {
        // The task keeps this object alive until the synthesis ends or is cancelled: the
        // listener may hold nothing but the stream.
        task = Task {
            do {
                for try await chunk in source {
                    try Task.checkCancellation()
                    self.deliver(chunk)
                }
                self.end(.success(()))
            } catch {
                self.end(.failure(error))
            }
        }
    }

    // Chunks are handed to the listener under the lock, so buffered ones always go first.
    private func deliver(_ chunk: SpeechAudioChunk) {
        lock.withLock {
            if let listener { listener.yield(chunk) } else { chunks.append(chunk) }
        }
    }

    private func end(_ result: Result<Void, Error>) {
        lock.withLock {
            outcome = result
            switch result {
            case .success: listener?.finish()
            case .failure(let error): listener?.finish(throwing: error)
            }
        }
    }

    /// Everything synthesized so far, then the rest as it comes.
    func replay() -> AsyncThrowingStream<SpeechAudioChunk, Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: SpeechAudioChunk.self)
        continuation.onTermination = { [weak self] reason in if case .cancelled = reason { self?.cancel() } }
        lock.withLock {
            for chunk in chunks { continuation.yield(chunk) }
            chunks.removeAll()
            switch outcome {
            case .success?: continuation.finish()
            case .failure(let error)?: continuation.finish(throwing: error)
            case nil: listener = continuation
            }
        }
        return stream
    }

    func cancel() {
        task?.cancel()
        let listener: AsyncThrowingStream<SpeechAudioChunk, Error>.Continuation? = lock.withLock {
            defer { self.listener = nil }
            return self.listener
        }
        listener?.finish(throwing: CancellationError())
    }
}
