import Foundation
import PocketSphinx

/// Live captions for one call: PocketSphinx decodes the candidate's 16 kHz audio as it arrives,
/// on a serial queue of its own (never on the caller's thread), and reports the partial
/// hypothesis at most every `intervalMs` when it changes. The utterance's final hypothesis is
/// kept for the turn (Parley's fallback final when the transcription service fails).
///
/// Bounded: when decoding falls more than `maxBacklogMs` of audio behind (an overloaded
/// machine), the turn stops being captioned and has no final; the next turn starts afresh.
/// The recogniser (an interview language model, ``InterviewLanguageModel``) is built off the
/// caller's thread at creation; turns that start before it is ready are not captioned.
public final class LiveCaptioner: @unchecked Sendable {
    public struct Settings: Sendable {
        public var intervalMs = 300
        public var maxBacklogMs = 2_000
        public init(intervalMs: Int = 300, maxBacklogMs: Int = 2_000) {
            self.intervalMs = intervalMs
            self.maxBacklogMs = maxBacklogMs
        }
    }

    /// CPU time spent decoding and seconds of audio decoded, since creation.
    public struct Usage: Sendable, Equatable {
        public var cpuSeconds = 0.0
        public var audioSeconds = 0.0
        public init(cpuSeconds: Double = 0, audioSeconds: Double = 0) {
            self.cpuSeconds = cpuSeconds
            self.audioSeconds = audioSeconds
        }
    }

    public let settings: Settings
    private let queue = DispatchQueue(label: "parley.captions")
    private let onPartial: @Sendable (_ turn: Int, _ text: String) -> Void

    // Guarded by `lock` (read from any thread).
    private let lock = NSLock()
    private var backlogSamples = 0
    private var overloadedTurn: Int?
    private var usage = Usage()

    // Owned by `queue`.
    private var recognizer: SpeechRecognizer?
    private var turn: Int?
    private var lastPartial: String?
    private var lastPartialAt: ContinuousClock.Instant?

    /// - Parameters:
    ///   - makeRecognizer: builds the recogniser; runs on the captioner's queue.
    ///   - onPartial: called on the captioner's queue with a changed partial hypothesis.
    public init(settings: Settings = Settings(), makeRecognizer: @escaping @Sendable () throws -> SpeechRecognizer,
                onPartial: @escaping @Sendable (_ turn: Int, _ text: String) -> Void) {
        self.settings = settings
        self.onPartial = onPartial
        queue.async { [self] in
            let started = Self.threadCPUTime()
            recognizer = try? makeRecognizer()
            let spent = Self.threadCPUTime() - started
            lock.withLock { usage.cpuSeconds += spent }
        }
    }

    /// A captioner over an interview language model built for `questions`, `role` and `techstack`.
    public convenience init(questions: [String], role: String, techstack: [String], settings: Settings = Settings(),
                            onPartial: @escaping @Sendable (_ turn: Int, _ text: String) -> Void) {
        self.init(settings: settings, makeRecognizer: {
            guard let pronunciations = PronunciationDictionary.cmu else {
                throw SpeechRecognizerError.fileNotFound(SpeechRecognizerConfiguration().dictionary)
            }
            let model = InterviewLanguageModel(questions: questions, role: role, techstack: techstack, pronunciations: pronunciations)
            let directory = NSTemporaryDirectory() + "parley-lm-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            return try SpeechRecognizer(configuration: model.write(to: directory))
        }, onPartial: onPartial)
    }

    /// Decoding cost so far.
    public var cpuUsage: Usage { lock.withLock { usage } }

    /// Opens turn `turn` (any increasing number); `samples` may carry audio from before its onset.
    public func begin(turn: Int, samples: [Int16] = []) {
        lock.withLock { overloadedTurn = nil }
        queue.async { [self] in
            self.turn = nil
            guard let recognizer, (try? recognizer.startUtterance()) != nil else { return }
            self.turn = turn
            lastPartial = nil
            lastPartialAt = nil
        }
        append(samples, turn: turn)
    }

    /// Adds the turn's next samples (16 kHz mono).
    public func append(_ samples: [Int16], turn: Int) {
        guard !samples.isEmpty else { return }
        let accepted: Bool = lock.withLock {
            guard overloadedTurn != turn else { return false }
            if backlogSamples + samples.count > settings.maxBacklogMs * 16 {
                overloadedTurn = turn
                return false
            }
            backlogSamples += samples.count
            return true
        }
        guard accepted else { return }
        queue.async { [self] in
            defer { lock.withLock { backlogSamples -= samples.count } }
            guard self.turn == turn, let recognizer, !isOverloaded(turn) else { return }
            let started = Self.threadCPUTime()
            try? recognizer.process(samples)
            let now = ContinuousClock.now
            var changed: String?
            if lastPartialAt.map({ now - $0 >= .milliseconds(settings.intervalMs) }) ?? true,
               let partial = recognizer.partialHypothesis(), partial != lastPartial {
                lastPartial = partial
                lastPartialAt = now
                changed = partial
            }
            let spent = Self.threadCPUTime() - started
            lock.withLock {
                usage.cpuSeconds += spent
                usage.audioSeconds += Double(samples.count) / 16_000
            }
            if let changed { onPartial(turn, changed) }
        }
    }

    /// Ends the turn and returns its final hypothesis; nil when the turn was not captioned whole.
    public func finish(turn: Int) async -> Transcript? {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                guard self.turn == turn, let recognizer else { return continuation.resume(returning: nil) }
                self.turn = nil
                let started = Self.threadCPUTime()
                let hypothesis = try? recognizer.endUtterance()
                let spent = Self.threadCPUTime() - started
                lock.withLock { usage.cpuSeconds += spent }
                guard let hypothesis, !isOverloaded(turn) else { return continuation.resume(returning: nil) }
                continuation.resume(returning: Transcript(
                    text: hypothesis.text,
                    words: hypothesis.words.map { TimedWord(word: $0.word, startMs: $0.startMs, endMs: $0.endMs) },
                    engine: "pocketsphinx-interview"))
            }
        }
    }

    private func isOverloaded(_ turn: Int) -> Bool {
        lock.withLock { overloadedTurn == turn }
    }

    /// CPU time of the calling thread, in seconds.
    static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
