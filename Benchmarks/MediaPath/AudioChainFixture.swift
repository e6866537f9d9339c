import JitterBuffer
import RTP
import SpeechOutput
import SpeexDSP
import SRTP
import VoiceActivity

/// Parley's inbound audio chain for one call, driven one 20 ms frame at a time with fabricated
/// instants (sans-IO, as the server's event loop drives it):
///
/// SRTP unprotect → `RTPPacket(parsing:)` → `JitterBuffer.insert(packet:arrival:)` +
/// `JitterBuffer.pull(now:)` (Opus decode inside, 960 samples at 48 kHz) → speexdsp
/// `Resampler` 48 → 16 kHz (320 samples) → `VoiceActivityDetector.process(_:)` (two 10 ms
/// frames) → `Endpointer.process(_:now:)` for each.
///
/// Packet *k* of the stream arrives at `epoch + 20 ms × k` and is followed by the pull of the
/// playout slot `epoch + 20 ms × k + 10 ms`: a perfectly regular stream, so the jitter buffer
/// decodes one packet per pull (steady state; ``frameKinds`` lets a check confirm it).
///
/// libsrtp refuses a packet index it has seen (RFC 3711 §3.3.2), so the browser's datagrams are
/// protected up front (`batchSize`, sequence numbers and timestamps increasing). When the
/// batch runs out, ``reserve(_:)`` rebuilds the whole chain (fresh SRTP receiver, jitter
/// buffer, resampler, VAD, endpointer) and warms it up for ``warmUpFrames`` frames, outside
/// the measurement.
final class InboundChainFixture {
    static let profile = SRTPProfile.aeadAes128Gcm
    /// Frames run after each (re)build before measuring: 3 s, one loop of the test audio, so
    /// the jitter buffer's delay estimate and the VAD's noise floor have settled.
    static let warmUpFrames = SpeechLikeFixture.loopFrames

    let epoch: ContinuousClock.Instant
    /// Protected datagrams, sequence numbers 0, 1, 2… (wrapping; libsrtp tracks the rollover).
    let datagrams: [[UInt8]]
    private(set) var receiver: SRTPSession
    private(set) var jitterBuffer: JitterBuffer
    private(set) var resampler: Resampler
    private(set) var detector: VoiceActivityDetector
    private(set) var endpointer = Endpointer<ContinuousClock.Instant>()
    /// Index of the next datagram (= its arrival slot).
    private(set) var next = 0

    /// How many pulls produced each kind of frame since the last (re)build.
    private(set) var frameKinds: [PlayoutFrame.Kind: Int] = [:]
    /// VAD frames judged speech, and endpointer events (turn starts + ends), since the last (re)build.
    private(set) var speechFrames = 0
    private(set) var vadFrames = 0
    private(set) var turnEvents = 0

    private let keys = ChainKeys(profile: InboundChainFixture.profile)

    init(audio: SpeechLikeFixture, batchSize: Int) throws {
        epoch = ContinuousClock.now
        let browser = try keys.browserSender()
        var datagrams: [[UInt8]] = []
        datagrams.reserveCapacity(batchSize)
        for index in 0..<batchSize {
            let packet = RTPPacket(
                marker: index == 0, payloadType: SRTPFixture.payloadType,
                sequenceNumber: UInt16(truncatingIfNeeded: index),
                timestamp: UInt32(truncatingIfNeeded: index &* AudioFixture.frameSamples), ssrc: SRTPFixture.ssrc,
                payload: audio.browserFrames[index % audio.browserFrames.count])
            datagrams.append(try browser.protectRTP(try packet.serialize()))
        }
        self.datagrams = datagrams
        receiver = try keys.serverReceiver()
        jitterBuffer = try JitterBuffer()
        resampler = try Resampler(inputRate: 48_000, outputRate: VoiceActivityDetector.sampleRate)
        detector = try VoiceActivityDetector()
        try warmUp()
    }

    /// Makes sure `count` frames can run on unseen datagrams; otherwise rebuilds and warms up.
    func reserve(_ count: Int) throws {
        precondition(count + Self.warmUpFrames <= datagrams.count, "batch smaller than one benchmark iteration")
        guard next + count > datagrams.count else { return }
        receiver = try keys.serverReceiver()
        jitterBuffer = try JitterBuffer()
        resampler = try Resampler(inputRate: 48_000, outputRate: VoiceActivityDetector.sampleRate)
        detector = try VoiceActivityDetector()
        endpointer = Endpointer()
        next = 0
        try warmUp()
    }

    /// One 20 ms frame through the whole inbound chain. Returns the endpointer event, if any.
    @inline(__always)
    func frame() throws -> EndpointerEvent<ContinuousClock.Instant>? {
        let arrival = epoch + .milliseconds(20 * next)
        let plain = try receiver.unprotectRTP(datagrams[next])
        next += 1
        let packet = try RTPPacket(parsing: plain)
        guard jitterBuffer.insert(packet: packet, arrival: arrival) == .buffered else {
            throw FixtureError("jitter buffer did not buffer packet \(packet.sequenceNumber)")
        }
        let played = jitterBuffer.pull(now: arrival + .milliseconds(10))
        frameKinds[played.kind, default: 0] += 1
        var event: EndpointerEvent<ContinuousClock.Instant>?
        for activity in detector.process(resampler.process(played.samples)) {
            vadFrames += 1
            if activity.isSpeech { speechFrames += 1 }
            if let turn = endpointer.process(activity, now: epoch + .milliseconds(10 * (activity.index + 1))) {
                turnEvents += 1
                event = turn
            }
        }
        return event
    }

    private func warmUp() throws {
        for _ in 0..<Self.warmUpFrames { _ = try frame() }
        frameKinds = [:]
        speechFrames = 0
        vadFrames = 0
        turnEvents = 0
    }
}

/// Parley's outbound audio chain for one call, one 20 ms slot at a time:
/// `SpeechOutputStream.enqueue` of 20 ms of interviewer speech (at 48 kHz, or at 22.05 kHz so the
/// stream's speexdsp resampler runs too) + `nextFrame(now:)` (Opus encode inside, the server's
/// settings as in `CallAudio`: VOIP, voice signal, 32 kbit/s, complexity 5, in-band FEC, 5 %
/// expected loss) → `RTPPacket.serialize()` → `SRTPSession.protectRTP`.
///
/// One endless utterance: each slot enqueues one chunk and sends one frame; 100 ms of audio is
/// queued up front so the resampler's filter delay never makes a slot run dry.
final class OutboundChainFixture {
    static let utteranceId = "benchmark"
    /// Chunks enqueued before the first measured slot.
    static let primingChunks = 5

    let epoch: ContinuousClock.Instant
    let inputRate: Int
    let chunks: [[Int16]]
    let stream: SpeechOutputStream
    let sender: SRTPSession
    private var slot = 0
    private var chunk = 0
    private var sequenceNumber: UInt16 = 0

    init(audio: SpeechLikeFixture, inputRate: Int) throws {
        epoch = ContinuousClock.now
        self.inputRate = inputRate
        switch inputRate {
        case 48_000: chunks = audio.pcm48k
        case 22_050: chunks = audio.pcm22k
        default: throw FixtureError("no test audio at \(inputRate) Hz")
        }
        stream = try SpeechOutputStream(settings: SpeechOutputSettings(bitrate: 32_000, initialTimestamp: 0x1000_0000))
        sender = try ChainKeys(profile: InboundChainFixture.profile).serverSender()
        for _ in 0..<Self.primingChunks { try enqueueChunk() }
        // Warm up the encoder and the resampler for one loop of the audio.
        for _ in 0..<SpeechLikeFixture.loopFrames { _ = try frame() }
    }

    @inline(__always)
    func enqueueChunk() throws {
        guard try stream.enqueue(utteranceId: Self.utteranceId, pcm: chunks[chunk % chunks.count], sampleRate: inputRate) else {
            throw FixtureError("speech output refused the audio")
        }
        chunk += 1
    }

    /// One 20 ms slot of the speech stream alone: enqueue one chunk, take the slot's frame.
    @inline(__always)
    func speechFrame() throws -> OutgoingFrame {
        try enqueueChunk()
        guard let frame = stream.nextFrame(now: epoch + .milliseconds(20 * slot)), frame.kind == .speech else {
            throw FixtureError("speech output sent no speech frame in slot \(slot)")
        }
        slot += 1
        return frame
    }

    /// One 20 ms slot through the whole outbound chain: the SRTP datagram to send.
    @inline(__always)
    func frame() throws -> [UInt8] {
        let frame = try speechFrame()
        let packet = RTPPacket(marker: frame.marker, payloadType: SRTPFixture.payloadType, sequenceNumber: sequenceNumber,
                               timestamp: frame.rtpTimestamp, ssrc: 0x1111, payload: frame.payload)
        sequenceNumber &+= 1
        return try sender.protectRTP(try packet.serialize())
    }
}

/// One event loop's `Pacer` with 200 registered `SpeechOutputStream`s (the server's settings),
/// all on the same 20 ms grid. ``feed()`` enqueues 20 ms of 48 kHz speech into every stream
/// (each at its own offset in the test audio); ``tick()`` serves the next slot of every stream.
/// With `speaking: false` nothing is ever enqueued: every stream is silent (no packets, the
/// default silence mode), which leaves the pacer's own bookkeeping.
final class PacerFixture {
    static let streamCount = 200

    let epoch: ContinuousClock.Instant
    let pacer: Pacer<Int>
    let streams: [SpeechOutputStream]
    let speaking: Bool
    private let chunks: [[Int16]]
    private var slot = 0
    private var chunk = 0

    init(audio: SpeechLikeFixture, speaking: Bool) throws {
        epoch = ContinuousClock.now
        self.speaking = speaking
        chunks = audio.pcm48k
        pacer = Pacer(epoch: epoch)
        streams = try (0..<Self.streamCount).map { index in
            try SpeechOutputStream(settings: SpeechOutputSettings(bitrate: 32_000, initialTimestamp: UInt32(index) << 20))
        }
        for (index, stream) in streams.enumerated() { pacer.register(index, source: stream, now: epoch) }
        if speaking {
            for _ in 0..<OutboundChainFixture.primingChunks { try feed() }
        }
        for _ in 0..<10 {
            if speaking { try feed() }
            _ = try tick()
        }
    }

    /// Enqueues the next 20 ms into every stream (a no-op for silent streams).
    func feed() throws {
        guard speaking else { return }
        for (index, stream) in streams.enumerated() {
            guard try stream.enqueue(utteranceId: OutboundChainFixture.utteranceId,
                                     pcm: chunks[(chunk + index) % chunks.count], sampleRate: 48_000) else {
                throw FixtureError("speech output refused the audio")
            }
        }
        chunk += 1
    }

    /// Serves the next grid slot; checks every stream sent a frame (speaking) or none (silent).
    @inline(__always)
    func tick() throws -> [PacedFrame<Int>] {
        let frames = pacer.tick(now: epoch + .milliseconds(20 * slot))
        slot += 1
        guard frames.count == (speaking ? Self.streamCount : 0) else {
            throw FixtureError("pacer tick produced \(frames.count) frames")
        }
        return frames
    }
}

/// The keys of the benchmark call ("browser" A → "server" B and back), as in ``SRTPFixture``.
struct ChainKeys {
    let profile: SRTPProfile
    let clientKey: [UInt8]
    let clientSalt: [UInt8]
    let serverKey: [UInt8]
    let serverSalt: [UInt8]

    init(profile: SRTPProfile) {
        self.profile = profile
        clientKey = (0..<profile.masterKeyLength).map { UInt8(truncatingIfNeeded: 0x10 + $0) }
        clientSalt = (0..<profile.masterSaltLength).map { UInt8(truncatingIfNeeded: 0x40 + $0) }
        serverKey = (0..<profile.masterKeyLength).map { UInt8(truncatingIfNeeded: 0x80 + $0) }
        serverSalt = (0..<profile.masterSaltLength).map { UInt8(truncatingIfNeeded: 0xC0 + $0) }
    }

    /// Protects what the browser sends.
    func browserSender() throws -> SRTPSession {
        try SRTPSession(profile: profile, localMasterKey: clientKey, localMasterSalt: clientSalt,
                        remoteMasterKey: serverKey, remoteMasterSalt: serverSalt)
    }

    /// Unprotects it on the server.
    func serverReceiver() throws -> SRTPSession {
        try SRTPSession(profile: profile, localMasterKey: serverKey, localMasterSalt: serverSalt,
                        remoteMasterKey: clientKey, remoteMasterSalt: clientSalt)
    }

    /// Protects what the server sends.
    func serverSender() throws -> SRTPSession {
        try serverReceiver()
    }
}
