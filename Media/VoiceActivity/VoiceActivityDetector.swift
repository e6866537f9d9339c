import Foundation
import SpeexDSP

/// Per-frame voice-activity detection for 16 kHz mono Int16 audio (the STT rate) in
/// **10 ms frames** (160 samples).
///
/// Each frame is analysed on a 25 ms Hann window (the new 10 ms plus the 15 ms before it,
/// 512-point FFT), against an adaptive noise floor per FFT bin (``NoiseFloorTracker``,
/// minimum statistics: falls at once, rises only after a louder noise persists ~1.6 s).
/// Features (``VoiceActivityFeatures``): speech-band a-posteriori SNR, whole-band energy
/// above the floor, pitch strength of the noise-reduced spectrum, spectral flatness and,
/// optionally, speexdsp's preprocessor probability. They are combined by a fixed logistic
/// function into a speech probability 0…1, and into a per-frame decision with hysteresis
/// and a short hangover. Stationary noise (hiss, mains hum and its harmonics) is removed
/// by the per-bin floor; babble is handled by the floor tracking its dips plus the SNR
/// margin.
///
/// Sans-IO: feed samples with ``process(_:)`` (any chunk size; leftovers are kept for the
/// next call) and read one ``VoiceActivityFrame`` per completed frame. No clock: frame
/// `index` × 10 ms is stream time. Not thread-safe; one instance per audio stream.
public final class VoiceActivityDetector {
    public static let sampleRate = 16_000
    public static let frameMilliseconds = 10
    /// Samples per frame: 160.
    public static let frameSamples = sampleRate * frameMilliseconds / 1000
    static let windowSamples = 400
    static let fftSize = 512
    static let binCount = fftSize / 2 + 1
    /// Frames whose 25 ms window still reaches back before the stream start.
    static let warmUpFrames = (windowSamples - 1) / frameSamples

    public let settings: Settings

    var fft = RealFFT(size: VoiceActivityDetector.fftSize)
    let window: [Float]
    let windowEnergy: Float
    /// Autocorrelation of the window, normalised to 1 at lag 0 (to undo its taper in pitch strength).
    let windowAutocorrelation: [Float]
    var noiseTracker: NoiseFloorTracker
    let speex: Preprocessor?
    let bandBins: ClosedRange<Int>
    let pitchLags: ClosedRange<Int>
    let minimumNoisePower: Float
    let hangoverFrames: Int

    var history: [Float]
    var pending: [Int16] = []
    var frameIndex = 0
    var inSpeech = false
    var levelVariance: Float
    var framesBelowContinue = 0
    /// Scratch: the windowed signal (FFT size), then the autocorrelation.
    var scratch: [Float]
    var power: [Float]
    var excess: [Float]

    /// - Throws: ``SpeexDSPError`` only if ``Settings/useSpeexProbability`` is on and the
    ///   preprocessor cannot be created.
    public init(settings: Settings = Settings()) throws {
        self.settings = settings
        let n = Self.windowSamples
        window = (0..<n).map { Float(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n))) }
        windowEnergy = window.reduce(0) { $0 + $1 * $1 }
        var auto = [Float](repeating: 0, count: n)
        for lag in 0..<n {
            var sum: Float = 0
            for i in 0..<(n - lag) { sum += window[i] * window[i + lag] }
            auto[lag] = sum
        }
        let zeroLag = auto[0]
        windowAutocorrelation = auto.map { $0 / zeroLag }
        let subwindows = max(1, Int((Self.milliseconds(settings.noiseWindow) / 200).rounded()))
        noiseTracker = NoiseFloorTracker(binCount: Self.binCount, subwindowFrames: 20, subwindowCount: subwindows,
                                         smoothing: settings.noiseSmoothing, presenceRatio: settings.noisePresenceRatio,
                                         averaging: settings.noiseAveraging, fallingAveraging: settings.noiseFallingAveraging,
                                         minimumBias: settings.noiseMinimumBias)
        if settings.useSpeexProbability {
            let preprocessor = try Preprocessor(frameSize: Self.frameSamples, sampleRate: Self.sampleRate)
            preprocessor.vad = true
            speex = preprocessor
        } else {
            speex = nil
        }
        let binHz = Float(Self.sampleRate) / Float(Self.fftSize)
        let low = max(1, Int((settings.speechBandHz.lowerBound / binHz).rounded()))
        let high = min(Self.binCount - 1, max(low, Int((settings.speechBandHz.upperBound / binHz).rounded())))
        bandBins = low...high
        let shortest = max(2, Int((Float(Self.sampleRate) / settings.pitchRangeHz.upperBound).rounded()))
        let longest = min(n - 1, max(shortest, Int((Float(Self.sampleRate) / settings.pitchRangeHz.lowerBound).rounded())))
        pitchLags = shortest...longest
        minimumNoisePower = pow(10, settings.minimumNoiseFloorDBFS / 10)
        hangoverFrames = max(0, Int((Self.milliseconds(settings.hangover) / Double(Self.frameMilliseconds)).rounded()))
        history = [Float](repeating: 0, count: n)
        levelVariance = settings.levelDeviationPriorDB * settings.levelDeviationPriorDB
        scratch = [Float](repeating: 0, count: Self.fftSize)
        power = [Float](repeating: 0, count: Self.binCount)
        excess = [Float](repeating: 0, count: Self.binCount)
    }

    /// Frames analysed so far.
    public var framesProcessed: Int { frameIndex }

    /// Feeds the next samples of the stream (16 kHz mono, any count) and returns one result
    /// per 10 ms frame completed by them, in order. A partial frame is kept for the next call.
    public func process(_ samples: [Int16]) -> [VoiceActivityFrame] {
        pending.append(contentsOf: samples)
        var results: [VoiceActivityFrame] = []
        var start = 0
        while pending.count - start >= Self.frameSamples {
            results.append(analyze(pending[start..<(start + Self.frameSamples)]))
            start += Self.frameSamples
        }
        pending.removeFirst(start)
        return results
    }

    /// Analyses exactly one 10 ms frame (160 samples).
    /// - Throws: ``VoiceActivityError/wrongFrameLength(_:)`` for any other length
    ///   (nothing is consumed), or if samples are still pending from ``process(_:)``.
    public func processFrame(_ frame: [Int16]) throws -> VoiceActivityFrame {
        guard frame.count == Self.frameSamples else { throw VoiceActivityError.wrongFrameLength(frame.count) }
        guard pending.isEmpty else { throw VoiceActivityError.partialFramePending(pending.count) }
        return analyze(frame[...])
    }

    /// Forgets all state (noise floor, decision, frame count), as if newly created.
    public func reset() {
        noiseTracker.reset()
        pending.removeAll()
        frameIndex = 0
        inSpeech = false
        framesBelowContinue = 0
        levelVariance = settings.levelDeviationPriorDB * settings.levelDeviationPriorDB
        for i in history.indices { history[i] = 0 }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// Errors from ``VoiceActivityDetector``.
public enum VoiceActivityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// ``VoiceActivityDetector/processFrame(_:)`` needs exactly 160 samples.
    case wrongFrameLength(Int)
    /// ``VoiceActivityDetector/processFrame(_:)`` was called while ``VoiceActivityDetector/process(_:)`` holds a partial frame.
    case partialFramePending(Int)

    public var description: String {
        switch self {
        case .wrongFrameLength(let count):
            return "a VAD frame must be \(VoiceActivityDetector.frameSamples) samples (10 ms at 16 kHz), not \(count)"
        case .partialFramePending(let count):
            return "\(count) samples of a partial frame are pending; keep feeding process(_:) instead"
        }
    }
}
