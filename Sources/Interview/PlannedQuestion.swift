import Foundation

/// A question chosen for one interview, with the tech-stack placeholder already filled in.
/// Stored with the interview (REST `questions: [{"index","text"}]`) and fed to the scorer.
public struct PlannedQuestion: Codable, Sendable, Equatable, Hashable {
    /// Position in the plan, from 0.
    public var index: Int
    /// The spoken text.
    public var text: String
    public var type: QuestionType
    /// Concepts a good answer is expected to touch (the tech item is included when templated).
    public var topics: [String]
    /// The tech-stack item this question is about, when it was templated on one.
    public var tech: String?
    /// The bank question it came from (`custom` for hand-written questions).
    public var bankId: String

    public init(index: Int, text: String, type: QuestionType, topics: [String], tech: String? = nil, bankId: String = "custom") {
        self.index = index
        self.text = text
        self.type = type
        self.topics = topics
        self.tech = tech
        self.bankId = bankId
    }
}

/// SplitMix64: a tiny deterministic generator so a plan depends only on its seed,
/// not on the standard library's unspecified default generator.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<upperBound` (upperBound > 0).
    public mutating func below(_ upperBound: Int) -> Int {
        Int(next() % UInt64(upperBound))
    }

    /// Fisher–Yates shuffle with this generator (stable across Swift versions).
    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var a = items
        guard a.count > 1 else { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            a.swapAt(i, below(i + 1))
        }
        return a
    }
}
