import Foundation
import PocketSphinx

/// A small PocketSphinx language model biased to one interview: a trigram model over the
/// interview's questions, its role and tech stack, and generic answer sentences and templates
/// (the text of `Benchmarks/stt/interview_lm.py`, which measured 90.7 % → 78.5 % WER against the
/// generic model), with a dictionary holding just its words. Built per call in well under a
/// second; used for live captions (streaming partials) and as the embedded final.
public struct InterviewLanguageModel: Sendable {
    public let model: TrigramLanguageModel
    /// `word phones` lines (alternates as `word(2) …`) for every word of the model.
    public let dictionary: String
    /// Words of the training text that have no pronunciation (left out of the model).
    public let droppedWords: [String]

    /// The training text for an interview.
    public static func trainingSentences(questions: [String], role: String, techstack: [String]) -> [[String]] {
        var texts = InterviewLanguageModelText.generic
        texts += questions
        let roleWords = role.isEmpty ? "software engineer" : role
        texts += ["i am a \(roleWords)", "i work as a \(roleWords)", "i have been a \(roleWords) for \(InterviewLanguageModelText.numbers[2]) years",
                  "as a \(roleWords) i"]
        let tech = InterviewLanguageModelText.tech + techstack
        for t in tech {
            for number in InterviewLanguageModelText.numbers.prefix(5) {
                for unit in ["years", "months"] { texts.append("i have worked with \(t) for \(number) \(unit)") }
            }
            for thing in InterviewLanguageModelText.things { texts.append("we used \(t) for \(thing)") }
        }
        for verb in InterviewLanguageModelText.verbs {
            for thing in InterviewLanguageModelText.things {
                texts.append("i \(verb) \(thing)")
                texts.append("we \(verb) \(thing) with a small team")
            }
        }
        let preferred = Array(tech.prefix(10))
        for a in preferred {
            for b in preferred where a != b { texts.append("i prefer \(a) to \(b) for this kind of work") }
        }
        for number in InterviewLanguageModelText.numbers {
            for unit in InterviewLanguageModelText.units {
                texts.append("it took \(number) \(unit)")
                texts.append("we cut the latency by \(number) \(unit)")
            }
        }
        for stack in techstack {
            texts += InterviewLanguageModelText.phrases.map { "\($0) \(stack)" }
        }
        texts += InterviewLanguageModelText.phrases
        return texts.map(words(in:)).filter { !$0.isEmpty }
    }

    /// Lower-case words of `text`: letters and apostrophes; digits become number words.
    public static func words(in text: String) -> [String] {
        var cleaned = ""
        for character in text.lowercased() {
            if character.isASCII && (character.isLetter || character == "'") {
                cleaned.append(character)
            } else if let digit = character.wholeNumberValue, character.isASCII {
                cleaned += " \(InterviewLanguageModelText.digitWords[digit]) "
            } else {
                cleaned.append(" ")
            }
        }
        return cleaned.split(separator: " ").map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }.filter { !$0.isEmpty }
    }

    /// Builds the model; words without a pronunciation split their sentence.
    public init(questions: [String], role: String, techstack: [String], pronunciations: PronunciationDictionary) {
        var known: [String: [String]] = [:]
        var dropped: Set<String> = []
        var sentences: [[String]] = []
        for sentence in Self.trainingSentences(questions: questions, role: role, techstack: techstack) {
            var fragment: [String] = []
            for word in sentence {
                if known[word] == nil, !dropped.contains(word) {
                    let phones = pronunciations.pronunciations(of: word)
                    if phones.isEmpty { dropped.insert(word) } else { known[word] = phones }
                }
                if known[word] != nil {
                    fragment.append(word)
                } else if !fragment.isEmpty {
                    sentences.append(fragment)
                    fragment = []
                }
            }
            if !fragment.isEmpty { sentences.append(fragment) }
        }
        model = TrigramLanguageModel(sentences: sentences)
        var lines: [String] = []
        for word in known.keys.sorted() {
            for (index, phones) in (known[word] ?? []).enumerated() {
                lines.append(index == 0 ? "\(word) \(phones)" : "\(word)(\(index + 1)) \(phones)")
            }
        }
        dictionary = lines.joined(separator: "\n") + "\n"
        droppedWords = dropped.sorted()
    }

    /// Writes `interview.arpa` and `interview.dict` into `directory` (created if needed) and
    /// returns the recogniser configuration that loads them.
    public func write(to directory: String) throws -> SpeechRecognizerConfiguration {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let arpaPath = (directory as NSString).appendingPathComponent("interview.arpa")
        let dictionaryPath = (directory as NSString).appendingPathComponent("interview.dict")
        try Data(model.arpa.utf8).write(to: URL(fileURLWithPath: arpaPath))
        try Data(dictionary.utf8).write(to: URL(fileURLWithPath: dictionaryPath))
        return SpeechRecognizerConfiguration(dictionary: dictionaryPath, language: .languageModel(path: arpaPath))
    }
}
