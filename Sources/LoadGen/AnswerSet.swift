import AudioCodec
import Caller
import ESpeakNG
import Foundation
import SpeechOutput
import SpeexDSP

/// The answers all callers share, prepared once before the run: eSpeak NG speech of built-in
/// answers (on-topic for the interviews `parley load` creates, twelve words or more so the
/// rule-based interviewer moves on), or the WAV files of a folder in name order.
public struct AnswerSet: Sendable {
    public let clips: [AnswerClip]
    /// "espeak-ng" or the folder read.
    public let source: String

    /// The interviews `parley load` creates ask about this role and stack.
    public static let role = "Backend engineer"
    public static let techstack = ["Swift", "Postgres"]
    /// Built-in answers (Whisper tiny.en reads eSpeak NG's voice of these well after Opus).
    public static let builtInAnswers = [
        "I have worked with Swift and Postgres for four years, building payment services for an online store.",
        "In my last team we built a booking service in Swift, and we stored all the data in Postgres with careful indexes.",
        "First I would measure the slow requests, then look at the database queries, and then add an index or a cache.",
    ]

    /// Why answers could not be prepared.
    public enum Failure: Error, CustomStringConvertible {
        case noWAVFiles(String)
        case unreadable(String, String)
        case silent(String)

        public var description: String {
            switch self {
            case .noWAVFiles(let folder): "no .wav files in \(folder)"
            case .unreadable(let file, let why): "\(file): \(why)"
            case .silent(let name): "answer \(name) has no 10 ms window at or above \(AudioLevel.audibleThresholdDBFS) dBFS"
            }
        }
    }

    public init(clips: [AnswerClip], source: String) {
        self.clips = clips
        self.source = source
    }

    /// 20 ms of digital silence as Parley's callers encode it (what they send between answers,
    /// like a browser's open microphone).
    public static let silenceFrame: [UInt8] = {
        if let encoder = try? OpusEncoder(sampleRate: 48_000, channels: 1, application: .voip),
           let frames = try? (0..<5).map({ _ in try encoder.encode(pcm: [Int16](repeating: 0, count: 960)) }),
           let last = frames.last {
            return last
        }
        return [0xF8, 0xFF, 0xFE] // an Opus CELT 20 ms frame that decodes to silence
    }()

    /// eSpeak NG speech of `texts` (en-us, 160 words per minute).
    public static func synthesized(_ texts: [String] = builtInAnswers, expectedLossPercent: Int = 0) throws -> AnswerSet {
        let engine = try ESpeakSynthesizer.shared()
        let clips = try texts.enumerated().map { index, text in
            let speech = try engine.synthesize(text: text, voice: "en-us", rate: 160, randomSeed: UInt32(index + 1))
            return try clip(name: "answer\(index + 1)", text: text, samples: speech.samples, sampleRate: speech.sampleRate,
                            expectedLossPercent: expectedLossPercent)
        }
        return AnswerSet(clips: clips, source: "espeak-ng")
    }

    /// The `.wav` files of `folder` (16-bit PCM, any rate, first channel), in name order.
    public static func folder(_ folder: String, expectedLossPercent: Int = 0) throws -> AnswerSet {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.lowercased().hasSuffix(".wav") }.sorted()
        guard !names.isEmpty else { throw Failure.noWAVFiles(folder) }
        let clips = try names.map { name in
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else { throw Failure.unreadable(path, "cannot read") }
            let wav: WAVReader.Audio
            do { wav = try WAVReader.read([UInt8](data)) } catch { throw Failure.unreadable(path, "\(error)") }
            return try clip(name: name, text: nil, samples: wav.samples, sampleRate: wav.sampleRate, expectedLossPercent: expectedLossPercent)
        }
        return AnswerSet(clips: clips, source: folder)
    }

    /// Resamples to 48 kHz, encodes 20 ms Opus frames (voice, in-band FEC) and measures the levels
    /// of the decoded frames.
    static func clip(name: String, text: String?, samples: [Int16], sampleRate: Int, expectedLossPercent: Int) throws -> AnswerClip {
        var pcm = samples
        if sampleRate != 48_000 {
            let resampler = try Resampler(inputRate: sampleRate, outputRate: 48_000)
            pcm = resampler.process(samples) + resampler.flush()
        }
        let padded = (pcm.count + 959) / 960 * 960
        pcm += [Int16](repeating: 0, count: padded - pcm.count)
        let encoder = try OpusEncoder(sampleRate: 48_000, channels: 1, application: .voip)
        try encoder.setInbandFEC(true)
        try encoder.setExpectedPacketLoss(percent: min(max(expectedLossPercent, 0), 100))
        var frames: [[UInt8]] = []
        frames.reserveCapacity(pcm.count / 960)
        for offset in stride(from: 0, to: pcm.count, by: 960) {
            frames.append(try encoder.encode(pcm: Array(pcm[offset..<offset + 960])))
        }
        // Levels of the audio as the server decodes it (Opus shifts it by its lookahead), so the
        // end of speech is found in the same packet on both sides.
        let decoder = try OpusDecoder(sampleRate: 48_000, channels: 1)
        var decoded: [Int16] = []
        decoded.reserveCapacity(pcm.count)
        for frame in frames { decoded += try decoder.decode(frame) }
        let clip = AnswerClip(name: name, text: text, frames: frames, windowLevels: AudioLevel.windowLevelsDBFS(decoded).map(Float.init))
        guard clip.endOfSpeechFrame != nil else { throw Failure.silent(name) }
        return clip
    }
}
