/// One message of an OpenAI-style chat conversation (`{"role": …, "content": …}`).
public struct ChatMessage: Sendable, Equatable, Codable {
    public enum Role: String, Sendable, Equatable, Codable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String

    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(.system, content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(.user, content) }
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(.assistant, content) }
}
