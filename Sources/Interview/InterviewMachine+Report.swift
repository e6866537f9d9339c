import Foundation

extension InterviewMachine {
    /// Scores the answers collected so far against the plan.
    public func report(scorer: Scorer = Scorer()) -> InterviewReport {
        scorer.report(questions: context.questions, answers: state.answers, techstack: context.techstack)
    }
}
