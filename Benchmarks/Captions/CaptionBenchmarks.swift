import Benchmark
import ESpeakNG
import Foundation
import PocketSphinx
import Speech
import SpeexDSP

/// What live captions cost: PocketSphinx with the per-interview language model decoding the
/// candidate's 16 kHz audio as a call delivers it (20 ms chunks, a partial hypothesis read every
/// 300 ms of audio, the final at the end of each answer), on five eSpeak NG answers. One
/// operation is all five answers; CPU-seconds per second of speech = CPU per operation /
/// ``CaptionFixture/speechSeconds`` (printed by the setup hook). Also: building the model and its
/// recogniser (once per call), and the generic model decoding the same answers (the embedded
/// fallback without captions).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal],
        timeUnits: .milliseconds,
        warmupIterations: 1,
        maxDuration: .seconds(20),
        maxIterations: 10)

    let fixture = Box()
    Benchmark("Captions five answers, interview LM (streaming, partial every 300 ms)",
              configuration: .init(setup: { fixture.value = try CaptionFixture(interviewModel: true) })) { benchmark in
        let fixture = try fixture.get()
        for _ in benchmark.scaledIterations { blackHole(try fixture.decodeStreaming()) }
    }
    Benchmark("Captions five answers, generic LM (whole utterances)",
              configuration: .init(setup: { fixture.value = try CaptionFixture(interviewModel: false) })) { benchmark in
        let fixture = try fixture.get()
        for _ in benchmark.scaledIterations { blackHole(try fixture.decodeWhole()) }
    }
    Benchmark("Captions interview LM build + recogniser load (per call)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try CaptionFixture.makeInterviewRecognizer()) }
    }
}

final class Box: @unchecked Sendable {
    var value: CaptionFixture?
    func get() throws -> CaptionFixture {
        guard let value else { throw CocoaError(.featureUnsupported) }
        return value
    }
}

struct CaptionFixture {
    static let answers = [
        "I have worked with Swift and Postgres for four years, mostly on backend services that handle payments.",
        "We moved the reports to a separate cluster, and the latency of the main path dropped by half.",
        "First I would measure where the time goes, then add an index or a cache where it pays off.",
        "I mentored two junior engineers and we shipped the search service three weeks early.",
        "When the deploy failed we rolled back, wrote a blameless post mortem and added a canary step.",
    ]
    static let questions = ["Tell me about a backend service you built with Swift.", "How do you find a performance problem?",
                            "Describe a time a release went wrong."]

    let recognizer: SpeechRecognizer
    let audio: [[Int16]]
    var speechSeconds: Double { Double(audio.reduce(0) { $0 + $1.count }) / 16_000 }

    static func makeInterviewRecognizer() throws -> SpeechRecognizer {
        guard let dictionary = PronunciationDictionary.cmu else { throw CocoaError(.fileNoSuchFile) }
        let model = InterviewLanguageModel(questions: questions, role: "Backend engineer", techstack: ["Swift", "Postgres"],
                                           pronunciations: dictionary)
        let directory = NSTemporaryDirectory() + "parley-lm-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try SpeechRecognizer(configuration: model.write(to: directory))
    }

    init(interviewModel: Bool) throws {
        recognizer = interviewModel ? try Self.makeInterviewRecognizer() : try SpeechRecognizer()
        var audio: [[Int16]] = []
        for (index, answer) in Self.answers.enumerated() {
            let speech = try ESpeakSynthesizer.shared().synthesize(text: answer, voice: ["en-us", "en", "en+m3", "en+f2", "en-us"][index], rate: 160)
            let resampler = try Resampler(inputRate: speech.sampleRate, outputRate: 16_000)
            audio.append(resampler.process(speech.samples) + resampler.flush())
        }
        self.audio = audio
        print(String(format: "caption fixture: %d answers, %.1f s of speech", audio.count, speechSeconds))
    }

    /// As `LiveCaptioner` does: 20 ms chunks, a partial read every 300 ms of audio, then the final.
    func decodeStreaming() throws -> Int {
        var words = 0
        for answer in audio {
            try recognizer.startUtterance()
            var sinceRead = 0
            for start in stride(from: 0, to: answer.count, by: 320) {
                try recognizer.process(Array(answer[start..<min(start + 320, answer.count)]))
                sinceRead += 320
                if sinceRead >= 4_800 {
                    sinceRead = 0
                    words += recognizer.partialHypothesis()?.count ?? 0
                }
            }
            words += try recognizer.endUtterance().words.count
        }
        return words
    }

    func decodeWhole() throws -> Int {
        try audio.reduce(0) { $0 + (try recognizer.recognize($1).words.count) }
    }
}
