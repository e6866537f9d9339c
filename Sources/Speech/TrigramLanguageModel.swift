import Foundation

/// A word trigram language model estimated from sentences, written as ARPA text (the format
/// PocketSphinx's `-lm` reads). Smoothing: interpolated absolute discounting (D = 0.5) over
/// maximum-likelihood unigrams; each history's backoff weight is computed so its distribution
/// sums to one. A Swift port of `Benchmarks/stt/interview_lm.py`.
public struct TrigramLanguageModel: Sendable {
    /// log10 probabilities and backoff weights by n-gram (words joined by single spaces).
    public private(set) var unigrams: [(word: String, logProbability: Double, logBackoff: Double?)] = []
    public private(set) var bigrams: [(words: [String], logProbability: Double, logBackoff: Double?)] = []
    public private(set) var trigrams: [(words: [String], logProbability: Double)] = []

    /// Builds the model from tokenised sentences (each without `<s>`/`</s>`).
    public init(sentences: [[String]], discount: Double = 0.5) {
        var counts1: [String: Int] = [:]
        var counts2: [[String]: Int] = [:]
        var counts3: [[String]: Int] = [:]
        for words in sentences where !words.isEmpty {
            let sequence = ["<s>"] + words + ["</s>"]
            for i in sequence.indices {
                if sequence[i] != "<s>" { counts1[sequence[i], default: 0] += 1 }
                if i >= 1 { counts2[Array(sequence[(i - 1)...i]), default: 0] += 1 }
                if i >= 2 { counts3[Array(sequence[(i - 2)...i]), default: 0] += 1 }
            }
        }
        let total = Double(counts1.values.reduce(0, +))
        var p1: [String: Double] = [:]
        for (word, count) in counts1 { p1[word] = Double(count) / total }

        let (p2, backoff1) = Self.higherOrder(counts2, discount: discount) { gram in p1[gram[1]] ?? 0 }
        let lower2: ([String]) -> Double = { gram in
            let tail = Array(gram.suffix(2))
            if let p = p2[tail] { return p }
            return (backoff1[[tail[0]]] ?? 1) * (p1[tail[1]] ?? 0)
        }
        let (p3, backoff2) = Self.higherOrder(counts3, discount: discount, lower: lower2)

        unigrams = [("<s>", -99, backoff1[["<s>"]].map(log10))]
        for word in p1.keys.sorted() {
            unigrams.append((word, log10(p1[word] ?? 0), backoff1[[word]].map(log10)))
        }
        bigrams = p2.keys.sorted(by: Self.ordered).map { ($0, log10(p2[$0] ?? 0), backoff2[$0].map(log10)) }
        trigrams = p3.keys.sorted(by: Self.ordered).map { ($0, log10(p3[$0] ?? 0)) }
    }

    /// Discounted probabilities of the n-grams seen, and the backoff weight of each history.
    private static func higherOrder(_ counts: [[String]: Int], discount: Double,
                                    lower: ([String]) -> Double) -> ([[String]: Double], [[String]: Double]) {
        var byHistory: [[String]: [([String], Int)]] = [:]
        for (gram, count) in counts { byHistory[Array(gram.dropLast()), default: []].append((gram, count)) }
        var probabilities: [[String]: Double] = [:]
        var backoffs: [[String]: Double] = [:]
        for (history, grams) in byHistory {
            let historyTotal = Double(grams.reduce(0) { $0 + $1.1 })
            let gamma = discount * Double(grams.count) / historyTotal
            var seenMass = 0.0, lowerMass = 0.0
            for (gram, count) in grams {
                let lowerProbability = lower(gram)
                let p = (Double(count) - discount) / historyTotal + gamma * lowerProbability
                probabilities[gram] = p
                seenMass += p
                lowerMass += lowerProbability
            }
            backoffs[history] = max(1e-12, 1 - seenMass) / max(1e-12, 1 - lowerMass)
        }
        return (probabilities, backoffs)
    }

    private static func ordered(_ a: [String], _ b: [String]) -> Bool {
        a.lexicographicallyPrecedes(b)
    }

    /// The vocabulary: every unigram, `<s>` and `</s>` included.
    public var vocabulary: [String] { unigrams.map(\.word) }

    /// The model as ARPA text.
    public var arpa: String {
        func number(_ value: Double) -> String { String(format: "%.6f", value) }
        var lines = ["\\data\\", "ngram 1=\(unigrams.count)", "ngram 2=\(bigrams.count)", "ngram 3=\(trigrams.count)", "", "\\1-grams:"]
        for entry in unigrams {
            lines.append("\(number(entry.logProbability))\t\(entry.word)" + (entry.logBackoff.map { "\t\(number($0))" } ?? ""))
        }
        lines += ["", "\\2-grams:"]
        for entry in bigrams {
            lines.append("\(number(entry.logProbability))\t\(entry.words.joined(separator: " "))" + (entry.logBackoff.map { "\t\(number($0))" } ?? ""))
        }
        lines += ["", "\\3-grams:"]
        for entry in trigrams {
            lines.append("\(number(entry.logProbability))\t\(entry.words.joined(separator: " "))")
        }
        lines += ["", "\\end\\", ""]
        return lines.joined(separator: "\n")
    }
}
