import Foundation
import Speech
import XCTest
@testable import Server

/// Preemptive replies: lines prepared ahead are replayed whole and in order when the reply says
/// them, re-used across changing predictions, and dropped (their synthesis cancelled) otherwise.
final class PreemptiveSpeechTests: XCTestCase {
    /// Three chunks per text, 20 ms apart; records what was started and what was cancelled.
    final class FakeSynthesizer: StreamingSynthesizer, @unchecked Sendable {
        private let lock = NSLock()
        private var startedTexts: [String] = []
        private var cancelledTexts: [String] = []
        var started: [String] { lock.withLock { startedTexts } }
        var cancelled: [String] { lock.withLock { cancelledTexts } }

        func synthesize(_ text: String) -> AsyncThrowingStream<SpeechAudioChunk, Error> {
            lock.withLock { startedTexts.append(text) }
            let (stream, continuation) = AsyncThrowingStream.makeStream(of: SpeechAudioChunk.self)
            let task = Task {
                for index in 0..<3 {
                    try? await Task.sleep(for: .milliseconds(20))
                    if Task.isCancelled { return }
                    continuation.yield(SpeechAudioChunk(samples: [Int16(index)], sampleRate: 16_000, words: [(text, index)]))
                }
                continuation.finish()
            }
            continuation.onTermination = { [weak self] reason in
                if case .cancelled = reason {
                    task.cancel()
                    self?.lock.withLock { self?.cancelledTexts.append(text) }
                }
            }
            return stream
        }
    }

    func collect(_ stream: AsyncThrowingStream<SpeechAudioChunk, Error>?) async throws -> [Int16] {
        var samples: [Int16] = []
        for try await chunk in try XCTUnwrap(stream) { samples += chunk.samples }
        return samples
    }

    func testPreparedLinesAreReplayedWholeAndWrongOnesDropped() async throws {
        let synthesizer = FakeSynthesizer()
        let preemptive = PreemptiveSpeech(synthesizer: synthesizer)
        preemptive.expect(["Thanks.", "Next question."])
        preemptive.expect(["Thanks.", "Next question."])
        XCTAssertEqual(synthesizer.started, ["Thanks.", "Next question."], "an unchanged prediction starts nothing new")
        try await Task.sleep(for: .milliseconds(30))  // part of the audio is ready, part still coming

        // The prediction changes: the line that stays is kept, the other is cancelled.
        preemptive.expect(["Thanks.", "And the last one."])
        XCTAssertEqual(synthesizer.started, ["Thanks.", "Next question.", "And the last one."])

        preemptive.claim(id: "u7", text: "Thanks.")
        preemptive.claim(id: "u8", text: "And the last one.")
        preemptive.discardUnclaimed()
        let first = try await collect(preemptive.stream(for: "u7"))
        let second = try await collect(preemptive.stream(for: "u8"))
        XCTAssertEqual(first, [0, 1, 2], "buffered chunks first, then the rest, in order")
        XCTAssertEqual(second, [0, 1, 2])
        XCTAssertNil(preemptive.stream(for: "u7"), "taken once")
        try await Task.sleep(for: .milliseconds(50))
        XCTAssertEqual(synthesizer.cancelled, ["Next question."])
    }

    func testAReplyThatWentAnotherWayDropsEverything() async throws {
        let synthesizer = FakeSynthesizer()
        let preemptive = PreemptiveSpeech(synthesizer: synthesizer)
        preemptive.expect(["Got it.", "Question two."])
        preemptive.claim(id: "u3", text: "Could you say a bit more?")
        XCTAssertNil(preemptive.stream(for: "u3"))
        try await Task.sleep(for: .milliseconds(50))
        XCTAssertEqual(Set(synthesizer.cancelled), ["Got it.", "Question two."], "wrong guesses stop at once")

        preemptive.expect(["Okay.", "Question three."])
        preemptive.claim(id: "u4", text: "Okay.")
        preemptive.expect(nil)  // nothing foreseeable any more: unclaimed lines go, claimed ones stay
        preemptive.discardAll()  // barge-in: claimed audio goes too
        XCTAssertNil(preemptive.stream(for: "u4"))
    }
}
