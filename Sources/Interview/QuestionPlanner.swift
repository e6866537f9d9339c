import Foundation

/// Builds the question plan for an interview from the bank: role family (from the free-text
/// role), type, level, tech stack and count. Deterministic for a given seed.
///
/// Rules: technical and behavioral plans use only that type; mixed plans alternate, starting
/// with a behavioral warm-up. Behavioral and mixed plans of three or more questions open with a
/// generic "tell me about yourself" question. When a stack is given, about a third of the
/// questions (at least one) are templated on stack items, cycling through the stack. Questions
/// at the requested level come first, then the nearest levels; no bank question is used twice.
public struct QuestionPlanner: Sendable {
    public var bank: QuestionBank

    /// Largest plan the planner builds.
    public static let maxCount = 30

    public init(bank: QuestionBank = .standard) { self.bank = bank }

    /// Plans with the standard bank.
    public static func plan(role: String, type: InterviewType, level: InterviewLevel, techstack: [String], count: Int, seed: UInt64) -> [PlannedQuestion] {
        QuestionPlanner().plan(role: role, type: type, level: level, techstack: techstack, count: count, seed: seed)
    }

    /// A seed derived from text (e.g. the interview id) with FNV-1a, stable across runs.
    public static func seed(from text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    public func plan(role: String, type: InterviewType, level: InterviewLevel, techstack: [String], count: Int, seed: UInt64) -> [PlannedQuestion] {
        let count = min(max(count, 1), Self.maxCount)
        let stack = Self.cleanStack(techstack)
        let family = RoleFamily.classify(role: role, techstack: stack)
        var rng = SeededGenerator(seed: seed)

        // 1. Slot types.
        var slots: [QuestionType] = (0..<count).map { i in
            switch type {
            case .technical: return .technical
            case .behavioral: return .behavioral
            case .mixed: return i % 2 == 0 ? .behavioral : .technical
            }
        }
        if type == .mixed, count == 1 { slots = [.technical] }
        let useOpener = type != .technical && count >= 3

        // 2. Which slots are templated on the stack: spread over the slots of the stack's preferred type.
        var techSlots: Set<Int> = []
        if !stack.isEmpty {
            let preferred: QuestionType = type == .behavioral ? .behavioral : .technical
            let eligible = slots.indices.filter { slots[$0] == preferred && !(useOpener && $0 == 0) }
            let wanted = min(eligible.count, max(1, Int((Double(count) / 3).rounded())))
            if wanted > 0 {
                // Evenly spread, starting from the second eligible slot when there is room.
                let start = eligible.count > wanted ? 1 : 0
                for j in 0..<wanted {
                    let position = start + (j * (eligible.count - start)) / wanted
                    techSlots.insert(eligible[min(position, eligible.count - 1)])
                }
            }
        }

        // 3. Candidate pools, best first, each tier shuffled with the seed.
        var used: Set<String> = []
        var usedTexts: Set<String> = []
        var stackCursor = 0
        var result: [PlannedQuestion] = []

        func tiers(_ qType: QuestionType, templated: Bool, opener: Bool) -> [BankQuestion] {
            let base = bank.questions.filter { q in
                q.type == qType && q.usesTech == templated && q.isOpener == opener
            }
            let own = base.filter { $0.family == family || $0.family == nil }
            let levelOrder = [level] + level.fallbacks
            var ordered: [BankQuestion] = []
            for lvl in levelOrder {
                let tier = own.filter { $0.levels.contains(lvl) && !ordered.contains($0) }
                ordered += rng.shuffled(tier)
            }
            // Last resort: other families' questions of the same type.
            let others = base.filter { !ordered.contains($0) && $0.levels.contains(level) }
            ordered += rng.shuffled(others)
            return ordered
        }

        var pools: [String: [BankQuestion]] = [:]
        func pool(_ qType: QuestionType, templated: Bool, opener: Bool) -> [BankQuestion] {
            let key = "\(qType.rawValue)-\(templated)-\(opener)"
            if let existing = pools[key] { return existing }
            let made = tiers(qType, templated: templated, opener: opener)
            pools[key] = made
            return made
        }

        for (i, slotType) in slots.enumerated() {
            var chosen: (BankQuestion, String?)?
            if useOpener && i == 0 {
                chosen = pool(.behavioral, templated: false, opener: true).first { !used.contains($0.id) }.map { ($0, nil) }
            } else if techSlots.contains(i) {
                let tech = stack[stackCursor % stack.count]
                if let q = pool(slotType, templated: true, opener: false).first(where: { !used.contains($0.id) && !usedTexts.contains($0.text(tech: tech)) }) {
                    chosen = (q, tech)
                    stackCursor += 1
                }
            }
            if chosen == nil {
                chosen = pool(slotType, templated: false, opener: false).first { !used.contains($0.id) }.map { ($0, nil) }
            }
            if chosen == nil {
                // Bank exhausted for this type: try the other type rather than repeat.
                let other: QuestionType = slotType == .technical ? .behavioral : .technical
                chosen = pool(other, templated: false, opener: false).first { !used.contains($0.id) }.map { ($0, nil) }
            }
            guard let (question, tech) = chosen else { break }
            used.insert(question.id)
            let text = question.text(tech: tech)
            usedTexts.insert(text)
            var topics = question.topics
            if let tech { topics.insert(tech, at: 0) }
            result.append(PlannedQuestion(index: result.count, text: text, type: question.type, topics: topics, tech: tech, bankId: question.id))
        }
        return result
    }

    /// Trims, drops empties and duplicates (case-insensitive), keeping order.
    static func cleanStack(_ techstack: [String]) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for item in techstack {
            let trimmed = item.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, seen.insert(trimmed.lowercased()).inserted else { continue }
            result.append(trimmed)
        }
        return result
    }
}
