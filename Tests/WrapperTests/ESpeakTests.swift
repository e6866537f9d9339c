import XCTest
import ESpeakNG

final class ESpeakTests: XCTestCase {
    private let sentence = "Hello, I have worked with Swift for four years"

    func testSynthesizesSentenceWithWordTimings() throws {
        let synthesizer = try ESpeakSynthesizer.shared()
        XCTAssertEqual(synthesizer.sampleRate, 22050)
        let speech = try synthesizer.synthesize(text: sentence, voice: "en-us", rate: 175, pitch: 50)
        XCTAssertEqual(speech.sampleRate, 22050)
        XCTAssertGreaterThan(speech.durationMs, 1500)
        XCTAssertLessThan(speech.durationMs, 6000)
        XCTAssertGreaterThan(WrapperTestAudio.rms(speech.samples), 500, "speech must not be silent")

        let expected = ["Hello", "I", "have", "worked", "with", "Swift", "for", "four", "years"]
        XCTAssertEqual(speech.words.map(\.word), expected)
        for (previous, next) in zip(speech.words, speech.words.dropFirst()) {
            XCTAssertLessThan(previous.startSample, next.startSample, "\(previous.word) → \(next.word)")
            XCTAssertLessThan(previous.startMs, next.startMs)
            XCTAssertLessThan(previous.textOffset, next.textOffset)
        }
        let scalars = Array(sentence.unicodeScalars)
        for word in speech.words {
            XCTAssertLessThan(word.startSample, speech.samples.count)
            XCTAssertEqual(String(String.UnicodeScalarView(scalars[word.textOffset..<word.textOffset + word.textLength])), word.word)
        }
        // Each word's audio around its start is not silence.
        if let swift = speech.words.first(where: { $0.word == "Swift" }) {
            let window = speech.samples[swift.startSample..<min(swift.startSample + 4410, speech.samples.count)]
            XCTAssertGreaterThan(WrapperTestAudio.rms(window), 300)
        }
    }

    func testRateChangesDuration() throws {
        let synthesizer = try ESpeakSynthesizer.shared()
        let slow = try synthesizer.synthesize(text: "one two three four five", rate: 120)
        let fast = try synthesizer.synthesize(text: "one two three four five", rate: 300)
        XCTAssertGreaterThan(slow.samples.count, fast.samples.count * 3 / 2)
    }

    func testStreamingDeliversChunksAndCanBeCancelled() throws {
        let synthesizer = try ESpeakSynthesizer.shared()
        let whole = try synthesizer.synthesize(text: sentence)

        var chunks: [SpeechChunk] = []
        let summary = try synthesizer.synthesize(text: sentence) { chunk in
            chunks.append(chunk)
            return .continue
        }
        XCTAssertFalse(summary.wasCancelled)
        XCTAssertGreaterThan(chunks.count, 3)
        // eSpeak adds random noise to fricatives, so compare lengths, not samples.
        XCTAssertEqual(Double(summary.totalSamples), Double(whole.samples.count), accuracy: 2205)
        XCTAssertEqual(chunks.reduce(0) { $0 + $1.samples.count }, summary.totalSamples)
        XCTAssertEqual(summary.wordCount, 9)
        var position = 0
        for chunk in chunks {
            XCTAssertEqual(chunk.startSample, position)
            position += chunk.samples.count
        }

        var received = 0
        var calls = 0
        let cancelled = try synthesizer.synthesize(text: sentence) { chunk in
            calls += 1
            received += chunk.samples.count
            return received > 2000 ? .stop : .continue
        }
        XCTAssertTrue(cancelled.wasCancelled)
        XCTAssertLessThan(cancelled.totalSamples, whole.samples.count / 2)
        XCTAssertEqual(cancelled.totalSamples, received)

        // The engine is usable again after a cancellation.
        let again = try synthesizer.synthesize(text: sentence)
        XCTAssertEqual(Double(again.samples.count), Double(whole.samples.count), accuracy: 2205)
        XCTAssertEqual(again.words.count, 9)
    }

    func testErrors() throws {
        let synthesizer = try ESpeakSynthesizer.shared()
        XCTAssertThrowsError(try synthesizer.synthesize(text: "hello", voice: "no-such-voice-xx")) { error in
            XCTAssertEqual(error as? ESpeakError, .voiceNotFound("no-such-voice-xx"))
        }
        XCTAssertThrowsError(try synthesizer.synthesize(text: ""))
        XCTAssertThrowsError(try synthesizer.synthesize(text: "hello", rate: 10))
        XCTAssertThrowsError(try synthesizer.synthesize(text: "hello", pitch: 101))
        // A failed voice change leaves the synthesiser working.
        XCTAssertFalse(try synthesizer.synthesize(text: "hello", voice: "en-us").samples.isEmpty)
    }
}
