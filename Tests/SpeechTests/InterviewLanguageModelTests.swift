import ESpeakNG
import Foundation
import PocketSphinx
import Speech
import SpeexDSP
import XCTest

/// The per-interview PocketSphinx language model: well-formed, normalised ARPA with the
/// interview's words, loadable by PocketSphinx, and better than the generic model on in-domain
/// speech.
final class InterviewLanguageModelTests: XCTestCase {
    let questions = [
        "Tell me about a data pipeline you built with Kafka and Snowflake.",
        "How do you make sure a nightly batch job is reliable?",
        "Describe a time you had to explain a difficult trade-off to stakeholders.",
    ]
    let techstack = ["Kafka", "Snowflake", "Airflow", "AWS", "dbt"]

    func model() throws -> InterviewLanguageModel {
        let pronunciations = try XCTUnwrap(PronunciationDictionary.cmu, "CMUdict from pocketsphinx-en-us")
        return InterviewLanguageModel(questions: questions, role: "Data engineer", techstack: techstack, pronunciations: pronunciations)
    }

    /// The ARPA text read back: log10 probabilities and backoffs by n-gram.
    struct ParsedARPA {
        var declared: [Int: Int] = [:]
        var grams: [Int: [String: (p: Double, bow: Double?)]] = [1: [:], 2: [:], 3: [:]]

        init(_ text: String) throws {
            var order = 0
            var sawEnd = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
                if line.hasPrefix("ngram ") {
                    let parts = line.dropFirst(6).split(separator: "=")
                    declared[Int(parts[0]) ?? -1] = Int(parts[1]) ?? -1
                } else if line.hasPrefix("\\") && line.hasSuffix("-grams:") {
                    order = Int(line.dropFirst().prefix(1)) ?? 0
                } else if line == "\\end\\" {
                    sawEnd = true
                } else if order > 0 {
                    let fields = line.split(separator: "\t")
                    guard fields.count == 2 || fields.count == 3, let p = Double(fields[0]) else { throw ARPAError.badLine(String(line)) }
                    guard fields[1].split(separator: " ").count == order else { throw ARPAError.badLine(String(line)) }
                    grams[order]?[String(fields[1])] = (p, fields.count == 3 ? Double(fields[2]) : nil)
                }
            }
            guard sawEnd else { throw ARPAError.noEnd }
        }

        enum ARPAError: Error { case badLine(String), noEnd }

        func unigram(_ w: String) -> Double { pow(10, grams[1]?[w]?.p ?? -99) }
        func bigram(_ h: String, _ w: String) -> Double {
            if let seen = grams[2]?["\(h) \(w)"] { return pow(10, seen.p) }
            return pow(10, grams[1]?[h]?.bow ?? 0) * unigram(w)
        }
        func trigram(_ u: String, _ v: String, _ w: String) -> Double {
            if let seen = grams[3]?["\(u) \(v) \(w)"] { return pow(10, seen.p) }
            return pow(10, grams[2]?["\(u) \(v)"]?.bow ?? 0) * bigram(v, w)
        }
    }

    func testARPAIsWellFormedNormalisedAndHoldsTheInterviewsWords() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let lm = try model()
        print("interview LM: \(lm.model.unigrams.count) words, \(lm.model.bigrams.count) bigrams, \(lm.model.trigrams.count) trigrams, built in \(clock.now - started); no pronunciation: \(lm.droppedWords)")
        let arpa = try ParsedARPA(lm.model.arpa)
        for order in 1...3 {
            XCTAssertEqual(arpa.declared[order], arpa.grams[order]?.count, "ngram \(order) count in the header")
            XCTAssertTrue(arpa.grams[order]?.values.allSatisfy { $0.p <= 0 } ?? false, "log probabilities ≤ 0 (order \(order))")
        }
        let vocabulary = Set(arpa.grams[1]?.keys.map { $0 } ?? [])
        for word in ["kafka", "snowflake", "airflow", "aws", "pipeline", "nightly", "stakeholders", "data", "engineer", "<s>", "</s>"] {
            XCTAssertTrue(vocabulary.contains(word), "\(word) in the vocabulary")
        }
        // Every word has a pronunciation (the dictionary covers the model, nothing more).
        let dictionaryWords = Set(lm.dictionary.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { !$0.hasSuffix(")") })
        XCTAssertEqual(dictionaryWords, vocabulary.subtracting(["<s>", "</s>"]))
        XCTAssertTrue(lm.dictionary.contains("\naws EY D AH B AH L Y UW EH S\n"), "acronyms are spelled out")
        XCTAssertTrue(lm.dictionary.contains("\ndbt D IY B IY T IY\n"), "acronyms are spelled out")
        // Each history's distribution sums to one through the backoffs.
        let words = vocabulary.subtracting(["<s>"])
        for history in ["<s>", "i", "we", "kafka"] {
            XCTAssertEqual(words.reduce(0) { $0 + arpa.bigram(history, $1) }, 1, accuracy: 1e-3, "P(· | \(history))")
        }
        for (u, v) in [("<s>", "i"), ("i", "have"), ("worked", "with")] {
            XCTAssertEqual(words.reduce(0) { $0 + arpa.trigram(u, v, $1) }, 1, accuracy: 1e-3, "P(· | \(u) \(v))")
        }
    }

    /// eSpeak NG speech for `text` at 16 kHz with a little silence around it.
    func speech16k(_ text: String) throws -> [Int16] {
        let speech = try ESpeakSynthesizer.shared().synthesize(text: text, voice: "en-us", rate: 160)
        let resampler = try Resampler(inputRate: speech.sampleRate, outputRate: 16_000, quality: 5)
        let silence = [Int16](repeating: 0, count: 3_200)
        return silence + resampler.process(speech.samples) + resampler.flush() + silence
    }

    func testPocketSphinxLoadsItAndRecognisesInDomainSpeechBetterThanTheGenericModel() throws {
        // In-domain answers; none of them is a sentence of the training text.
        let answers = [
            "I built the data pipeline with Kafka and Snowflake for three years",
            "We added retries and monitoring so the nightly job would not fail",
            "I explained the trade off to the stakeholders and we shipped the core feature first",
        ]
        let directory = NSTemporaryDirectory() + "parley-lm-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let clock = ContinuousClock()
        let started = clock.now
        let interview = try SpeechRecognizer(configuration: try model().write(to: directory))
        print("interview LM recogniser ready in \(clock.now - started)")
        let generic = try SpeechRecognizer()
        var errors = (interview: 0, generic: 0)
        var total = 0
        for answer in answers {
            let audio = try speech16k(answer)
            let reference = InterviewLanguageModel.words(in: answer)
            let biased = try interview.recognize(audio).text
            let plain = try generic.recognize(audio).text
            errors.interview += wordErrors(reference, InterviewLanguageModel.words(in: biased))
            errors.generic += wordErrors(reference, InterviewLanguageModel.words(in: plain))
            total += reference.count
            print("reference: \(answer)\n  interview LM: \(biased)\n  generic LM:   \(plain)")
        }
        let werInterview = Double(errors.interview) / Double(total), werGeneric = Double(errors.generic) / Double(total)
        print(String(format: "WER interview LM %.1f %%, generic LM %.1f %% (%d words)", werInterview * 100, werGeneric * 100, total))
        XCTAssertLessThan(werInterview, werGeneric - 0.2, "the interview model must beat the generic one clearly")
        XCTAssertLessThan(werInterview, 0.6)
    }

    /// Word-level Levenshtein distance.
    func wordErrors(_ reference: [String], _ hypothesis: [String]) -> Int {
        guard !reference.isEmpty else { return hypothesis.count }
        var row = Array(0...hypothesis.count)
        for i in 1...reference.count {
            var next = [i] + [Int](repeating: 0, count: hypothesis.count)
            for j in stride(from: 1, through: hypothesis.count, by: 1) {
                next[j] = min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (reference[i - 1] == hypothesis[j - 1] ? 0 : 1))
            }
            row = next
        }
        return row[hypothesis.count]
    }
}
