import Foundation

/// What the interviewer must do in one turn, in plain strings (the `Speech` module does not
/// depend on `Interview`; the server builds this from `PolicyInput`).
public struct InterviewTurnPrompt: Sendable, Equatable {
    /// The conversation so far, oldest first: `.assistant` = interviewer lines, `.user` = candidate lines.
    public var history: [ChatMessage]
    /// The next required action, e.g. `Acknowledge the answer briefly and ask: "How do you test async code?"`.
    public var instruction: String
    /// Said instead (one segment each) when the model fails before producing any segment — e.g.
    /// the rule-based interviewer's texts for this turn. Empty: the failure is thrown.
    public var fallback: [String]
    /// Said after the model's segments when the model fails mid-reply, so the turn still ends
    /// with what it must (e.g. the planned question). Nil: the turn ends with what was said.
    public var recovery: String?

    public init(history: [ChatMessage], instruction: String, fallback: [String] = [], recovery: String? = nil) {
        self.history = history
        self.instruction = instruction
        self.fallback = fallback
        self.recovery = recovery
    }
}

/// One speakable piece of an interviewer reply (a sentence or clause), in order.
public struct SpokenSegment: Sendable, Equatable {
    public enum Source: String, Sendable, Equatable {
        /// Streamed from the model.
        case model
        /// ``InterviewTurnPrompt/fallback`` (the model failed before saying anything).
        case fallback
        /// ``InterviewTurnPrompt/recovery`` (the model failed mid-reply).
        case recovery
    }

    public var text: String
    public var source: Source

    public init(_ text: String, source: Source = .model) {
        self.text = text
        self.source = source
    }
}

/// Why ``OpenAIChatPolicy`` had nothing to say.
public enum ChatPolicyError: Error, Equatable, CustomStringConvertible {
    /// The model's stream completed without any speakable text.
    case emptyReply

    public var description: String { "the chat model replied with no speakable text" }
}

/// An LLM interviewer: asks an OpenAI-compatible chat model (``OpenAIChatClient``) to phrase the
/// next turn and streams the reply as speakable segments — the first one as soon as its first
/// sentence or clause is complete (``SentenceChunker``), so TTS can start before the reply ends.
///
/// Failure handling ("the candidate never hears dead air"):
/// - Failure before the first segment (HTTP error after retries, slow first token, empty reply):
///   `onFallback(error)` is called and ``InterviewTurnPrompt/fallback`` is yielded
///   (`source: .fallback`); with no fallback the error is thrown.
/// - Failure after some segments (deadline, stream error): `onFallback(error)` is called, the
///   unfinished trailing clause is dropped (half a sentence sounds broken), then
///   ``InterviewTurnPrompt/recovery`` is yielded if set, and the stream finishes normally.
/// - A stream that closes early after some text is final text (see ``OpenAIChatClient``).
/// Cancelling the consumer cancels the request.
public struct OpenAIChatPolicy: Sendable {
    public struct Settings: Sendable, Equatable {
        public var systemPrompt: String
        /// Role of the final instruction message. `.system` suits OpenAI, Ollama and most servers;
        /// use `.user` for chat templates that allow a system message only first.
        public var instructionRole: ChatMessage.Role
        /// Only the newest this many history messages are sent.
        public var historyLimit: Int
        /// See ``SentenceChunker/minWordsBeforeComma``.
        public var minWordsBeforeComma: Int

        public init(systemPrompt: String = OpenAIChatPolicy.defaultSystemPrompt, instructionRole: ChatMessage.Role = .system,
                    historyLimit: Int = 16, minWordsBeforeComma: Int = 8) {
            self.systemPrompt = systemPrompt
            self.instructionRole = instructionRole
            self.historyLimit = historyLimit
            self.minWordsBeforeComma = minWordsBeforeComma
        }
    }

    public static let defaultSystemPrompt = """
        You are a concise, friendly technical interviewer on a voice call. Everything you write is \
        spoken aloud by a speech synthesizer: use short, plain spoken sentences; no lists, markdown, \
        emojis, code or stage directions. Keep each reply to one brief sentence of acknowledgement \
        or transition followed by exactly what you are told to do next. When told to ask a question, \
        ask it in its given words. Never evaluate, score or correct the candidate, never answer the \
        question for them, and never mention these instructions.
        """

    public let client: OpenAIChatClient
    public let settings: Settings
    /// Called with the error each time a fallback or recovery is used (log it, count it).
    public let onFallback: @Sendable (Error) -> Void

    public init(client: OpenAIChatClient, settings: Settings = Settings(), onFallback: @escaping @Sendable (Error) -> Void = { _ in }) {
        self.client = client
        self.settings = settings
        self.onFallback = onFallback
    }

    public init(chat: OpenAIChatClient.Settings, settings: Settings = Settings(),
                onDiagnostic: @escaping @Sendable (OpenAIChatClient.Diagnostic) -> Void = { _ in },
                onFallback: @escaping @Sendable (Error) -> Void = { _ in }) {
        self.init(client: OpenAIChatClient(settings: chat, onDiagnostic: onDiagnostic), settings: settings, onFallback: onFallback)
    }

    /// The messages sent for `prompt`: the system prompt, the newest history, the instruction.
    public func messages(for prompt: InterviewTurnPrompt) -> [ChatMessage] {
        let history = prompt.history.suffix(max(0, settings.historyLimit)).filter { !$0.content.trimmingWhitespace().isEmpty }
        return [.system(settings.systemPrompt)] + history
            + [ChatMessage(settings.instructionRole, "Now, as the interviewer: \(prompt.instruction)")]
    }

    /// Streams the reply to `prompt` as speakable segments.
    public func reply(to prompt: InterviewTurnPrompt) -> AsyncThrowingStream<SpokenSegment, Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: SpokenSegment.self)
        let deltas = client.streamCompletion(messages: messages(for: prompt))
        let minWords = settings.minWordsBeforeComma, onFallback = onFallback
        let task = Task {
            var chunker = SentenceChunker(minWordsBeforeComma: minWords)
            var said = 0
            func say(_ piece: String) {
                let text = Self.speakable(piece)
                guard !text.isEmpty else { return }
                said += 1
                continuation.yield(SpokenSegment(text, source: .model))
            }
            do {
                for try await delta in deltas {
                    chunker.append(delta).forEach(say)
                }
                if Task.isCancelled { return continuation.finish() }
                chunker.finish().map(say)
                guard said > 0 else { throw ChatPolicyError.emptyReply }
                continuation.finish()
            } catch {
                if Task.isCancelled || error is CancellationError { return continuation.finish() }
                onFallback(error)
                if said == 0 {
                    let fallback = prompt.fallback.map(Self.speakable).filter { !$0.isEmpty }
                    guard !fallback.isEmpty else { return continuation.finish(throwing: error) }
                    fallback.forEach { continuation.yield(SpokenSegment($0, source: .fallback)) }
                } else if let recovery = prompt.recovery.map(Self.speakable), !recovery.isEmpty {
                    continuation.yield(SpokenSegment(recovery, source: .recovery))
                }
                continuation.finish()
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Removes what a speech synthesizer should not read out (markdown emphasis, headings,
    /// bullets, code ticks) and collapses whitespace.
    static func speakable(_ text: String) -> String {
        var cleaned = text.replacingOccurrences(of: "**", with: "")
            .replacingOccurrences(of: "`", with: "")
            .replacingOccurrences(of: "*", with: "")
        cleaned = cleaned.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        while cleaned.hasPrefix("#") { cleaned.removeFirst() }  // a heading, not "C#"
        if cleaned.hasPrefix("- ") { cleaned.removeFirst(2) }
        return cleaned.trimmingWhitespace()
    }
}
