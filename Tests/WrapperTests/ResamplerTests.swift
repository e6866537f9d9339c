import XCTest
import SpeexDSP

final class ResamplerTests: XCTestCase {
    func testDownsample48kTo16kKeepsTone() throws {
        let resampler = try Resampler(inputRate: 48000, outputRate: 16000, channels: 1, quality: 5)
        let input = WrapperTestAudio.tone(frequency: 440, sampleRate: 48000, seconds: 1)
        var output: [Int16] = []
        for start in stride(from: 0, to: input.count, by: 960) {  // 20 ms pieces, as from Opus
            output += resampler.process(Array(input[start..<start + 960]))
        }
        XCTAssertEqual(Double(output.count), 16000, accuracy: 40, "output length ≈ input / 3")
        let steady = output.dropFirst(resampler.outputLatency + 320)
        XCTAssertGreaterThan(WrapperTestAudio.rms(steady), 6000)
        XCTAssertEqual(WrapperTestAudio.dominantFrequency(steady, sampleRate: 16000), 440, accuracy: 5)

        // The filter delay pads the start; flush() returns the delayed end of the stream.
        let tail = resampler.flush()
        XCTAssertEqual(tail.count, resampler.outputLatency, accuracy: 2)
        XCTAssertGreaterThan(WrapperTestAudio.rms(tail.prefix(tail.count / 2)), 3000)
    }

    func testStreamingMatchesOneShot() throws {
        let input = WrapperTestAudio.tone(frequency: 1000, sampleRate: 22050, seconds: 0.5)
        let oneShot = try Resampler(inputRate: 22050, outputRate: 16000).process(input)
        let streaming = try Resampler(inputRate: 22050, outputRate: 16000)
        var pieces: [Int16] = []
        var start = 0
        for size in [1, 7, 441, 100, 2000, 13] where start < input.count {
            let end = min(start + size, input.count)
            pieces += streaming.process(Array(input[start..<end]))
            start = end
        }
        pieces += streaming.process(Array(input[start...]))
        XCTAssertEqual(pieces, oneShot)
    }

    func testResetForgetsState() throws {
        let resampler = try Resampler(inputRate: 16000, outputRate: 48000)
        let input = WrapperTestAudio.tone(frequency: 300, sampleRate: 16000, seconds: 0.1)
        let first = resampler.process(input)
        resampler.reset()
        XCTAssertEqual(resampler.process(input), first)
        XCTAssertGreaterThan(resampler.inputLatency, 0)
    }

    func testFloatUpsample() throws {
        let resampler = try Resampler(inputRate: 16000, outputRate: 48000, channels: 1, quality: 3)
        let input = (0..<1600).map { Float(sin(2 * Double.pi * 440 * Double($0) / 16000)) * 0.5 }
        let output = resampler.process(input)
        XCTAssertEqual(Double(output.count), 4800, accuracy: 10)
        XCTAssertGreaterThan(output.map { abs($0) }.max() ?? 0, 0.4)
    }

    func testInvalidResamplerArgumentsThrow() {
        XCTAssertThrowsError(try Resampler(inputRate: 0, outputRate: 16000))
        XCTAssertThrowsError(try Resampler(inputRate: 48000, outputRate: 16000, quality: 11))
        XCTAssertThrowsError(try Resampler(inputRate: 48000, outputRate: 16000, channels: 0))
    }

    func testPreprocessorDenoisesStationaryNoise() throws {
        let preprocessor = try Preprocessor(frameSize: 320, sampleRate: 16000)
        XCTAssertTrue(preprocessor.denoise)
        preprocessor.vad = true
        XCTAssertTrue(preprocessor.vad)
        preprocessor.agc = false
        preprocessor.noiseSuppressionDB = -30
        XCTAssertEqual(preprocessor.noiseSuppressionDB, -30)
        preprocessor.agcLevel = 12000
        XCTAssertEqual(preprocessor.agcLevel, 12000)

        var generator = SystemRandomNumberGenerator()
        var inputEnergy = 0.0, outputEnergy = 0.0
        for index in 0..<100 {  // 2 s of white noise
            var frame = (0..<320).map { _ in Int16.random(in: -2000...2000, using: &generator) }
            let before = WrapperTestAudio.rms(frame)
            let result = try preprocessor.process(&frame)
            XCTAssert((0...100).contains(result.probability))
            if index >= 50 {  // after the noise estimate has converged
                inputEnergy += before
                outputEnergy += WrapperTestAudio.rms(frame)
            }
        }
        XCTAssertLessThan(outputEnergy, inputEnergy / 2, "denoise should attenuate stationary noise")

        var wrongSize = [Int16](repeating: 0, count: 100)
        XCTAssertThrowsError(try preprocessor.process(&wrongSize))
    }
}
