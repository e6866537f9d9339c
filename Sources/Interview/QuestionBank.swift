import Foundation

/// The built-in question bank: for every role family, technical and behavioral questions
/// tagged by level and expected topics, plus generic behavioral questions, warm-up openers
/// and tech-stack templates ("How have you used {tech} in production?").
public struct QuestionBank: Sendable {
    public let questions: [BankQuestion]

    public init(questions: [BankQuestion]) { self.questions = questions }

    /// The bank shipped with Parley.
    public static let standard = QuestionBank(questions:
        backend + frontend + mobile + data + devops + fullstack + engineeringManager + product + general)

    /// Questions for `family` (`nil` = generic only) of `type`, including generic ones when `includeGeneric`.
    public func questions(family: RoleFamily?, type: QuestionType, includeGeneric: Bool = true) -> [BankQuestion] {
        questions.filter { q in
            q.type == type && (q.family == family || (includeGeneric && q.family == nil))
        }
    }

    /// Looks a question up by its id.
    public func question(id: String) -> BankQuestion? { questions.first { $0.id == id } }

    /// A compact row: level letters (`j`, `m`, `s`), spoken text, comma-separated topics.
    typealias Row = (levels: String, text: String, topics: String)

    static func make(_ family: RoleFamily?, _ type: QuestionType, _ rows: [Row], opener: Bool = false) -> [BankQuestion] {
        let prefix = (family?.rawValue ?? "general") + "." + (type == .technical ? "t" : "b") + (opener ? "o" : "")
        return rows.enumerated().map { i, row in
            var levels: Set<InterviewLevel> = []
            if row.levels.contains("j") { levels.insert(.junior) }
            if row.levels.contains("m") { levels.insert(.mid) }
            if row.levels.contains("s") { levels.insert(.senior) }
            let topics = row.topics.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return BankQuestion(id: "\(prefix)\(i + 1)", family: family, type: type, levels: levels, text: row.text, topics: topics, isOpener: opener)
        }
    }
}
