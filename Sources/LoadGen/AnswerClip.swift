import Caller
import SpeechOutput

/// One answer a synthetic caller speaks: 20 ms Opus frames encoded once and shared by every
/// caller, with the level of each 10 ms window so the send time of its speech onset and of its
/// end of speech (``AudioLevel/audibleThresholdDBFS``) can be read off the frame send times.
public struct AnswerClip: Sendable {
    /// The file name or the synthesized text.
    public let name: String
    /// What is said, when known (synthesized answers).
    public let text: String?
    /// Opus frames, 20 ms each.
    public let frames: [[UInt8]]
    /// Level of every 10 ms window of the frames as a receiver decodes them, dBFS (two per frame).
    public let windowLevels: [Float]

    public init(name: String, text: String?, frames: [[UInt8]], windowLevels: [Float]) {
        self.name = name
        self.text = text
        self.frames = frames
        self.windowLevels = windowLevels
    }

    public var durationMs: Int { frames.count * 20 }

    /// The frame carrying the first 10 ms window at speech level, if any.
    public var onsetFrame: Int? {
        windowLevels.firstIndex { AudioLevel.isAudible(Double($0)) }.map { $0 / 2 }
    }

    /// The frame carrying the last 10 ms window at speech level, if any.
    public var endOfSpeechFrame: Int? {
        windowLevels.lastIndex { AudioLevel.isAudible(Double($0)) }.map { $0 / 2 }
    }
}
