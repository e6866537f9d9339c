import Caller
import SpeechOutput
import XCTest
@testable import LoadGen

/// WAV answers: PCM 16-bit read back exactly, other formats and garbage refused clearly.
final class WAVReaderTests: XCTestCase {
    func wav(samples: [Int16], rate: Int, channels: Int = 1, bits: Int = 16, format: Int = 1, extraChunk: Bool = false) -> [UInt8] {
        func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
        func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }
        var data: [UInt8] = []
        for s in samples { for _ in 0..<channels { data += le16(Int(UInt16(bitPattern: s))) } }
        let fmt = le16(format) + le16(channels) + le32(rate) + le32(rate * channels * bits / 8) + le16(channels * bits / 8) + le16(bits)
        var body = Array("WAVE".utf8) + Array("fmt ".utf8) + le32(fmt.count) + fmt
        if extraChunk { body += Array("LIST".utf8) + le32(3) + [1, 2, 3, 0] }
        body += Array("data".utf8) + le32(data.count) + data
        return Array("RIFF".utf8) + le32(body.count) + body
    }

    func testReadsMonoAndTheFirstChannelOfStereo() throws {
        let samples: [Int16] = [0, 1, -1, 32767, -32768, 1234]
        XCTAssertEqual(try WAVReader.read(wav(samples: samples, rate: 22_050)), .init(samples: samples, sampleRate: 22_050))
        XCTAssertEqual(try WAVReader.read(wav(samples: samples, rate: 48_000, channels: 2, extraChunk: true)).samples, samples)
    }

    func testRefusesWhatItCannotRead() {
        XCTAssertThrowsError(try WAVReader.read([])) { XCTAssertEqual($0 as? WAVReader.Failure, .notWAV) }
        XCTAssertThrowsError(try WAVReader.read(Array("RIFF....WAVEjunk".utf8)))
        XCTAssertThrowsError(try WAVReader.read(wav(samples: [1, 2], rate: 16_000, bits: 8))) {
            XCTAssertEqual($0 as? WAVReader.Failure, .unsupported("8-bit samples (only 16)"))
        }
        XCTAssertThrowsError(try WAVReader.read(wav(samples: [1, 2], rate: 16_000, format: 3)))
        XCTAssertThrowsError(try WAVReader.read(wav(samples: [1, 2], rate: 1_000)))
        // Truncated anywhere: an error or fewer samples, never a crash.
        let full = wav(samples: Array(repeating: 100, count: 50), rate: 16_000)
        for cut in stride(from: 0, to: full.count, by: 7) { _ = try? WAVReader.read(Array(full.prefix(cut))) }
    }

    func testAnswerClipFromAWAVFolder() throws {
        let folder = NSTemporaryDirectory() + "parley-answers-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 0.3 s of silence, 1 s of a 300 Hz tone at about −13 dBFS, 0.5 s of silence, at 16 kHz.
        let tone = (0..<16_000).map { Int16(8000 * sin(2 * Double.pi * 300 * Double($0) / 16_000)) }
        let samples = [Int16](repeating: 0, count: 4800) + tone + [Int16](repeating: 0, count: 8000)
        try Data(wav(samples: samples, rate: 16_000)).write(to: URL(fileURLWithPath: folder + "/b.wav"))
        try Data(wav(samples: samples, rate: 16_000)).write(to: URL(fileURLWithPath: folder + "/a.wav"))
        try Data("not audio".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        let set = try AnswerSet.folder(folder)
        XCTAssertEqual(set.clips.map(\.name), ["a.wav", "b.wav"])
        let clip = set.clips[0]
        XCTAssertTrue((90...91).contains(clip.frames.count), "1.8 s at 48 kHz in 20 ms frames (plus the resampler's tail): \(clip.frames.count)")
        XCTAssertEqual(clip.windowLevels.count, 2 * clip.frames.count)
        // Speech from 0.3 s (frame 15) to 1.3 s (frame 64), give or take the resampler's delay.
        XCTAssertEqual(Double(clip.onsetFrame ?? 0), 15, accuracy: 1)
        XCTAssertEqual(Double(clip.endOfSpeechFrame ?? 0), 64, accuracy: 1)

        try Data(wav(samples: [Int16](repeating: 0, count: 16_000), rate: 16_000)).write(to: URL(fileURLWithPath: folder + "/c.wav"))
        XCTAssertThrowsError(try AnswerSet.folder(folder), "a silent answer has no end of speech")
    }

    func testAudioLevels() {
        XCTAssertEqual(AudioLevel.windowLevelsDBFS([Int16](repeating: 0, count: 960)), [-120, -120])
        // A full-scale square wave is 0 dBFS; half scale −6.02 dBFS.
        XCTAssertEqual(AudioLevel.loudestWindowDBFS((0..<480).map { $0 % 2 == 0 ? 16384 : -16384 }), -6.02, accuracy: 0.01)
    }
}
