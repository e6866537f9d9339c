import Foundation

/// The embedded interviewer: greets (by name when known, with the role and question count),
/// asks the planned questions with short spoken transitions, acknowledges answers with varied
/// but deterministic phrases, asks one follow-up when an answer is short or off-topic, reprompts
/// on silence and then moves on, skips the rest politely once over the time budget, and closes.
public struct RuleBasedInterviewer: InterviewerPolicy {
    public init() {}

    public func reply(for input: PolicyInput) -> PolicyReply {
        switch input.trigger {
        case .start: return PolicyReply(start(input))
        case .answer: return PolicyReply(answer(input))
        case .silence: return PolicyReply(silence(input))
        case .resume: return PolicyReply(resume(input))
        case .candidateEnded: return PolicyReply([PolicySegment(closingText(input, reason: .candidateEnded), kind: .closing)])
        case .timeUp: return PolicyReply([PolicySegment(closingText(input, reason: .timeUp), kind: .closing)])
        }
    }

    // MARK: - Triggers

    func start(_ input: PolicyInput) -> [PolicySegment] {
        guard !input.questions.isEmpty else {
            return [PolicySegment(greetingText(input), kind: .greeting), PolicySegment(closingText(input, reason: .finished), kind: .closing)]
        }
        return [PolicySegment(greetingText(input), kind: .greeting), askSegment(input, index: 0)]
    }

    func answer(_ input: PolicyInput) -> [PolicySegment] {
        guard let index = input.questionIndex, let question = input.currentQuestion else {
            // The candidate spoke before the first question (e.g. over the greeting).
            guard !input.questions.isEmpty else { return [PolicySegment(closingText(input, reason: .finished), kind: .closing)] }
            return [PolicySegment("Great.", kind: .ack), askSegment(input, index: 0)]
        }
        let latest = input.latestAnswer
        if Self.isRepeatRequest(latest) {
            return [PolicySegment("Sure. " + question.text, kind: .question(index))]
        }
        if Self.isSkipRequest(latest) {
            return moveOn(input, from: index, ack: "No problem, let's move on.")
        }
        if let budget = input.timeBudgetMs, input.elapsedMs >= budget {
            return [PolicySegment(ackText(input), kind: .ack), PolicySegment(closingText(input, reason: .overBudget), kind: .closing)]
        }
        if input.followUpsAsked < input.maxFollowUps {
            let answer = input.answerSoFar.isEmpty ? latest : input.answerSoFar
            let analysis = AnswerAnalysis(answer: answer, question: question, techstack: input.techstack)
            if Self.isDontKnow(latest), analysis.wordCount < input.shortAnswerWords * 2 {
                return [PolicySegment(pick(["That's okay — how would you go about figuring it out?",
                                            "That's fine. How would you start if you had to find out?"], input), kind: .followUp)]
            }
            if analysis.wordCount < input.shortAnswerWords {
                return [PolicySegment(shortFollowUp(input, question: question), kind: .followUp)]
            }
            if analysis.isOffTopic(minimumWords: input.shortAnswerWords) {
                return [PolicySegment(offTopicFollowUp(input, question: question), kind: .followUp)]
            }
        }
        return moveOn(input, from: index, ack: ackText(input))
    }

    func silence(_ input: PolicyInput) -> [PolicySegment] {
        guard let index = input.questionIndex else {
            return input.questions.isEmpty ? [PolicySegment(closingText(input, reason: .finished), kind: .closing)] : [askSegment(input, index: 0)]
        }
        // Already answered (silence after a follow-up): just move on.
        if !input.answerSoFar.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return moveOn(input, from: index, ack: "That's okay — let's move on.")
        }
        if input.silenceCount <= input.repromptLimit {
            let text = input.silenceCount <= 1
                ? "Take your time — would you like me to repeat the question?"
                : "No rush. I can repeat the question if that helps."
            return [PolicySegment(text, kind: .reprompt)]
        }
        return moveOn(input, from: index, ack: "That's alright — let's move on.")
    }

    func resume(_ input: PolicyInput) -> [PolicySegment] {
        guard let index = input.questionIndex, let question = input.currentQuestion else {
            guard !input.questions.isEmpty else { return [PolicySegment(closingText(input, reason: .finished), kind: .closing)] }
            return [PolicySegment("Welcome back! Let's get started.", kind: .greeting), askSegment(input, index: 0)]
        }
        return [PolicySegment("Welcome back — let's pick up where we left off.", kind: .ack),
                PolicySegment("Here's the question again. " + question.text, kind: .question(index))]
    }

    // MARK: - Building blocks

    /// Ack, then the next question — or the closing when none is left or time is up.
    func moveOn(_ input: PolicyInput, from index: Int, ack: String) -> [PolicySegment] {
        let next = index + 1
        if next >= input.questions.count {
            return [PolicySegment(ack, kind: .ack), PolicySegment(closingText(input, reason: .finished), kind: .closing)]
        }
        if let budget = input.timeBudgetMs, input.elapsedMs >= budget {
            return [PolicySegment(ack, kind: .ack), PolicySegment(closingText(input, reason: .overBudget), kind: .closing)]
        }
        return [PolicySegment(ack, kind: .ack), askSegment(input, index: next)]
    }

    /// Question `index` with a short spoken transition.
    func askSegment(_ input: PolicyInput, index: Int) -> PolicySegment {
        let question = input.questions[index]
        var prefix = ""
        if index > 0 {
            let previous = input.questions[index - 1]
            if index == input.questions.count - 1, input.questions.count > 2 {
                prefix = "And the last one. "
            } else if previous.type != question.type {
                prefix = question.type == .technical ? "Let's switch to something more technical. " : "Let's switch gears a little. "
            } else {
                prefix = ["Next question. ", "Here's the next one. ", "Okay, moving on. "][index % 3]
            }
        }
        return PolicySegment(prefix + question.text, kind: .question(index))
    }

    func greetingText(_ input: PolicyInput) -> String {
        let hello = Self.cleanName(input.candidateName).map { "Hi \($0), thanks for joining." } ?? "Hi there, thanks for joining."
        let role = input.role.trimmingCharacters(in: .whitespacesAndNewlines)
        let roleLine = role.isEmpty ? "I'll be your interviewer today." : "I'll be interviewing you for the \(role) role today."
        let n = input.questions.count
        let countLine = n == 1
            ? "I have one question for you — take your time, and feel free to ask me to repeat it."
            : "I have \(Self.numberWord(n)) questions for you — take your time with each one, and feel free to ask me to repeat anything."
        return "\(hello) \(roleLine) \(countLine) Let's get started."
    }

    enum ClosingReason { case finished, overBudget, timeUp, candidateEnded }

    func closingText(_ input: PolicyInput, reason: ClosingReason) -> String {
        let thanks = Self.cleanName(input.candidateName).map { "Thank you so much for your time today, \($0)" } ?? "Thank you so much for your time today"
        switch reason {
        case .finished:
            return "That's all my questions. \(thanks) — it was great talking with you. We'll be in touch about next steps. Goodbye!"
        case .overBudget:
            return "We're a little over time, so I'll stop there. \(thanks) — it was great talking with you. We'll be in touch about next steps. Goodbye!"
        case .timeUp:
            return "We've reached the end of our time, so I'll have to stop us here. \(thanks). We'll be in touch about next steps. Goodbye!"
        case .candidateEnded:
            return "Of course — we can end here. \(thanks). Goodbye!"
        }
    }

    func shortFollowUp(_ input: PolicyInput, question: PlannedQuestion) -> String {
        if question.type == .behavioral {
            return pick(["Could you tell me a bit more? What was the situation, and what did you do?",
                         "Can you walk me through a specific example — what happened, and how did it turn out?",
                         "Could you expand on that? I'd love to hear what you did and what the result was."], input)
        }
        if let tech = question.tech {
            return pick(["Could you go a little deeper? How did that look with \(tech) specifically?",
                         "Can you say a bit more — maybe a concrete example with \(tech)?"], input)
        }
        return pick(["Could you go a little deeper on that? How would it work in practice?",
                     "Can you say a bit more — maybe walk me through a concrete example?",
                     "Could you expand on that a little? What would you actually do, step by step?"], input)
    }

    func offTopicFollowUp(_ input: PolicyInput, question: PlannedQuestion) -> String {
        let focus: String
        if let tech = question.tech {
            focus = tech
        } else {
            let topics = question.topics.prefix(2)
            focus = topics.count == 2 ? "\(topics[topics.startIndex]) and \(topics[topics.startIndex + 1])" : (topics.first ?? "the question")
        }
        return pick(["Thanks. To bring us back to the question — could you talk about \(focus)?",
                     "I appreciate that. Let me steer us back a bit: how does this relate to \(focus)?"], input)
    }

    /// An acknowledgement that fits the answer's length and wasn't used recently.
    func ackText(_ input: PolicyInput) -> String {
        let words = TextAnalyzer.wordCount(input.answerSoFar.isEmpty ? input.latestAnswer : input.answerSoFar)
        let pool: [String]
        if words >= 60 {
            pool = ["Thanks for walking me through that.", "That's really helpful, thank you.", "Appreciate the detail.", "Interesting — thanks for sharing that."]
        } else if words >= 20 {
            pool = ["Thanks, that's helpful.", "Got it, thank you.", "That makes sense.", "Okay, great.", "Interesting — thanks."]
        } else {
            pool = ["Okay, thank you.", "Got it.", "Alright, thanks.", "Understood."]
        }
        return pick(pool, input)
    }

    /// Deterministic choice rotated by the turn, skipping lines said recently.
    func pick(_ options: [String], _ input: PolicyInput) -> String {
        let start = (input.turn + 2 * (input.questionIndex ?? 0)) % options.count
        let recent = input.recentInterviewerLines.suffix(4)
        for offset in 0..<options.count {
            let candidate = options[(start + offset) % options.count]
            if !recent.contains(where: { $0.contains(candidate) }) { return candidate }
        }
        return options[start]
    }

    // MARK: - Recognisers

    static func isRepeatRequest(_ text: String) -> Bool {
        let lowered = " " + TextAnalyzer.words(text).joined(separator: " ") + " "
        guard TextAnalyzer.wordCount(text) <= 12 else { return false }
        return [" repeat", " say that again", " say it again", " pardon", " didnt catch", " did not catch", " come again",
                " one more time", " didnt hear", " didn't hear", " what was the question"].contains { lowered.contains($0) }
    }

    static func isSkipRequest(_ text: String) -> Bool {
        let words = TextAnalyzer.words(text)
        guard words.count <= 8 else { return false }
        let lowered = " " + words.joined(separator: " ") + " "
        return [" skip", " pass ", " next question", " move on", " lets move on"].contains { lowered.contains($0) }
    }

    static func isDontKnow(_ text: String) -> Bool {
        let lowered = " " + TextAnalyzer.words(text).joined(separator: " ") + " "
        return [" dont know", " do not know", " not sure", " no idea", " never done", " havent done", " have not done"].contains { lowered.contains($0) }
    }

    static func cleanName(_ name: String?) -> String? {
        guard let name = name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return nil }
        return name
    }

    static func numberWord(_ n: Int) -> String {
        let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                     "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
        return words.indices.contains(n) ? words[n] : String(n)
    }
}
