import Foundation
import SpeexDSP
import VoiceActivity

/// A labelled speech/non-speech corpus generated from eSpeak NG, at 16 kHz in 10 ms frames.
///
/// **Clean stream.** 1 s of silence, then each of ``sentences`` (voice, rate and pitch
/// cycled/seeded), synthesised at 22 050 Hz, resampled to 16 kHz with speexdsp (filter
/// delay removed), scaled to −26 dBFS active level ±3 dB, each followed by a seeded
/// silence of 0.3–1.5 s; 1 s of silence at the end.
///
/// **Labelling rule (ground truth per 10 ms frame, from the clean signal only).** A frame
/// is speech when its RMS is at least −45 dB relative to its sentence's active speech
/// level (the RMS over the sentence's frames louder than −60 dB re its peak frame);
/// then every non-speech run shorter than 150 ms lying between two speech frames of the
/// same sentence is relabelled speech (stop closures and short inter-word pauses count as
/// speech). Each sentence's first and last speech frames are its true onset and end.
///
/// **Noise.** white (Gaussian), babble (six talkers: a pool of other eSpeak sentences in
/// other voices, each talker a different circular shift and gain, not low-passed), and
/// hum (50 Hz with harmonics 2…12 at 1/k^0.7, random phases). The noise is scaled so
/// that SNR = speech power / noise power, both measured over the speech-labelled frames.
/// Everything is seeded. The speech comes from the `espeak-ng` command in a child process per
/// sentence: eSpeak NG keeps state between calls in one process (its fricative noise uses
/// `rand()`, and more), so in-process synthesis depended on what earlier tests had spoken.
struct VADCorpus {
    static let sampleRate = 16_000
    static let frameSamples = 160

    enum Noise: String, CaseIterable {
        case white, babble, hum
    }

    struct Sentence {
        var text: String
        var voice: String
        /// First / one-past-last speech frame.
        var onsetFrame: Int
        var endFrame: Int
    }

    struct Condition {
        var name: String
        var noise: Noise?
        var snrDB: Double?
        var samples: [Int16]
    }

    let clean: [Float]
    let labels: [Bool]
    let sentences: [Sentence]
    let noiseTracks: [Noise: [Float]]
    /// Power over the speech-labelled frames: of the clean stream, and of each noise track.
    let cleanSpeechPower: Double
    let noiseSpeechPower: [Noise: Double]

    static let sentences: [String] = [
        "In my last role I led a small team that rebuilt our payment service in Go.",
        "We moved from a monolith to a handful of services, and latency dropped by about forty percent.",
        "Honestly, the hardest part was the database migration, not the code.",
        "I usually start by writing a failing test, then I make it pass as simply as I can.",
        "When two engineers disagree, I ask each of them to write down the trade-offs first.",
        "Our on-call rotation was painful, so we invested in better alerts and runbooks.",
        "I have used Postgres for about six years, mostly for transactional workloads.",
        "The outage was caused by a retry storm after a cache node failed.",
        "I would shard the table by customer, because most queries are scoped to one customer.",
        "My strongest language is Swift, but I am comfortable with Python and TypeScript.",
        "We measured everything before optimising, and the real bottleneck surprised us.",
        "I think code review is mostly about sharing context, not catching bugs.",
        "Yes, I mentored two junior developers through their first production launch.",
        "If I had more time, I would have added load tests to the release pipeline.",
        "Kubernetes was overkill for us at first, so we started with plain virtual machines.",
        "That project taught me to talk to users before writing a single line of code.",
    ]

    static let babbleSentences: [String] = [
        "The weather was lovely this morning so we walked to the station.",
        "Could you pass me the report from yesterday's meeting please.",
        "They are opening a new coffee shop on the corner next week.",
        "I forgot my umbrella again and got completely soaked.",
        "The train was delayed by twenty minutes because of signal problems.",
        "We should book the tickets before the prices go up.",
        "My sister is visiting from Canada at the end of the month.",
        "Let's meet after lunch to go over the budget numbers.",
    ]

    static let voices = ["en-us", "en", "en+f3", "en-us+m3", "en+f2"]
    static let babbleVoices = ["en+m7", "en-us+f4", "en+m2", "en-us+f1"]
    static let rates = [150, 165, 175, 190, 205]

    /// Synthesises and labels the corpus. Takes a few seconds (eSpeak + resampling).
    init(seed: UInt64 = 1) throws {
        var rng = SeededGenerator(seed: seed)

        var clean = [Float](repeating: 0, count: Self.sampleRate)  // 1 s lead-in
        var labels = [Bool](repeating: false, count: clean.count / Self.frameSamples)
        var sentences: [Sentence] = []
        for (index, text) in Self.sentences.enumerated() {
            let voice = Self.voices[index % Self.voices.count]
            let rate = Self.rates[(index * 3) % Self.rates.count]
            let pitch = 35 + Int(rng.uniform(0...30))
            var audio = try Self.synthesize(text, voice: voice, rate: rate, pitch: pitch)
            // Pad to whole frames so labels line up with the stream.
            let padded = (audio.count + Self.frameSamples - 1) / Self.frameSamples * Self.frameSamples
            audio += [Float](repeating: 0, count: padded - audio.count)
            let (frameLabels, activeRMS) = Self.label(audio)
            let gain = Float(pow(10, (-26 + rng.uniform(-3...3)) / 20)) / max(activeRMS, 1e-9)
            let startFrame = labels.count
            clean += audio.map { $0 * gain }
            labels += frameLabels
            if let first = frameLabels.firstIndex(of: true), let last = frameLabels.lastIndex(of: true) {
                sentences.append(Sentence(text: text, voice: voice, onsetFrame: startFrame + first, endFrame: startFrame + last + 1))
            }
            let gapFrames = Int(rng.uniform(30...150))
            clean += [Float](repeating: 0, count: gapFrames * Self.frameSamples)
            labels += [Bool](repeating: false, count: gapFrames)
        }
        clean += [Float](repeating: 0, count: Self.sampleRate)
        labels += [Bool](repeating: false, count: 100)
        self.clean = clean
        self.labels = labels
        self.sentences = sentences

        var tracks: [Noise: [Float]] = [:]
        var white = [Float](repeating: 0, count: clean.count)
        for i in white.indices { white[i] = Float(rng.gaussian()) }
        tracks[.white] = white
        tracks[.babble] = try Self.babble(length: clean.count, rng: &rng)
        tracks[.hum] = Self.hum(length: clean.count, rng: &rng)
        noiseTracks = tracks
        cleanSpeechPower = Self.speechPower(of: clean, labels: labels)
        noiseSpeechPower = tracks.mapValues { Self.speechPower(of: $0, labels: labels) }
    }

    /// Mean power over speech-labelled frames.
    static func speechPower(of signal: [Float], labels: [Bool]) -> Double {
        var sum: Float = 0
        var total = 0.0
        var count = 0
        signal.withUnsafeBufferPointer { x in
            for (frame, isSpeech) in labels.enumerated() where isSpeech {
                sum = 0
                for i in (frame * frameSamples)..<((frame + 1) * frameSamples) { sum += x[i] * x[i] }
                total += Double(sum)
                count += frameSamples
            }
        }
        return count > 0 ? total / Double(count) : 0
    }

    /// The clean stream, or the clean stream plus `noise` at `snrDB`, as Int16.
    func condition(noise: Noise?, snrDB: Double?) -> Condition {
        var gain: Float = 0
        var name = "clean"
        var track = clean  // placeholder when clean; multiplied by 0
        if let noise, let snrDB, let noiseTrack = noiseTracks[noise], let noisePower = noiseSpeechPower[noise] {
            gain = Float((cleanSpeechPower / (noisePower * pow(10, snrDB / 10))).squareRoot())
            name = "\(noise.rawValue)_\(Int(snrDB))dB"
            track = noiseTrack
        }
        var samples = [Int16](repeating: 0, count: clean.count)
        clean.withUnsafeBufferPointer { c in
            track.withUnsafeBufferPointer { t in
                samples.withUnsafeMutableBufferPointer { out in
                    for i in 0..<c.count {
                        let v = (c[i] + gain * t[i]) * 32767
                        out[i] = v >= 32767 ? 32767 : (v <= -32768 ? -32768 : Int16(v.rounded()))
                    }
                }
            }
        }
        return Condition(name: name, noise: noise, snrDB: snrDB, samples: samples)
    }

    // MARK: Generation helpers

    static func synthesize(_ text: String, voice: String, rate: Int, pitch: Int) throws -> [Float] {
        let speech = try ChildProcessSpeech.synthesize(text, voice: voice, rate: rate, pitch: pitch)
        let resampler = try Resampler(inputRate: speech.sampleRate, outputRate: sampleRate, quality: 5)
        let latency = resampler.outputLatency
        var out = resampler.process(speech.samples)
        out += resampler.flush()
        let aligned = out.dropFirst(min(latency, out.count))
        return aligned.map { Float($0) / 32768 }
    }

    /// Labels whole frames of one sentence (see the type's doc comment) and returns its
    /// active RMS.
    static func label(_ audio: [Float]) -> ([Bool], Float) {
        let frames = audio.count / frameSamples
        var rms = [Float](repeating: 0, count: frames)
        for f in 0..<frames {
            var sum: Float = 0
            for i in (f * frameSamples)..<((f + 1) * frameSamples) { sum += audio[i] * audio[i] }
            rms[f] = (sum / Float(frameSamples)).squareRoot()
        }
        let peak = rms.max() ?? 0
        let active = rms.filter { $0 > peak * 0.001 }
        let activeRMS = active.isEmpty ? 0 : (active.reduce(0) { $0 + $1 * $1 } / Float(active.count)).squareRoot()
        let threshold = activeRMS * Float(pow(10, -45.0 / 20))
        var labels = rms.map { $0 >= threshold && $0 > 0 }
        fillShortGaps(&labels, maximumFrames: 14)
        return (labels, activeRMS)
    }

    /// Relabels non-speech runs shorter than `maximumFrames + 1` frames between speech frames.
    static func fillShortGaps(_ labels: inout [Bool], maximumFrames: Int) {
        var lastSpeech: Int?
        for i in labels.indices where labels[i] {
            if let previous = lastSpeech, i - previous - 1 > 0, i - previous - 1 <= maximumFrames {
                for j in (previous + 1)..<i { labels[j] = true }
            }
            lastSpeech = i
        }
    }

    static func babble(length: Int, rng: inout SeededGenerator) throws -> [Float] {
        var pool: [Float] = []
        for (index, text) in babbleSentences.enumerated() {
            let voice = babbleVoices[index % babbleVoices.count]
            pool += try synthesize(text, voice: voice, rate: 160 + 10 * (index % 4), pitch: 30 + 5 * index)
            pool += [Float](repeating: 0, count: Int(rng.uniform(800...3200)))
        }
        var track = [Float](repeating: 0, count: length)
        for _ in 0..<6 {
            let offset = Int(rng.uniform(0...Double(pool.count - 1)))
            let gain = Float(pow(10, rng.uniform(-3...3) / 20))
            for i in 0..<length { track[i] += gain * pool[(i + offset) % pool.count] }
        }
        return track
    }

    /// 50 Hz is exactly 320 samples at 16 kHz, so one period is computed and tiled.
    static func hum(length: Int, rng: inout SeededGenerator) -> [Float] {
        let period = sampleRate / 50
        var cycle = [Float](repeating: 0, count: period)
        for harmonic in 1...12 {
            let amplitude = Float(1 / pow(Double(harmonic), 0.7))
            let phase = rng.uniform(0...(2 * Double.pi))
            let step = 2 * Double.pi * Double(harmonic) / Double(period)
            for i in 0..<period { cycle[i] += amplitude * Float(sin(phase + step * Double(i))) }
        }
        return (0..<length).map { cycle[$0 % period] }
    }
}
