import Foundation
import XCTest
import VoiceActivity

/// Scores the detector and endpointer on the generated eSpeak NG corpus (see ``VADCorpus``)
/// at 20 / 10 / 5 dB SNR in white noise, babble and hum, prints the table, and checks the
/// acceptance figures: frame F1 ≥ 0.90 at 10 dB for **each** noise type, median onset
/// decision delay ≤ 60 ms at 10 dB for each noise type.
///
/// Set `PARLEY_VAD_CORPUS_DIR=/some/dir` to also write every condition as WAV + labels and
/// the results as JSON for `Benchmarks/vad/score_webrtcvad.py`.
final class VADCorpusTests: XCTestCase {
    nonisolated(unsafe) private static var cached: (corpus: VADCorpus, results: [VADConditionResult])?

    static let snrs: [Double] = [20, 10, 5]

    private static func run() throws -> (corpus: VADCorpus, results: [VADConditionResult]) {
        if let cached { return cached }
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["PARLEY_VAD_SEED"].flatMap(UInt64.init) ?? 1
        let corpus = try VADCorpus(seed: seed)
        let directory = environment["PARLEY_VAD_CORPUS_DIR"].map { URL(fileURLWithPath: $0, isDirectory: true) }
        if let directory { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        let features = environment["PARLEY_VAD_FEATURES"] != nil
        let detectorSettings = try VADSettingsOverride.detectorSettings(from: environment["PARLEY_VAD_SETTINGS"])

        var conditions = [corpus.condition(noise: nil, snrDB: nil)]
        for noise in VADCorpus.Noise.allCases {
            for snr in snrs { conditions.append(corpus.condition(noise: noise, snrDB: snr)) }
        }
        var results: [VADConditionResult] = []
        for condition in conditions {
            let csv = (features ? directory : nil)?.appendingPathComponent("\(condition.name).features.csv")
            results.append(try VADEvaluation.evaluate(condition, corpus: corpus, detectorSettings: detectorSettings, featuresCSV: csv))
            if let directory {
                try WAVFile.write(condition.samples, sampleRate: VADCorpus.sampleRate,
                                  to: directory.appendingPathComponent("\(condition.name).wav"))
            }
        }
        if let directory { try writeManifest(corpus: corpus, results: results, to: directory) }
        cached = (corpus, results)
        return (corpus, results)
    }

    private static func writeManifest(corpus: VADCorpus, results: [VADConditionResult], to directory: URL) throws {
        let labels = String(corpus.labels.map { $0 ? "1" : "0" })
        try (labels + "\n").write(to: directory.appendingPathComponent("labels.txt"), atomically: true, encoding: .utf8)
        struct Manifest: Codable {
            var sampleRate: Int
            var frameMs: Int
            var labelling: String
            var sentences: [[String: String]]
            var results: [VADConditionResult]
        }
        let manifest = Manifest(
            sampleRate: VADCorpus.sampleRate, frameMs: 10,
            labelling: "labels.txt: one character per 10 ms frame, 1 = speech: clean-signal frame RMS >= -45 dB re the sentence's active level, non-speech runs < 150 ms inside a sentence relabelled speech",
            sentences: corpus.sentences.map { ["text": $0.text, "voice": $0.voice, "onsetFrame": "\($0.onsetFrame)", "endFrame": "\($0.endFrame)"] },
            results: results)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: directory.appendingPathComponent("parley_results.json"))
    }

    func testPrintsResultTable() throws {
        let (corpus, results) = try Self.run()
        let speech = corpus.labels.filter { $0 }.count
        let baseline = results.first?.alwaysSpeechF1 ?? 0
        print("VAD corpus: \(corpus.sentences.count) sentences, \(corpus.labels.count) frames of 10 ms (\(corpus.labels.count / 100) s per condition), \(speech) speech frames; F1 of calling every frame speech = \(String(format: "%.3f", baseline))")
        print(VADEvaluation.table(results))
        XCTAssertEqual(results.count, 1 + 3 * Self.snrs.count)
    }

    func testCleanSpeechIsNearlyPerfect() throws {
        let (_, results) = try Self.run()
        let clean = try XCTUnwrap(results.first { $0.noise == "none" })
        XCTAssertGreaterThanOrEqual(clean.f1, 0.95)
        XCTAssertEqual(clean.missedOnsets, 0)
        XCTAssertEqual(clean.falseOnsets, 0)
    }

    func testFrameF1AtLeast090At10dBForEachNoise() throws {
        let (_, results) = try Self.run()
        for noise in VADCorpus.Noise.allCases {
            let result = try XCTUnwrap(results.first { $0.noise == noise.rawValue && $0.snrDB == 10 })
            XCTAssertGreaterThanOrEqual(result.f1, 0.90, "frame F1 in \(noise.rawValue) noise at 10 dB")
        }
    }

    func testMedianOnsetDecisionWithin60msAt10dB() throws {
        let (_, results) = try Self.run()
        for noise in VADCorpus.Noise.allCases {
            let result = try XCTUnwrap(results.first { $0.noise == noise.rawValue && $0.snrDB == 10 })
            let delay = try XCTUnwrap(result.medianOnsetDecisionDelayMs, "no onset measured in \(noise.rawValue)")
            XCTAssertLessThanOrEqual(delay, 60, "median onset decision delay in \(noise.rawValue) noise at 10 dB")
            // The median must rest on most of the sentences. In babble at 10 dB the detector finds 11 or
            // 12 of 16 depending on eSpeak NG's state left by earlier suites (its output is not bit-exact
            // across a process), so the guard asks for two thirds.
            XCTAssertGreaterThanOrEqual(result.onsetsMeasured, result.sentences * 2 / 3, "onsets found in \(noise.rawValue)")
        }
    }
}
