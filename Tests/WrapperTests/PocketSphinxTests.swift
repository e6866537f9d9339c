import XCTest
import ESpeakNG
import PocketSphinx
import SpeexDSP

final class PocketSphinxTests: XCTestCase {
    /// A small grammar of interview answers, as an interview that knows its questions would use.
    private let grammar = """
        #JSGF V1.0;
        grammar interview;
        public <answer> = <experience> | <role> | <greeting>;
        <experience> = (i have | i've) worked with <tech> for <number> years;
        <role> = i am a (backend | mobile | web) (developer | engineer);
        <greeting> = (hello | hi) [my name is (alice | bob)];
        <tech> = swift | python | rust | go | java;
        <number> = one | two | three | four | five | six | ten;
        """

    /// eSpeak NG speech for `text`, resampled 22050 → 16000 Hz with a little silence around it.
    private func speech16k(_ text: String) throws -> [Int16] {
        let speech = try ESpeakSynthesizer.shared().synthesize(text: text, voice: "en-us", rate: 160)
        let resampler = try Resampler(inputRate: speech.sampleRate, outputRate: 16000, quality: 5)
        let silence = [Int16](repeating: 0, count: 3200)
        return silence + resampler.process(speech.samples) + resampler.flush() + silence
    }

    /// Fraction of reference words recognised: 1 − (word edit distance / reference length).
    private func wordAccuracy(reference: String, hypothesis: String) -> Double {
        let ref = reference.lowercased().split(separator: " ")
        let hyp = hypothesis.lowercased().split(separator: " ")
        var row = Array(0...hyp.count)
        for i in 1...ref.count {
            var next = [i] + [Int](repeating: 0, count: hyp.count)
            for j in stride(from: 1, through: hyp.count, by: 1) {
                next[j] = min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1))
            }
            row = next
        }
        return 1 - Double(row[hyp.count]) / Double(ref.count)
    }

    func testGrammarRecognisesSynthesisedAnswer() throws {
        let reference = "i have worked with swift for four years"
        let audio = try speech16k("I have worked with Swift for four years")
        let recognizer = try SpeechRecognizer(configuration: SpeechRecognizerConfiguration(language: .jsgfGrammar(grammar)))

        try recognizer.startUtterance()
        var sawSpeech = false
        var partials: [String] = []
        for start in stride(from: 0, to: audio.count, by: 320) {  // 20 ms chunks, as a live call delivers
            try recognizer.process(Array(audio[start..<min(start + 320, audio.count)]))
            sawSpeech = sawSpeech || recognizer.inSpeech
            if let partial = recognizer.partialHypothesis() { partials.append(partial) }
        }
        let hypothesis = try recognizer.endUtterance()
        print("PocketSphinx (JSGF): \"\(hypothesis.text)\" score \(hypothesis.score)")

        XCTAssertTrue(sawSpeech)
        XCTAssertFalse(partials.isEmpty, "partial hypotheses while decoding")
        XCTAssertGreaterThanOrEqual(wordAccuracy(reference: reference, hypothesis: hypothesis.text), 0.7)
        XCTAssertEqual(hypothesis.words.map(\.word).joined(separator: " "), hypothesis.text)
        for (previous, next) in zip(hypothesis.words, hypothesis.words.dropFirst()) {
            XCTAssertLessThanOrEqual(previous.startFrame, previous.endFrame)
            XCTAssertLessThan(previous.endFrame, next.startFrame)
        }
        if let last = hypothesis.words.last {
            XCTAssertLessThanOrEqual(last.endFrame, audio.count / 160)
        }

        // The same decoder handles a second utterance.
        let second = try recognizer.recognize(try speech16k("I am a backend engineer"))
        XCTAssertGreaterThanOrEqual(wordAccuracy(reference: "i am a backend engineer", hypothesis: second.text), 0.7, second.text)
    }

    func testGenericLanguageModelRuns() throws {
        let recognizer = try SpeechRecognizer()  // default en-us model, generic LM
        let hypothesis = try recognizer.recognize(try speech16k("I have worked with Swift for four years"))
        // Generic-LM accuracy on synthetic speech is poor; print it, do not assert on it.
        print("PocketSphinx (generic LM): \"\(hypothesis.text)\"")
        XCTAssertFalse(recognizer.isUtteranceInProgress)
    }

    func testKeyphraseSpotting() throws {
        let recognizer = try SpeechRecognizer(configuration: SpeechRecognizerConfiguration(language: .keyphrase("swift", threshold: 1e-20)))
        let hypothesis = try recognizer.recognize(try speech16k("I have worked with Swift for four years"))
        print("PocketSphinx (keyphrase): \"\(hypothesis.text)\"")
        XCTAssertEqual(hypothesis.text, "swift")
        XCTAssertEqual(hypothesis.words.count, 1)
    }

    func testConfigurationErrors() throws {
        XCTAssertThrowsError(try SpeechRecognizer(configuration: SpeechRecognizerConfiguration(dictionary: "/nonexistent/dict"))) { error in
            XCTAssertEqual(error as? SpeechRecognizerError, .fileNotFound("/nonexistent/dict"))
        }
        let badGrammar = "#JSGF V1.0; grammar g; public <s> = zzqxv blorptangle;"
        XCTAssertThrowsError(try SpeechRecognizer(configuration: SpeechRecognizerConfiguration(language: .jsgfGrammar(badGrammar)))) { error in
            guard case .searchSetupFailed = error as? SpeechRecognizerError else { return XCTFail("\(error)") }
        }
        let recognizer = try SpeechRecognizer(configuration: SpeechRecognizerConfiguration(language: .jsgfGrammar(grammar)))
        XCTAssertThrowsError(try recognizer.process([0, 0, 0])) { error in
            XCTAssertEqual(error as? SpeechRecognizerError, .noUtteranceInProgress)
        }
        XCTAssertThrowsError(try recognizer.endUtterance())
    }
}
