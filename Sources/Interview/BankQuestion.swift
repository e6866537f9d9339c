import Foundation

/// One question in the built-in bank, written the way an interviewer says it aloud.
/// `text` may contain the placeholder `{tech}`, filled with an item of the candidate's stack.
public struct BankQuestion: Codable, Sendable, Equatable, Hashable {
    /// Stable identifier such as `backend.t3` (family, type, position).
    public let id: String
    /// The role family it belongs to; `nil` for generic questions usable with any role.
    public let family: RoleFamily?
    public let type: QuestionType
    /// Levels the question suits.
    public let levels: Set<InterviewLevel>
    public let text: String
    /// Concepts a good answer is expected to touch; the scorer's relevance check and the
    /// interviewer's off-topic check use them.
    public let topics: [String]
    /// A warm-up question suitable as the first one in a behavioral or mixed interview.
    public let isOpener: Bool

    /// The placeholder replaced with a tech-stack item.
    public static let techPlaceholder = "{tech}"

    /// Whether the text is templated on a tech-stack item.
    public var usesTech: Bool { text.contains(Self.techPlaceholder) }

    public init(id: String, family: RoleFamily?, type: QuestionType, levels: Set<InterviewLevel>, text: String, topics: [String], isOpener: Bool = false) {
        self.id = id
        self.family = family
        self.type = type
        self.levels = levels
        self.text = text
        self.topics = topics
        self.isOpener = isOpener
    }

    /// The text with `{tech}` replaced by `tech`.
    public func text(tech: String?) -> String {
        guard let tech, usesTech else { return text }
        return text.replacingOccurrences(of: Self.techPlaceholder, with: tech)
    }
}
