import AudioCodec
import Foundation

/// One call's outgoing interviewer speech, sans-IO: TTS PCM chunks in, 20 ms Opus frames
/// with RTP timing out, one per ``nextFrame(now:)`` call (the ``Pacer`` calls it every
/// 20 ms slot).
///
/// **Timing.** The RTP clock runs at 48 kHz (RFC 7587 §4.1) and advances 960 per slot
/// whether or not a packet is sent, as a real-time source does (RFC 3550 §5.1), so
/// timestamps stay continuous across utterances and silences: the difference between two
/// frames' timestamps is the wall time between their slots × 48.
///
/// **Talkspurts.** A talkspurt is a run of slots with packets. Its first packet has the
/// marker bit (RFC 3551 §4.1); utterances queued back to back share one talkspurt. Between
/// talkspurts the stream follows ``SpeechOutputSettings/silence`` (default: no packets).
///
/// **Underrun.** If the TTS falls behind real time mid-utterance, the stream sends
/// encoded silence frames (``OutgoingFrame/Kind/underrunSilence``, no marker) inside the
/// talkspurt instead of leaving a gap, and resumes the utterance where it stopped when
/// audio arrives: the receiver hears a pause, never a jitter-buffer reset or a marker in
/// mid-sentence, and ``OutgoingFrame/playedSamples`` does not advance during the pause.
/// A stall longer than ``SpeechOutputSettings/maxUnderrunSilenceMs`` ends the talkspurt
/// (silence mode applies) and the utterance resumes later with a marker.
///
/// **Cancelling.** ``cancelAll(now:)`` (barge-in) stops the utterance playing at the
/// next slot, drops everything queued and refuses further audio for those utterances, so
/// late TTS chunks already in flight are discarded (``enqueue(utteranceId:pcm:sampleRate:words:)``
/// returns false: stop that TTS stream).
///
/// Not thread-safe: drive each stream from its event loop.
public final class SpeechOutputStream: PacedFrameSource {
    public static let sampleRate = 48_000
    public static let frameSamples = OutgoingFrame.samples

    public let settings: SpeechOutputSettings
    /// RTP timestamp the next slot will carry.
    public private(set) var nextTimestamp: UInt32
    public private(set) var stats = SpeechOutputStats()

    private let encoder: OpusEncoder
    /// Utterances in play order; the first is playing once it has started.
    private var queue: [Utterance] = []
    /// Ids that were played, finished or cancelled recently: audio for them is refused.
    private var retired: [String] = []
    private var retiredSet: Set<String> = []
    private static let retiredMemory = 64
    private var events: [SpeechOutputEvent] = []
    private var previousSlotHadAudio = false
    private var markerPending = false
    private var hangoverRemaining = 0
    private var noiseState: UInt32 = 0x1234_5678
    private let startThreshold: Int
    private let maxUnderrunFrames: Int
    /// Consecutive underrun slots of the current utterance.
    private var underrunRun = 0

    /// - Throws: ``SpeechOutputError/codec(_:)`` if the Opus encoder cannot be set up.
    public init(settings: SpeechOutputSettings = SpeechOutputSettings()) throws {
        self.settings = settings
        self.nextTimestamp = settings.initialTimestamp
        let frames = max(1, (settings.startBufferMs + OutgoingFrame.durationMs - 1) / OutgoingFrame.durationMs)
        self.startThreshold = frames * Self.frameSamples
        self.maxUnderrunFrames = max(0, settings.maxUnderrunSilenceMs / OutgoingFrame.durationMs)
        do {
            encoder = try OpusEncoder(sampleRate: Self.sampleRate, channels: 1, application: .voip)
            try encoder.setSignal(.voice)
            if let bitrate = settings.bitrate { try encoder.setBitrate(bitrate) }
            if let complexity = settings.complexity { try encoder.setComplexity(complexity) }
            try encoder.setInbandFEC(settings.inbandFEC)
            try encoder.setExpectedPacketLoss(percent: settings.expectedPacketLossPercent)
            if settings.silence == .opusDTX { try encoder.setDTX(true) }
        } catch let error as OpusError {
            throw SpeechOutputError.codec(error.description)
        }
    }

    /// Tells the encoder how much loss the receiver reports (RTCP receiver reports, RFC 3550
    /// §6.4.1), so it spends more on in-band FEC when the path is lossy. Clamped to 0…30 %;
    /// a change of less than 2 points is ignored.
    public func updateExpectedPacketLoss(percent: Int) {
        let clamped = min(30, max(0, percent))
        guard abs(clamped - expectedLossPercent) >= 2 else { return }
        if (try? encoder.setExpectedPacketLoss(percent: clamped)) != nil { expectedLossPercent = clamped }
    }

    /// The packet loss the encoder currently plans for, in percent.
    public private(set) lazy var expectedLossPercent: Int = settings.expectedPacketLossPercent

    // MARK: Input from the TTS

    /// Adds the next chunk of an utterance's audio. A new id starts a new utterance, queued
    /// behind the others. Audio not at 48 kHz is resampled (speexdsp) with its filter delay
    /// removed, and word start samples are converted to 48 kHz.
    ///
    /// - Parameters:
    ///   - pcm: mono 16-bit samples continuing the utterance.
    ///   - sampleRate: rate of `pcm`; must stay the same for the whole utterance.
    ///   - words: words starting in this chunk, `startSample` counted from the start of
    ///     the utterance at `sampleRate`.
    /// - Returns: false if the utterance was cancelled (or already played): the audio is
    ///   discarded and the TTS stream producing it should be stopped.
    @discardableResult
    public func enqueue(utteranceId: String, pcm: [Int16], sampleRate: Int, words: [SpokenWord] = []) throws -> Bool {
        guard !retiredSet.contains(utteranceId) else { return false }
        if let utterance = queue.first(where: { $0.id == utteranceId }) {
            guard !utterance.isFinished else { throw SpeechOutputError.utteranceAlreadyFinished(utteranceId) }
            guard utterance.inputRate == sampleRate else {
                throw SpeechOutputError.sampleRateChanged(utteranceId: utteranceId, was: utterance.inputRate, now: sampleRate)
            }
            utterance.append(pcm: pcm, words: words)
        } else {
            let utterance = try Utterance(id: utteranceId, inputRate: sampleRate, resamplerQuality: settings.resamplerQuality)
            utterance.append(pcm: pcm, words: words)
            queue.append(utterance)
        }
        return true
    }

    /// Marks the end of an utterance's audio (the TTS stream completed). Until then an
    /// utterance that runs dry is in underrun, not finished. Unknown or cancelled ids are
    /// ignored.
    public func finishUtterance(_ utteranceId: String) {
        queue.first(where: { $0.id == utteranceId })?.finish()
    }

    /// Stops the utterance playing (the **next** ``nextFrame(now:)`` carries none of it, only
    /// ``SpeechOutputSettings/cutSilenceFrames`` of encoded silence), drops all queued utterances, and refuses further audio for
    /// them. Emits ``SpeechOutputEvent/utteranceInterrupted(id:playedSamples:heardText:atMs:)``
    /// for the one that had started and ``SpeechOutputEvent/utteranceDropped(id:)`` for
    /// the rest.
    @discardableResult
    public func cancelAll(now: ContinuousClock.Instant) -> SpeechCancellation {
        var interrupted: UtteranceInterruption?
        var dropped: [String] = []
        for utterance in queue {
            retire(utterance.id)
            if utterance.startedAt != nil {
                let words = utterance.heardWords()
                let cut = UtteranceInterruption(
                    utteranceId: utterance.id, playedSamples: utterance.playedSamples,
                    atMs: utterance.playedSamples * 1000 / Self.sampleRate,
                    heardText: words.joined(separator: " "), heardWords: words, at: now)
                interrupted = cut
                stats.utterancesInterrupted += 1
                events.append(.utteranceInterrupted(id: cut.utteranceId, playedSamples: cut.playedSamples,
                                                    heardText: cut.heardText, atMs: cut.atMs))
            } else {
                dropped.append(utterance.id)
                stats.utterancesDropped += 1
                events.append(.utteranceDropped(id: utterance.id))
            }
        }
        queue.removeAll()
        // Encoded silence follows a cut, so the receiver decodes silence at once instead of
        // concealing (slowly fading out) the speech that stopped arriving.
        hangoverRemaining = interrupted == nil ? 0 : settings.cutSilenceFrames
        return SpeechCancellation(interrupted: interrupted, droppedUtteranceIds: dropped)
    }

    // MARK: State

    /// The utterance being played (started, not finished), if any.
    public var speaking: SpeakingStatus? {
        guard let current = queue.first, let startedAt = current.startedAt else { return nil }
        return SpeakingStatus(utteranceId: current.id, startedAt: startedAt, playedSamples: current.playedSamples)
    }

    /// Queued audio not yet sent, in 48 kHz samples (all utterances). A TTS driver can
    /// use it for back-pressure.
    public var bufferedSamples: Int { queue.reduce(0) { $0 + $1.bufferedSamples } }

    /// Whether audio for this id would be refused (cancelled or already played): a TTS
    /// driver checks it to stop synthesis early.
    public func isRetired(_ utteranceId: String) -> Bool { retiredSet.contains(utteranceId) }

    /// Drains the events that happened since the last call, oldest first.
    public func pollEvents() -> [SpeechOutputEvent] {
        defer { events.removeAll() }
        return events
    }

    // MARK: Pacing

    /// The frame for the 20 ms slot due at `now`, or nil when nothing is sent in this
    /// slot. Each call is one slot: the RTP timestamp advances by 960 every call.
    public func nextFrame(now: ContinuousClock.Instant) -> OutgoingFrame? {
        serveSlot(now: now, send: true)
    }

    /// Drops the slot due at `now`: the audio it would have carried is consumed and the
    /// timestamp advances, but nothing is encoded or sent.
    public func skipFrame(now: ContinuousClock.Instant) {
        _ = serveSlot(now: now, send: false)
    }

    private func serveSlot(now: ContinuousClock.Instant, send: Bool) -> OutgoingFrame? {
        let timestamp = nextTimestamp
        nextTimestamp &+= UInt32(Self.frameSamples)
        stats.slots += 1

        while let current = queue.first {
            if current.startedAt == nil {
                guard current.isFinished || current.bufferedSamples >= startThreshold else { break }
                current.startedAt = now
                underrunRun = 0
                hangoverRemaining = 0
                stats.utterancesStarted += 1
                events.append(.utteranceStarted(id: current.id, at: now))
            }
            if current.isFinished && current.bufferedSamples == 0 {
                completeCurrent(now: now)
                continue
            }
            let kind: OutgoingFrame.Kind
            let pcm: [Int16]
            if current.bufferedSamples >= Self.frameSamples || current.isFinished {
                pcm = current.take(Self.frameSamples)
                kind = .speech
                underrunRun = 0
            } else {
                underrunRun += 1
                guard underrunRun <= maxUnderrunFrames else { break }  // stalled too long: go quiet
                pcm = [Int16](repeating: 0, count: Self.frameSamples)
                kind = .underrunSilence
            }
            let played = current.playedSamples
            if current.isFinished && current.bufferedSamples == 0 { completeCurrent(now: now) }
            return emit(pcm, kind: kind, utteranceId: current.id, played: played, timestamp: timestamp, send: send)
        }

        if hangoverRemaining > 0 {
            hangoverRemaining -= 1
            return emit([Int16](repeating: 0, count: Self.frameSamples), kind: .hangoverSilence, utteranceId: nil,
                        played: 0, timestamp: timestamp, send: send)
        }
        switch settings.silence {
        case .none:
            previousSlotHadAudio = false
            return nil
        case .comfortNoise(let level):
            return emit(comfortNoise(levelDBFS: level), kind: .comfortNoise, utteranceId: nil, played: 0,
                        timestamp: timestamp, send: send)
        case .opusDTX:
            return dtxSlot(timestamp: timestamp, send: send)
        }
    }

    private func completeCurrent(now: ContinuousClock.Instant) {
        guard !queue.isEmpty else { return }
        let done = queue.removeFirst()
        retire(done.id)
        stats.utterancesFinished += 1
        events.append(.utteranceFinished(id: done.id, at: now))
        // Hangover only once the talkspurt really ends (nothing ready to follow).
        hangoverRemaining = settings.hangoverFrames
    }

    private func emit(_ pcm: [Int16], kind: OutgoingFrame.Kind, utteranceId: String?, played: Int,
                      timestamp: UInt32, send: Bool) -> OutgoingFrame? {
        let startsTalkspurt = !previousSlotHadAudio
        previousSlotHadAudio = true
        guard send else {
            if startsTalkspurt { markerPending = true }
            stats.skippedFrames += 1
            return nil
        }
        let marker = startsTalkspurt || markerPending
        markerPending = false
        let payload: [UInt8]
        do {
            payload = try encoder.encode(pcm: pcm)
        } catch {
            stats.encodeFailures += 1
            if marker { markerPending = true }
            return nil
        }
        stats.framesSent += 1
        switch kind {
        case .speech: stats.speechFrames += 1
        case .underrunSilence: stats.underrunFrames += 1
        case .hangoverSilence: stats.hangoverFrames += 1
        case .comfortNoise: stats.comfortNoiseFrames += 1
        }
        return OutgoingFrame(payload: payload, rtpTimestamp: timestamp, marker: marker, kind: kind,
                             utteranceId: utteranceId, playedSamples: played, levelDBFS: AudioLevel.loudestWindowDBFS(pcm))
    }

    /// Opus DTX between utterances: encode silence, send only the encoder's comfort-noise
    /// updates (> 2 bytes); the 1–2 byte DTX packets mean "nothing to send".
    private func dtxSlot(timestamp: UInt32, send: Bool) -> OutgoingFrame? {
        guard send else { return nil }
        guard let payload = try? encoder.encode(pcm: [Int16](repeating: 0, count: Self.frameSamples)),
              payload.count > 2 else {
            previousSlotHadAudio = false
            return nil
        }
        let marker = !previousSlotHadAudio || markerPending
        markerPending = false
        previousSlotHadAudio = true
        stats.framesSent += 1
        stats.comfortNoiseFrames += 1
        return OutgoingFrame(payload: payload, rtpTimestamp: timestamp, marker: marker, kind: .comfortNoise,
                             utteranceId: nil, playedSamples: 0)
    }

    private func comfortNoise(levelDBFS: Double) -> [Int16] {
        // Uniform noise in ±A has RMS A/√3.
        let rms = 32768 * pow(10, levelDBFS / 20)
        let amplitude = min(32767, rms * 3.0.squareRoot())
        return (0..<Self.frameSamples).map { _ in
            noiseState = noiseState &* 1_664_525 &+ 1_013_904_223
            let unit = Double(noiseState >> 8) / Double(1 << 24) * 2 - 1
            return Int16((unit * amplitude).rounded())
        }
    }

    private func retire(_ id: String) {
        guard retiredSet.insert(id).inserted else { return }
        retired.append(id)
        if retired.count > Self.retiredMemory {
            retiredSet.remove(retired.removeFirst())
        }
    }
}
