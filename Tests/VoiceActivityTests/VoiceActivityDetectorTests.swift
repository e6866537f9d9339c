import Foundation
import XCTest
import VoiceActivity

final class VoiceActivityDetectorTests: XCTestCase {
    private func whiteNoise(seconds: Double, dBFS: Double, seed: UInt64 = 5) -> [Int16] {
        var rng = SeededGenerator(seed: seed)
        let sigma = 32768 * pow(10, dBFS / 20)
        return (0..<Int(seconds * 16000)).map { _ in Int16(clamping: Int((rng.gaussian() * sigma).rounded())) }
    }

    func testFrameLengthIsChecked() throws {
        let detector = try VoiceActivityDetector()
        XCTAssertEqual(VoiceActivityDetector.frameSamples, 160)
        XCTAssertThrowsError(try detector.processFrame([Int16](repeating: 0, count: 159))) { error in
            XCTAssertEqual(error as? VoiceActivityError, .wrongFrameLength(159))
        }
        XCTAssertEqual(detector.process([Int16](repeating: 0, count: 100)).count, 0)
        XCTAssertThrowsError(try detector.processFrame([Int16](repeating: 0, count: 160))) { error in
            XCTAssertEqual(error as? VoiceActivityError, .partialFramePending(100))
        }
    }

    func testChunkingDoesNotChangeResults() throws {
        let audio = whiteNoise(seconds: 0.5, dBFS: -30)
        let whole = try VoiceActivityDetector().process(audio)
        let chunked = try VoiceActivityDetector()
        var pieces: [VoiceActivityFrame] = []
        var offset = 0
        for size in [1, 7, 333, 160, 959, 20] {
            pieces += chunked.process(Array(audio[offset..<min(offset + size, audio.count)]))
            offset += size
        }
        pieces += chunked.process(Array(audio[offset...]))
        XCTAssertEqual(whole.count, 50)
        XCTAssertEqual(pieces, whole)
        XCTAssertEqual(pieces.last?.index, 49)
        XCTAssertEqual(pieces.last?.endTime, .milliseconds(500))
    }

    func testDigitalSilenceIsNotSpeech() throws {
        let frames = try VoiceActivityDetector().process([Int16](repeating: 0, count: 16000))
        XCTAssertTrue(frames.allSatisfy { !$0.isSpeech && $0.probability == 0 })
    }

    func testSteadyNoiseIsNotSpeechAndFloorMatchesItsLevel() throws {
        let detector = try VoiceActivityDetector()
        let frames = detector.process(whiteNoise(seconds: 3, dBFS: -40))
        let speech = frames.dropFirst(20).filter(\.isSpeech).count
        XCTAssertLessThan(speech, 15, "white noise taken for speech in \(speech) of \(frames.count - 20) frames")
        let last = try XCTUnwrap(frames.last)
        XCTAssertEqual(Double(last.noiseFloorDBFS), -40, accuracy: 2)
        XCTAssertEqual(Double(last.energyDBFS), -40, accuracy: 2)
    }

    func testVowelLikeBurstOverNoiseIsSpeech() throws {
        // A 150 Hz buzz with formant-ish harmonics, 10 dB above −45 dBFS white noise.
        var audio = whiteNoise(seconds: 3, dBFS: -45)
        let start = 16000 * 2, length = 8000
        for i in 0..<length {
            let t = Double(i) / 16000
            var v = 0.0
            for h in 1...20 { v += sin(2 * .pi * 150 * Double(h) * t) / Double(h) }
            audio[start + i] = Int16(clamping: Int(audio[start + i]) + Int(v * 32768 * pow(10, -38.0 / 20)))
        }
        let frames = try VoiceActivityDetector().process(audio)
        let inside = frames[(start / 160 + 3)..<((start + length) / 160)]
        XCTAssertGreaterThan(Double(inside.filter(\.isSpeech).count) / Double(inside.count), 0.9)
        let before = frames[100..<(start / 160)]
        XCTAssertLessThan(before.filter(\.isSpeech).count, 10)
    }

    func testResetStartsOver() throws {
        let detector = try VoiceActivityDetector()
        _ = detector.process(whiteNoise(seconds: 0.2, dBFS: -30))
        XCTAssertEqual(detector.framesProcessed, 20)
        detector.reset()
        XCTAssertEqual(detector.framesProcessed, 0)
        XCTAssertEqual(detector.process([Int16](repeating: 0, count: 160)).first?.index, 0)
    }

    func testSpeexFeatureCanBeEnabled() throws {
        var settings = VoiceActivityDetector.Settings()
        settings.useSpeexProbability = true
        let frames = try VoiceActivityDetector(settings: settings).process(whiteNoise(seconds: 0.3, dBFS: -30))
        XCTAssertEqual(frames.count, 30)
        XCTAssertTrue(frames.allSatisfy { (0...1).contains($0.features.speexProbability) })
    }
}
