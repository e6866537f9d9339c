import Foundation
internal import CESpeakNG

/// Text-to-speech with eSpeak NG: mono 16-bit PCM (22050 Hz) plus word start times,
/// whole or streamed in chunks.
///
/// eSpeak NG keeps all its state in process globals (one current voice, one callback),
/// so this is a process-wide singleton: get it with ``shared()``. It is initialised once
/// in `AUDIO_OUTPUT_SYNCHRONOUS` mode and never terminated.
///
/// Thread safety: every call takes one global lock, so the synthesiser may be used from
/// any thread, but utterances are produced one at a time (a second caller waits). A
/// streaming callback runs on the calling thread with the lock held: it must not call
/// back into the synthesiser (that would deadlock) and should return quickly.
public final class ESpeakSynthesizer: @unchecked Sendable {
    /// Output samples per second, as reported by `espeak_Initialize` (22050).
    public let sampleRate: Int

    /// The process-wide synthesiser, initialising eSpeak NG on first use.
    /// - Throws: ``ESpeakError/initializationFailed`` if the data files cannot be loaded.
    public static func shared() throws -> ESpeakSynthesizer {
        try sharedResult.get()
    }

    private static let sharedResult: Result<ESpeakSynthesizer, ESpeakError> = {
        let rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nil, espeakINITIALIZE_DONT_EXIT)
        guard rate > 0 else { return .failure(.initializationFailed) }
        espeak_SetSynthCallback(synthCallback)
        return .success(ESpeakSynthesizer(sampleRate: Int(rate)))
    }()

    private let lock = NSLock()
    private var currentVoice: String?

    private init(sampleRate: Int) {
        self.sampleRate = sampleRate
    }

    /// Synthesises `text` completely.
    ///
    /// - Parameters:
    ///   - voice: an eSpeak NG voice name such as "en-us", "en-gb", "en-us+f3".
    ///   - rate: speaking rate in words per minute (80...450; eSpeak's default 175).
    ///   - pitch: base pitch 0...100 (default 50).
    ///   - randomSeed: seeds the C library's `rand()`, which eSpeak NG uses for noise in some
    ///     sounds, right before synthesis and under the engine lock, so the same seed gives the
    ///     same samples whatever else the process synthesizes (test corpora need that).
    /// - Returns: all samples and one ``WordTiming`` per word, in order.
    public func synthesize(text: String, voice: String = "en-us", rate wordsPerMinute: Int = 175, pitch: Int = 50,
                           randomSeed: UInt32? = nil) throws -> SynthesizedSpeech {
        var samples: [Int16] = []
        var words: [WordTiming] = []
        try synthesize(text: text, voice: voice, rate: wordsPerMinute, pitch: pitch, randomSeed: randomSeed) { chunk in
            samples.append(contentsOf: chunk.samples)
            words.append(contentsOf: chunk.words)
            return .continue
        }
        return SynthesizedSpeech(samples: samples, sampleRate: sampleRate, words: words)
    }

    /// Synthesises `text`, handing audio to `onChunk` as eSpeak produces it (chunks of about
    /// 50 ms of audio, 1081 samples), so playback can start before the sentence is done.
    /// A word arrives with the chunk that carries its start; its `startSample` may lie a
    /// few samples before that chunk's `startSample`.
    ///
    /// Return ``SynthesisControl/stop`` from `onChunk` to cancel: eSpeak stops at once and
    /// no further chunks arrive.
    @discardableResult
    public func synthesize(
        text: String, voice: String = "en-us", rate wordsPerMinute: Int = 175, pitch: Int = 50,
        randomSeed: UInt32? = nil, onChunk: (SpeechChunk) -> SynthesisControl
    ) throws -> SynthesisSummary {
        guard !text.isEmpty else { throw ESpeakError.invalidText("the text is empty") }
        guard !text.utf8.contains(0) else { throw ESpeakError.invalidText("the text contains a NUL character") }
        guard (80...450).contains(wordsPerMinute) else { throw ESpeakError.parameterRejected(name: "rate", value: wordsPerMinute) }
        guard (0...100).contains(pitch) else { throw ESpeakError.parameterRejected(name: "pitch", value: pitch) }

        lock.lock()
        defer { lock.unlock() }
        try selectVoice(voice)
        guard espeak_SetParameter(espeakRATE, Int32(wordsPerMinute), 0) == EE_OK else {
            throw ESpeakError.parameterRejected(name: "rate", value: wordsPerMinute)
        }
        guard espeak_SetParameter(espeakPITCH, Int32(pitch), 0) == EE_OK else {
            throw ESpeakError.parameterRejected(name: "pitch", value: pitch)
        }
        if let randomSeed { srand(randomSeed) }

        return try withoutActuallyEscaping(onChunk) { onChunk in
            let context = SynthesisContext(text: text, sampleRate: sampleRate, onChunk: onChunk)
            let contextPointer = Unmanaged.passUnretained(context).toOpaque()
            let status: espeak_ERROR = withExtendedLifetime(context) {
                text.withCString { cText in
                    espeak_Synth(cText, text.utf8.count + 1, 0, POS_CHARACTER, 0,
                                 UInt32(espeakCHARS_UTF8), nil, contextPointer)
                }
            }
            if context.cancelled {
                // A stopped synthesis leaves the rest of its text queued inside eSpeak; without a
                // cancel the next call would start with it (stale words, stale audio).
                espeak_Cancel()
            }
            guard status == EE_OK || context.cancelled else {
                throw ESpeakError.synthesisFailed(code: Int(status.rawValue))
            }
            return SynthesisSummary(totalSamples: context.samplesDelivered, wordCount: context.wordsDelivered,
                                    wasCancelled: context.cancelled)
        }
    }

    /// Must be called with `lock` held.
    private func selectVoice(_ voice: String) throws {
        guard voice != currentVoice else { return }
        guard espeak_SetVoiceByName(voice) == EE_OK else {
            currentVoice = nil
            throw ESpeakError.voiceNotFound(voice)
        }
        currentVoice = voice
    }
}

/// Per-utterance state the C callback reaches through `user_data`.
private final class SynthesisContext {
    let scalars: [Unicode.Scalar]
    let sampleRate: Int
    let onChunk: (SpeechChunk) -> SynthesisControl
    var samplesDelivered = 0
    var wordsDelivered = 0
    var cancelled = false

    init(text: String, sampleRate: Int, onChunk: @escaping (SpeechChunk) -> SynthesisControl) {
        self.scalars = Array(text.unicodeScalars)
        self.sampleRate = sampleRate
        self.onChunk = onChunk
    }

    /// eSpeak's `text_position` is 1-based, in characters.
    func word(at position: Int, length: Int) -> (offset: Int, length: Int, text: String) {
        let start = min(max(position - 1, 0), scalars.count)
        let end = min(start + max(length, 0), scalars.count)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return (start, end - start, String(view))
    }

    func handle(samples wav: UnsafeMutablePointer<Int16>?, count: Int, events: UnsafeMutablePointer<espeak_EVENT>) -> Int32 {
        if cancelled { return 1 }
        var words: [WordTiming] = []
        var event = events
        while event.pointee.type != espeakEVENT_LIST_TERMINATED {
            if event.pointee.type == espeakEVENT_WORD {
                let ms = Int(event.pointee.audio_position)
                let found = word(at: Int(event.pointee.text_position), length: Int(event.pointee.length))
                // Events past the end of this text (eSpeak's own bookkeeping) name no word.
                if found.text.isEmpty { event += 1; continue }
                words.append(WordTiming(word: found.text, textOffset: found.offset, textLength: found.length,
                                        startSample: ms * sampleRate / 1000, startMs: ms))
            }
            event += 1
        }
        var samples: [Int16] = []
        if let wav, count > 0 {
            samples = Array(UnsafeBufferPointer(start: wav, count: count))
        }
        guard !samples.isEmpty || !words.isEmpty else { return 0 }
        let chunk = SpeechChunk(samples: samples, startSample: samplesDelivered, words: words)
        samplesDelivered += samples.count
        wordsDelivered += words.count
        if onChunk(chunk) == .stop {
            cancelled = true
            return 1
        }
        return 0
    }
}

/// The one synth callback eSpeak NG calls, on the thread inside `espeak_Synth`.
private let synthCallback: @convention(c) (UnsafeMutablePointer<Int16>?, Int32, UnsafeMutablePointer<espeak_EVENT>?) -> Int32 = { wav, count, events in
    guard let events, let userData = events.pointee.user_data else { return 0 }
    let context = Unmanaged<SynthesisContext>.fromOpaque(userData).takeUnretainedValue()
    return context.handle(samples: wav, count: Int(count), events: events)
}
