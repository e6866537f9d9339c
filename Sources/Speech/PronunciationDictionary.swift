import Foundation
import PocketSphinx

/// Pronunciations (CMUdict ARPAbet) for the words of a PocketSphinx language model: the Debian
/// model's CMUdict, hand-written entries for tech words it lacks, and two guesses for the rest —
/// a short all-letter word is spelled out ("aws" → A W S), a compound is split into known words
/// ("gitlab" → git + lab). A word with none of these has no pronunciation and is left out.
public struct PronunciationDictionary: Sendable {
    /// Pronunciations by lower-case word, alternates in CMUdict order.
    private let entries: [String: [String]]

    public init(entries: [String: [String]]) {
        self.entries = entries
    }

    /// CMUdict as shipped with the Debian acoustic model, read once per process (nil when missing).
    public static let cmu: PronunciationDictionary? = {
        guard let data = FileManager.default.contents(atPath: SpeechRecognizerConfiguration().dictionary) else { return nil }
        return PronunciationDictionary(cmudictText: data)
    }()

    /// Parses CMUdict text: `word PH O N ES`, alternates as `word(2) …`.
    public init(cmudictText data: Data) {
        var entries: [String: [String]] = [:]
        entries.reserveCapacity(140_000)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            for index in 0...bytes.count {
                guard index == bytes.count || bytes[index] == 0x0A else { continue }
                defer { lineStart = index + 1 }
                guard index > lineStart, let space = bytes[lineStart..<index].firstIndex(of: 0x20) else { continue }
                var wordEnd = space
                if bytes[space - 1] == 0x29, let open = bytes[lineStart..<space].lastIndex(of: 0x28) { wordEnd = open }  // "word(2)"
                let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<wordEnd]), as: UTF8.self)
                let phones = String(decoding: UnsafeBufferPointer(rebasing: bytes[(space + 1)..<index]), as: UTF8.self)
                    .trimmingCharacters(in: .whitespaces)
                guard !word.isEmpty, !phones.isEmpty else { continue }
                entries[word, default: []].append(phones)
            }
        }
        self.entries = entries
    }

    /// Tech words CMUdict lacks (ARPAbet, CMUdict style).
    public static let extra: [String: String] = [
        "kubernetes": "K UW B ER N EH T IY Z", "postgres": "P OW S T G R EH S", "postgresql": "P OW S T G R EH S K Y UW EH L",
        "microservices": "M AY K R OW S ER V IH S IH Z", "microservice": "M AY K R OW S ER V IH S",
        "typescript": "T AY P S K R IH P T", "graphql": "G R AE F K Y UW EH L", "terraform": "T EH R AH F AO R M",
        "redis": "R EH D IH S", "golang": "G OW L AE NG", "frontend": "F R AH N T EH N D", "backend": "B AE K EH N D",
        "observability": "AH B Z ER V AH B IH L IH T IY", "grafana": "G R AH F AA N AH", "mongodb": "M AA NG G OW D IY B IY",
        "pandas": "P AE N D AH Z", "blameless": "B L EY M L AH S", "monolith": "M AA N AH L IH TH", "debugged": "D IY B AH G D",
        "mysql": "M AY EH S K Y UW EH L", "optimise": "AA P T AH M AY Z", "optimised": "AA P T AH M AY Z D",
        "retries": "R IY T R AY Z", "kotlin": "K AA T L IH N", "django": "JH AE NG G OW", "nginx": "EH N JH AH N EH K S",
        "numpy": "N AH M P AY", "pytorch": "P AY T AO R CH", "jira": "JH IH R AH", "figma": "F IH G M AH",
        "ansible": "AE N S AH B AH L", "laravel": "L AE R AH V EH L", "sqlite": "EH S K Y UW EH L AY T",
        "kafka": "K AA F K AH", "webpack": "W EH B P AE K", "dotnet": "D AA T N EH T", "devops": "D EH V AA P S",
        "frontends": "F R AH N T EH N D Z", "backends": "B AE K EH N D Z", "async": "EY S IH NG K",
        "latencies": "L EY T AH N S IY Z", "refactor": "R IY F AE K T ER", "refactored": "R IY F AE K T ER D",
        "onboarding": "AA N B AO R D IH NG", "stakeholders": "S T EY K HH OW L D ER Z", "stakeholder": "S T EY K HH OW L D ER",
    ]

    /// Letter names, as in spelling.
    static let letterNames: [Character: String] = [
        "a": "EY", "b": "B IY", "c": "S IY", "d": "D IY", "e": "IY", "f": "EH F", "g": "JH IY", "h": "EY CH", "i": "AY",
        "j": "JH EY", "k": "K EY", "l": "EH L", "m": "EH M", "n": "EH N", "o": "OW", "p": "P IY", "q": "K Y UW", "r": "AA R",
        "s": "EH S", "t": "T IY", "u": "Y UW", "v": "V IY", "w": "D AH B AH L Y UW", "x": "EH K S", "y": "W AY", "z": "Z IY",
    ]

    /// Pronunciations of `word` (lower case), or [] when it has none.
    public func pronunciations(of word: String) -> [String] {
        if let known = entries[word] { return known }
        if let extra = Self.extra[word] { return [extra] }
        if let spelled = spelled(word) { return [spelled] }
        if let compound = compound(word) { return [compound] }
        return []
    }

    private func first(_ word: String) -> String? {
        entries[word]?.first ?? Self.extra[word]
    }

    /// Letters read one by one, for acronyms of up to four letters ("aws", "gcp", "ci").
    private func spelled(_ word: String) -> String? {
        guard (1...4).contains(word.count) else { return nil }
        let letters = word.map { Self.letterNames[$0] }
        guard letters.allSatisfy({ $0 != nil }) else { return nil }
        return letters.compactMap { $0 }.joined(separator: " ")
    }

    /// Two known parts of at least two letters each, longest left part first ("gitlab", "tensorflow").
    private func compound(_ word: String) -> String? {
        let characters = Array(word)
        guard characters.count >= 5, characters.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        for cut in stride(from: characters.count - 2, through: 2, by: -1) {
            let left = String(characters[..<cut]), right = String(characters[cut...])
            guard let leftPhones = first(left) else { continue }
            if let rightPhones = first(right) ?? spelled(right) { return leftPhones + " " + rightPhones }
        }
        return nil
    }
}
