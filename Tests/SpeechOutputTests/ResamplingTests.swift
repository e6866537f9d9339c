import AudioCodec
import SpeechOutput
import XCTest

final class ResamplingTests: XCTestCase {
    /// 22.05 kHz TTS-rate tone → resampled to 48 kHz → Opus → decoded: still 440 Hz (±5 Hz).
    func testResampled440HzToneSurvivesOpus() throws {
        let tone = SpeechTestAudio.tone(frequency: 440, sampleRate: 22050, milliseconds: 1000)
        let stream = try SpeechOutputStream()
        for start in stride(from: 0, to: tone.count, by: 1081) {  // eSpeak-sized chunks
            try stream.enqueue(utteranceId: "tone", pcm: Array(tone[start..<min(start + 1081, tone.count)]), sampleRate: 22050)
        }
        stream.finishUtterance("tone")
        let frames = drive(stream, from: .now, slots: 0..<60).map(\.frame).filter { $0.kind == .speech }
        XCTAssertEqual(frames.count, 50, "1 s at 48 kHz is 50 frames")
        XCTAssertEqual(frames.last?.playedSamples, 48000, "exactly 1 s of 48 kHz audio")

        let decoded = try SpeechTestAudio.decode(frames)
        let steady = Array(decoded[4800..<43200])  // skip codec start-up and the tail
        let peak = SpeechTestAudio.peakFrequency(steady, sampleRate: 48000, range: 380...500)
        XCTAssertEqual(peak, 440, accuracy: 5)
        XCTAssertGreaterThan(SpeechTestAudio.rms(steady), 5000, "the tone kept its level (input RMS ≈ 11585)")
        print("resampling: 22050→48000 Hz tone decoded at \(peak) Hz, RMS \(Int(SpeechTestAudio.rms(steady)))")
    }

    /// The filter delay is removed, so sample indices (and word timings) line up.
    func testAlignedResamplerKeepsSamplePositions() throws {
        var input = [Int16](repeating: 0, count: 22050)
        input[11025] = 30000  // 0.5 s
        let resampler = try AlignedResampler(inputRate: 22050, outputRate: 48000)
        var output: [Int16] = []
        for start in stride(from: 0, to: input.count, by: 1081) {
            output += resampler.process(Array(input[start..<min(start + 1081, input.count)]))
        }
        output += resampler.finish()
        XCTAssertEqual(output.count, 48000)
        let peakIndex = output.indices.max { abs(Int(output[$0])) < abs(Int(output[$1])) } ?? -1
        XCTAssertEqual(peakIndex, 24000, accuracy: 1)
        XCTAssertEqual(resampler.outputIndex(forInputIndex: 11025), 24000)
        XCTAssertEqual(resampler.finish(), [], "finish is one-shot")
    }

    /// Word timings given at the TTS rate are kept at 48 kHz.
    func testWordTimingsConvertedTo48k() throws {
        let stream = try SpeechOutputStream()
        let pcm = [Int16](repeating: 1000, count: 22050)
        try stream.enqueue(utteranceId: "u", pcm: pcm, sampleRate: 22050,
                           words: [SpokenWord(word: "hello", startSample: 0), SpokenWord(word: "there", startSample: 11025)])
        stream.finishUtterance("u")
        _ = drive(stream, from: .now, slots: 0..<38)  // 36480 samples: "there" 12480 of 24000 played
        XCTAssertEqual(stream.cancelAll(now: .now).interrupted?.heardText, "hello there")
        let early = try SpeechOutputStream()
        try early.enqueue(utteranceId: "u", pcm: pcm, sampleRate: 22050,
                          words: [SpokenWord(word: "hello", startSample: 0), SpokenWord(word: "there", startSample: 11025)])
        early.finishUtterance("u")
        _ = drive(early, from: .now, slots: 0..<37)  // 35520: "there" 11520 < 12000
        XCTAssertEqual(early.cancelAll(now: .now).interrupted?.heardText, "hello")
    }
}
