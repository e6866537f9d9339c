import Interview
import Speech

/// Lets an OpenAI-compatible chat model (OpenAI, Ollama, vLLM…) word the interviewer's lines while
/// the rule-based interviewer keeps deciding *what* happens next: for each reply the machine asks
/// for, the rule-based plan becomes the model's instruction (its questions kept verbatim), its
/// text the fallback when the model fails, and its kinds the tags of the streamed segments.
struct LLMInterviewerBridge: Sendable {
    let policy: OpenAIChatPolicy
    /// Scores the held interview with the same model (nil: the embedded scorer's report stands).
    var reportScorer: LLMReportScorer?
    let planner = RuleBasedInterviewer()

    /// The rule-based plan for `input`.
    func plan(for input: PolicyInput) -> PolicyReply { planner.reply(for: input) }

    /// The prompt for the model, or nil when the plan must be spoken as it is (closings: the
    /// machine completes when a closing line finishes, so its wording stays deterministic).
    func prompt(for input: PolicyInput, plan: PolicyReply) -> InterviewTurnPrompt? {
        guard !plan.segments.isEmpty, !plan.segments.contains(where: { $0.kind == .closing }) else { return nil }
        let history = input.transcript.map { line -> ChatMessage in
            line.role == .interviewer ? .assistant(line.text) : .user(line.text)
        }
        let main = plan.segments.last { $0.kind != .ack } ?? plan.segments[plan.segments.count - 1]
        let instruction: String
        switch main.kind {
        case .greeting:
            instruction = "Greet the candidate warmly in at most two short sentences, saying this in your own words: \"\(main.text)\""
        case .question, .followUp, .reprompt:
            let lead = plan.segments.count > 1 ? "Acknowledge the candidate's last answer in one short, natural sentence, then " : ""
            instruction = lead + "ask exactly this, word for word: \"\(main.text)\""
        case .ack, .closing:
            instruction = "Say this in your own words, briefly: \"\(plan.segments.map(\.text).joined(separator: " "))\""
        }
        return InterviewTurnPrompt(history: history, instruction: instruction,
                                   fallback: plan.segments.map(\.text), recovery: main.text)
    }

    /// The kind of the `index`-th streamed segment: the plan's main kind, except that only the
    /// first segment of a follow-up counts as the follow-up (the machine allows one per question).
    func kind(ofSegment index: Int, plan: PolicyReply) -> UtteranceKind {
        let main = plan.segments.last { $0.kind != .ack }?.kind ?? .ack
        if main == .followUp { return index == 0 ? .followUp : .ack }
        return main
    }
}
