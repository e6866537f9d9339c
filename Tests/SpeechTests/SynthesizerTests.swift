import Speech
import XCTest

/// The embedded streaming TTS: chunks arrive while eSpeak NG works, with word timings, and
/// stopping the consumer stops synthesis.
final class SynthesizerTests: XCTestCase {
    func testStreamsChunksWithWords() async throws {
        var chunks = 0
        var samples = 0
        var words: [String] = []
        for try await chunk in ESpeakStreamingSynthesizer().synthesize("Tell me about a system you designed recently.") {
            chunks += 1
            samples += chunk.samples.count
            words += chunk.words.map(\.word)
            XCTAssertEqual(chunk.sampleRate, 22_050)
        }
        XCTAssertGreaterThan(chunks, 10)
        XCTAssertGreaterThan(samples, 22_050)
        XCTAssertEqual(words.first?.lowercased(), "tell")
        XCTAssertGreaterThanOrEqual(words.count, 7)
    }

    func testCancellingTheConsumerStopsSynthesis() async throws {
        let long = String(repeating: "This sentence goes on and on for a long while. ", count: 30)
        var chunks = 0
        for try await _ in ESpeakStreamingSynthesizer().synthesize(long) {
            chunks += 1
            if chunks == 3 { break }
        }
        XCTAssertEqual(chunks, 3)
        // The engine is free again at once: a short text synthesizes fully.
        var after = 0
        for try await _ in ESpeakStreamingSynthesizer().synthesize("Thank you.") { after += 1 }
        XCTAssertGreaterThan(after, 0)
    }
}

/// A cancelled synthesis must not leak into the next one (eSpeak NG keeps state between calls).
final class SynthesizerIsolationTests: XCTestCase {
    func testNextSynthesisAfterACancelIsClean() async throws {
        let long = String(repeating: "Another long sentence about distributed systems and latency. ", count: 20)
        var chunks = 0
        for try await _ in ESpeakStreamingSynthesizer().synthesize(long) {
            chunks += 1
            if chunks == 2 { break }
        }
        var words: [String] = []
        for try await chunk in ESpeakStreamingSynthesizer().synthesize("Hello, I have worked with Swift") {
            words += chunk.words.map(\.word)
        }
        XCTAssertEqual(words, ["Hello", "I", "have", "worked", "with", "Swift"])
    }
}
