import AudioCodec
import Foundation

/// Speech-like test audio for the audio-chain benchmarks, synthesised (no eSpeak NG: it is not
/// part of `ParleyMediaCores`): a 3 s loop of 2 s "speech" and 1 s pause.
///
/// - Speech: ten 200 ms syllables, each a glottal pulse train (F0 ≈ 120 Hz with a slow ±8 %
///   intonation and a falling declination) shaped by a sin² syllable envelope, through a
///   one-pole glottal low-pass and a cascade of three Klatt formant resonators, cycling through
///   the vowels /a/ /i/ /u/ /e/ /o/ (Peterson & Barney male formants). Peak −6 dBFS.
/// - Background: white noise at −60 dBFS RMS throughout, so the pause is a quiet room rather
///   than digital silence.
///
/// The loop is long enough for the VAD and endpointer to see onsets, a turn and an end of turn
/// (the pause exceeds the endpointer's 600 ms hangover), so each loop runs through every
/// endpointer state. It is generated at 48 kHz (inbound audio, 48 kHz speech chunks) and at
/// 22.05 kHz (TTS-rate chunks) from the same parametric description.
final class SpeechLikeFixture {
    static let loopSeconds = 3
    static let speechSeconds = 2.0
    static let syllableSeconds = 0.2
    /// 20 ms frames per loop: 150.
    static let loopFrames = loopSeconds * 50

    /// 150 consecutive 20 ms frames at 48 kHz (960 samples each).
    let pcm48k: [[Int16]]
    /// The same audio at 22.05 kHz, 150 chunks of 441 samples (20 ms each), as a TTS engine
    /// such as eSpeak NG or Piper produces it.
    let pcm22k: [[Int16]]
    /// `pcm48k` as a browser encodes it (VOIP, 32 kbit/s, as ``AudioFixture/opusFrames``), two
    /// passes so every payload comes from a warmed-up encoder; the loop boundary lies in the
    /// pause, so cycling through the frames is seamless.
    let browserFrames: [[UInt8]]

    init() throws {
        pcm48k = Self.frames(Self.generate(sampleRate: 48_000), samplesPerFrame: 960)
        pcm22k = Self.frames(Self.generate(sampleRate: 22_050), samplesPerFrame: 441)
        let encoder = try OpusEncoder(sampleRate: 48_000, channels: 1, application: .voip)
        try encoder.setBitrate(AudioFixture.browserBitrate)
        for frame in pcm48k { _ = try encoder.encode(pcm: frame) }
        browserFrames = try pcm48k.map { try encoder.encode(pcm: $0) }
    }

    /// Shared by every benchmark of one process (built once, on first use).
    static let shared: SpeechLikeFixture = {
        do { return try SpeechLikeFixture() } catch { fatalError("speech-like fixture: \(error)") }
    }()

    private static func frames(_ samples: [Int16], samplesPerFrame: Int) -> [[Int16]] {
        stride(from: 0, to: samples.count, by: samplesPerFrame).map { Array(samples[$0..<($0 + samplesPerFrame)]) }
    }

    /// (frequency, bandwidth) in Hz of F1–F3 for /a/ /i/ /u/ /e/ /o/.
    private static let vowels: [[(Double, Double)]] = [
        [(730, 90), (1090, 110), (2440, 170)],
        [(270, 60), (2290, 100), (3010, 180)],
        [(300, 60), (870, 90), (2240, 170)],
        [(530, 70), (1840, 100), (2480, 160)],
        [(570, 80), (840, 90), (2410, 170)],
    ]

    /// One loop of the signal at `sampleRate`.
    static func generate(sampleRate: Int) -> [Int16] {
        let fs = Double(sampleRate)
        let count = sampleRate * loopSeconds
        var voiced = [Double](repeating: 0, count: count)
        var phase = 0.0
        var glottal = 0.0
        var state = [(Double, Double)](repeating: (0, 0), count: 3)
        for index in 0..<count {
            let t = Double(index) / fs
            var excitation = 0.0
            let syllable = Int(t / syllableSeconds)
            if t < speechSeconds {
                let within = t - Double(syllable) * syllableSeconds
                let envelope = pow(sin(Double.pi * within / syllableSeconds), 2)
                let f0 = 120 * (1 + 0.08 * sin(2 * Double.pi * 0.5 * t)) - 5 * t
                phase += f0 / fs
                if phase >= 1 {
                    phase -= 1
                    excitation = envelope
                }
            }
            glottal = excitation + 0.9 * glottal  // ≈ −6 dB/octave spectral tilt
            var signal = glottal
            let formants = vowels[syllable % vowels.count]
            for (k, (frequency, bandwidth)) in formants.enumerated() {
                // Klatt resonator: y[n] = A x[n] + B y[n−1] + C y[n−2], unity gain at DC.
                let c = -exp(-2 * Double.pi * bandwidth / fs)
                let b = 2 * exp(-Double.pi * bandwidth / fs) * cos(2 * Double.pi * frequency / fs)
                let a = 1 - b - c
                let y = a * signal + b * state[k].0 + c * state[k].1
                state[k] = (y, state[k].0)
                signal = y
            }
            voiced[index] = signal
        }
        let peak = voiced.map(abs).max() ?? 1
        let gain = peak > 0 ? 0.5 * 32_767 / peak : 0
        // White noise at −60 dBFS RMS: uniform in ±A has RMS A/√3.
        let noiseAmplitude = 32_768 * pow(10, -60.0 / 20) * 3.0.squareRoot()
        var seed: UInt32 = 0x2545_F491
        return voiced.map { sample in
            seed = seed &* 1_664_525 &+ 1_013_904_223
            let unit = Double(seed >> 8) / Double(1 << 24) * 2 - 1
            return Int16(max(-32_768, min(32_767, (sample * gain + unit * noiseAmplitude).rounded())))
        }
    }
}
