import Foundation
@testable import Speech
import XCTest

/// A synthesizer that yields scripted chunks, then optionally fails; records the texts it was given.
final class ScriptedSynthesizer: StreamingSynthesizer, @unchecked Sendable {
    let chunks: [SpeechAudioChunk]
    let failure: Error?
    let texts = Recorder<String>()

    init(chunks: [SpeechAudioChunk], failure: Error? = nil) {
        self.chunks = chunks
        self.failure = failure
    }

    func synthesize(_ text: String) -> AsyncThrowingStream<SpeechAudioChunk, Error> {
        texts.record(text)
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: SpeechAudioChunk.self)
        for chunk in chunks { continuation.yield(chunk) }
        continuation.finish(throwing: failure)
        return stream
    }
}

struct SynthesisBroke: Error {}

/// Pure pieces of the remote TTS path: PCM decoding across odd splits, word-start estimates,
/// rate conversion.
final class SpeechStreamingPartsTests: XCTestCase {
    func testPCMDecoderHandlesOddSplits() {
        let samples: [Int16] = [0, 1, -1, 256, -32768, 32767, 12345, -12345]
        let bytes = samples.flatMap { [UInt8(truncatingIfNeeded: UInt16(bitPattern: $0)), UInt8(truncatingIfNeeded: UInt16(bitPattern: $0) >> 8)] }
        for split in 0...bytes.count {
            var decoder = PCMStreamDecoder()
            let decoded = decoder.feed(Array(bytes[..<split])) + decoder.feed(Array(bytes[split...]))
            XCTAssertEqual(decoded, samples, "split at \(split)")
            XCTAssertFalse(decoder.hasPendingByte)
        }
        var decoder = PCMStreamDecoder()
        var decoded: [Int16] = []
        for byte in bytes { decoded += decoder.feed([byte]) }
        XCTAssertEqual(decoded, samples)
        XCTAssertEqual(decoder.feed([7]), [])
        XCTAssertTrue(decoder.hasPendingByte)
    }

    func testWordEstimatesFollowTheAudioReceived() {
        // 10 characters per second at 1000 Hz: 100 samples per character.
        var estimator = WordTimingEstimator(text: "Tell me  about it", sampleRate: 1000, charactersPerSecond: 10)
        XCTAssertEqual(estimator.words(upTo: 1).map(\.word), ["Tell"])
        XCTAssertEqual(estimator.words(upTo: 500).map(\.word), [], "\"me\" starts at character 5 = sample 500")
        XCTAssertEqual(estimator.words(upTo: 501).map(\.startSample), [500])
        XCTAssertEqual(estimator.remainingWords, 2)
        // The audio ended early (1000 samples): the rest is spread proportionally, never backwards.
        let rest = estimator.finish(totalSamples: 1000)
        XCTAssertEqual(rest.map(\.word), ["about", "it"])
        XCTAssertEqual(rest.map(\.startSample), [529, 882])  // offsets 9 and 15 of 17 characters
        XCTAssertEqual(estimator.remainingWords, 0)
    }

    func testLinearResamplerKeepsLengthAndShape() {
        var resampler = LinearResampler(inputRate: 22_050, outputRate: 24_000)
        let ramp = (0..<2205).map { Int16($0) }
        var output: [Int16] = []
        for start in stride(from: 0, to: ramp.count, by: 300) { output += resampler.process(Array(ramp[start..<min(ramp.count, start + 300)])) }
        XCTAssertEqual(Double(output.count), 2400, accuracy: 2)
        XCTAssertEqual(output.first, 0)
        XCTAssertTrue(zip(output, output.dropFirst()).allSatisfy { $1 >= $0 }, "a ramp stays monotonic across chunk edges")
        XCTAssertEqual(Double(output[1200]), 1102.5, accuracy: 1)
        XCTAssertEqual(resampler.outputIndex(forInputIndex: 2205), 2400)
    }
}

/// The OpenAI-compatible TTS against a local fake server, and the fallback that keeps the
/// candidate from hearing dead air.
final class SpeechSynthesizerTests: XCTestCase {
    let text = "Tell me about a system you designed recently."

    func synthesizer(_ server: FakeStreamingServer, firstChunk: Duration = .seconds(2), deadline: Duration = .seconds(4)) -> OpenAISpeechSynthesizer {
        OpenAISpeechSynthesizer(settings: .init(baseURL: "http://127.0.0.1:\(server.port)", apiKey: "sk-test", model: "tts-1", voice: "nova",
                                                requestTimeout: .seconds(3), firstChunkDeadline: firstChunk, deadline: deadline))
    }

    static func pcmBytes(_ samples: [Int16]) -> [UInt8] {
        samples.flatMap { [UInt8(truncatingIfNeeded: UInt16(bitPattern: $0)), UInt8(truncatingIfNeeded: UInt16(bitPattern: $0) >> 8)] }
    }

    /// PCM split into parts of odd sizes (1, 3, 5, … bytes, then large), a short gap before each.
    static func pcmReply(_ samples: [Int16], chunked: Bool = true, complete: Bool = true, gap: Duration = .milliseconds(5)) -> FakeStreamingServer.Reply {
        let bytes = pcmBytes(samples)
        var parts: [FakeStreamingServer.Part] = []
        var index = 0
        var size = 1
        while index < bytes.count {
            let end = min(bytes.count, index + size)
            parts.append(FakeStreamingServer.Part(delay: gap, bytes: Array(bytes[index..<end])))
            index = end
            size = size < 9 ? size + 2 : 4801
        }
        return FakeStreamingServer.Reply(contentType: "application/octet-stream", parts: parts, chunked: chunked, complete: complete)
    }

    let audio: [Int16] = (0..<36_000).map { Int16(truncatingIfNeeded: $0 &* 7) }  // 1.5 s at 24 kHz

    func testStreamsPCMChunksWithEstimatedWords() async throws {
        let server = try FakeStreamingServer(replies: [Self.pcmReply(audio)])
        var samples: [Int16] = []
        var words: [(word: String, startSample: Int)] = []
        var chunks = 0
        for try await chunk in synthesizer(server).synthesize(text) {
            XCTAssertEqual(chunk.sampleRate, 24_000)
            samples += chunk.samples
            words += chunk.words
            chunks += 1
        }
        XCTAssertEqual(samples, audio)
        XCTAssertGreaterThan(chunks, 5, "chunks are passed on as they arrive")
        XCTAssertEqual(words.map(\.word), text.split(separator: " ").map(String.init))
        XCTAssertEqual(words.first?.startSample, 0)
        XCTAssertTrue(zip(words, words.dropFirst()).allSatisfy { $0.startSample <= $1.startSample })
        XCTAssertLessThan(words.last?.startSample ?? .max, audio.count)

        let request = try XCTUnwrap(server.requests.first)
        XCTAssertTrue(String(decoding: request, as: UTF8.self).hasPrefix("POST /v1/audio/speech HTTP/1.1"))
        let body = try XCTUnwrap(FakeStreamingServer.jsonBody(of: request))
        XCTAssertEqual(body["model"] as? String, "tts-1")
        XCTAssertEqual(body["voice"] as? String, "nova")
        XCTAssertEqual(body["input"] as? String, text)
        XCTAssertEqual(body["response_format"] as? String, "pcm")
    }

    func testServerErrorIsRetriedAndClientErrorIsNot() async throws {
        let server = try FakeStreamingServer(replies: [FakeStreamingServer.error(503, "busy"), Self.pcmReply(Array(audio.prefix(2400)))])
        let retries = Recorder<OpenAISpeechSynthesizer.Failure>()
        let tts = OpenAISpeechSynthesizer(settings: synthesizer(server).settings, onRetry: { retries.record($0) })
        var count = 0
        for try await chunk in tts.synthesize("Hello there.") { count += chunk.samples.count }
        XCTAssertEqual(count, 2400)
        XCTAssertEqual(retries.values, [.http(status: 503, message: "busy")])

        let unauthorized = try FakeStreamingServer(replies: [FakeStreamingServer.error(401, "bad key")])
        do {
            for try await _ in synthesizer(unauthorized).synthesize("Hello.") {}
            XCTFail("expected an error")
        } catch let failure as OpenAISpeechSynthesizer.Failure {
            XCTAssertEqual(failure, .http(status: 401, message: "bad key"))
        }
        XCTAssertEqual(unauthorized.requests.count, 1)
    }

    func testFailingServiceFallsBackBeforeTheFirstChunk() async throws {
        let server = try FakeStreamingServer(replies: Array(repeating: FakeStreamingServer.error(500, "down"), count: 10))
        let fallback = ScriptedSynthesizer(chunks: [SpeechAudioChunk(samples: [1, 2, 3], sampleRate: 22_050, words: [("Tell", 0)])])
        let used = Recorder<Error>()
        let tts = FallbackSynthesizer(primary: synthesizer(server, deadline: .milliseconds(500)), fallback: fallback, onFallback: { used.record($0) })
        var chunks: [SpeechAudioChunk] = []
        for try await chunk in tts.synthesize(text) { chunks.append(chunk) }
        XCTAssertEqual(chunks, [SpeechAudioChunk(samples: [1, 2, 3], sampleRate: 22_050, words: [("Tell", 0)])])
        XCTAssertEqual(fallback.texts.values, [text])
        XCTAssertEqual(used.values.count, 1)
        XCTAssertEqual(used.values.first as? OpenAISpeechSynthesizer.Failure, .http(status: 500, message: "down"))
    }

    func testSlowServiceFallsBackToESpeak() async throws {
        var slow = Self.pcmReply(audio)
        slow.headDelay = .seconds(3)
        let server = try FakeStreamingServer(replies: [slow])
        let used = Recorder<Error>()
        let tts = FallbackSynthesizer(primary: synthesizer(server, firstChunk: .milliseconds(300)), fallback: ESpeakStreamingSynthesizer(),
                                      onFallback: { used.record($0) })
        let clock = ContinuousClock()
        let started = clock.now
        var firstChunkAfter: Duration?
        var words: [String] = []
        for try await chunk in tts.synthesize("Hello there.") {
            if firstChunkAfter == nil { firstChunkAfter = clock.now - started }
            XCTAssertEqual(chunk.sampleRate, 22_050)
            words += chunk.words.map(\.word)
        }
        XCTAssertEqual(used.values.first as? OpenAISpeechSynthesizer.Failure, .firstChunkTimeout(.milliseconds(300)))
        XCTAssertLessThan(try XCTUnwrap(firstChunkAfter), .seconds(2), "the fallback speaks long before the slow service would")
        XCTAssertEqual(words.first?.lowercased(), "hello")
    }

    func testMidStreamFailureFinishesTheRestWithTheFallbackAtThePrimaryRate() async throws {
        // The server sends 0.5 s of audio, then the connection breaks (chunked body never ended).
        let server = try FakeStreamingServer(replies: [Self.pcmReply(Array(audio.prefix(12_000)), complete: false)])
        let fallback = ScriptedSynthesizer(chunks: [SpeechAudioChunk(samples: [Int16](repeating: 100, count: 2205), sampleRate: 22_050,
                                                                     words: [("about", 0), ("a", 2205)])])
        let used = Recorder<Error>()
        let tts = FallbackSynthesizer(primary: synthesizer(server), fallback: fallback, onFallback: { used.record($0) })
        var primarySamples = 0
        var primaryWords: [String] = []
        var tail: [SpeechAudioChunk] = []
        for try await chunk in tts.synthesize(text) {
            XCTAssertEqual(chunk.sampleRate, 24_000, "one utterance keeps one rate")
            if chunk.samples.first == 100 { tail.append(chunk) } else {
                primarySamples += chunk.samples.count
                primaryWords += chunk.words.map(\.word)
            }
        }
        XCTAssertEqual(primarySamples, 12_000)
        XCTAssertEqual(used.values.count, 1)
        // 0.5 s at 15 characters/s covers ~7 characters: "Tell", "me" announced; "me" is said again.
        XCTAssertEqual(primaryWords, ["Tell", "me"])
        XCTAssertEqual(fallback.texts.values, ["me about a system you designed recently."])
        let resampled = tail.reduce(0) { $0 + $1.samples.count }
        XCTAssertEqual(Double(resampled), 2400, accuracy: 2)
        XCTAssertEqual(tail.flatMap(\.words).map(\.startSample), [12_000, 12_000 + 2400])
    }

    func testFallbackErrorIsThrown() async throws {
        let tts = FallbackSynthesizer(primary: ScriptedSynthesizer(chunks: [], failure: SynthesisBroke()),
                                      fallback: ScriptedSynthesizer(chunks: [], failure: OpenAISpeechSynthesizer.Failure.emptyAudio))
        do {
            for try await _ in tts.synthesize("Hi.") {}
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error as? OpenAISpeechSynthesizer.Failure, .emptyAudio)
        }
    }

    func testCancellingTheConsumerStopsReading() async throws {
        let server = try FakeStreamingServer(replies: [Self.pcmReply(audio + audio + audio, gap: .milliseconds(40))])
        var chunks = 0
        for try await _ in synthesizer(server, deadline: .seconds(10)).synthesize(text) {
            chunks += 1
            if chunks == 3 { break }
        }
        XCTAssertTrue(server.wait(for: .seconds(3)) { $0.clientHangUps == 1 }, "the server sees the client hang up")
    }
}
