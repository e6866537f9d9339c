import Foundation
import Interview
import Logging
import Metrics
import Speech

/// Scores a held interview with the configured chat model through ``ScoringRubric``'s
/// structured-output contract (`response_format: json_schema`, strict). A reply that breaks the
/// schema is sent back once with the violation named; a model that still fails, or a provider
/// that fails after its own retries, leaves the embedded scorer's report in place (logged and
/// counted in `parley_llm_scoring_failures_total`).
struct LLMReportScorer: Sendable {
    let chat: OpenAIChatClient
    let rubric: ScoringRubric
    /// Replies asked for in all: the first and, after a schema violation, corrections.
    let maxReplies: Int
    private let failures = Counter(label: "parley_llm_scoring_failures_total")

    /// `settings` are the interviewer's chat settings; scoring asks for a deterministic
    /// (temperature 0), longer reply and allows it more time.
    init(settings: OpenAIChatClient.Settings, rubric: ScoringRubric = ScoringRubric(), maxReplies: Int = 2,
         deadline: Duration = .seconds(90)) {
        var scoring = settings
        scoring.temperature = 0
        scoring.maxTokens = 3000
        scoring.firstTokenDeadline = deadline
        scoring.deadline = deadline
        scoring.requestTimeout = deadline
        chat = OpenAIChatClient(settings: scoring)
        self.rubric = rubric
        self.maxReplies = maxReplies
    }

    var scorerName: String { "llm:\(chat.settings.model)" }

    /// The model's report on `answers` (one per planned question, "" when unanswered), or nil
    /// when there is nothing to judge or the model could not give a valid report.
    func score(context: InterviewContext, answers: [String], logger: Logger) async -> InterviewReport? {
        guard rubric.hasAnswers(answers) else { return nil }
        let format: String
        do {
            format = String(decoding: try JSONSerialization.data(withJSONObject: rubric.responseFormat, options: [.sortedKeys]), as: UTF8.self)
        } catch {
            logger.error("could not encode the scoring schema", metadata: ["error": "\(error)"])
            return nil
        }
        var messages: [ChatMessage] = [
            .system(rubric.instructions),
            .user(rubric.prompt(role: context.role, questions: context.questions, answers: answers, techstack: context.techstack)),
        ]
        for attempt in 1...max(1, maxReplies) {
            var reply = ""
            do {
                for try await delta in chat.streamCompletion(messages: messages, responseFormat: format) { reply += delta }
            } catch {
                logger.warning("chat model failed to score the interview; the embedded scorer's report stands",
                               metadata: ["error": "\(error)"])
                failures.increment()
                return nil
            }
            do {
                return try rubric.report(fromReply: reply, questions: context.questions, answers: answers,
                                         techstack: context.techstack, scorerName: scorerName)
            } catch {
                logger.warning("chat model's scores break the schema", metadata: ["attempt": "\(attempt)", "violation": "\(error)"])
                messages.append(.assistant(reply))
                messages.append(.user("That reply breaks the schema at \(error). Reply again with only JSON that matches the schema."))
            }
        }
        failures.increment()
        return nil
    }
}
