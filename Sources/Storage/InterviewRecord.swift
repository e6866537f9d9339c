import Foundation
import GRDB

/// A stored interview: what the recruiter asked for, its question plan, its join token and status.
public struct InterviewRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "interview"

    /// A question of the interview's plan, in order.
    public struct Question: Codable, Sendable, Equatable {
        public var index: Int
        public var text: String
        public init(index: Int, text: String) {
            self.index = index
            self.text = text
        }
    }

    public var id: String
    public var role: String
    public var type: String
    public var level: String
    public var techstack: [String]
    public var questionCount: Int
    public var candidateName: String?
    public var status: String
    public var joinToken: String
    public var joinTokenExpiresAt: Date
    public var questions: [Question]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, role: String, type: String, level: String, techstack: [String], questionCount: Int,
        candidateName: String?, status: String, joinToken: String, joinTokenExpiresAt: Date,
        questions: [Question], createdAt: Date
    ) {
        self.id = id
        self.role = role
        self.type = type
        self.level = level
        self.techstack = techstack
        self.questionCount = questionCount
        self.candidateName = candidateName
        self.status = status
        self.joinToken = joinToken
        self.joinTokenExpiresAt = joinTokenExpiresAt
        self.questions = questions
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

/// A stored utterance of an interview transcript (either side).
public struct UtteranceRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "utterance"

    public var id: Int64?
    public var interviewId: String
    public var seq: Int
    public var role: String
    public var text: String
    public var startMs: Int
    public var endMs: Int
    public var interrupted: Bool
    public var heardText: String?
    public var questionIndex: Int?

    public init(
        interviewId: String, seq: Int, role: String, text: String, startMs: Int, endMs: Int,
        interrupted: Bool = false, heardText: String? = nil, questionIndex: Int? = nil
    ) {
        self.interviewId = interviewId
        self.seq = seq
        self.role = role
        self.text = text
        self.startMs = startMs
        self.endMs = endMs
        self.interrupted = interrupted
        self.heardText = heardText
        self.questionIndex = questionIndex
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
