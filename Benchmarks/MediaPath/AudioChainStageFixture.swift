import JitterBuffer
import RTP
import SpeexDSP
import VoiceActivity

/// The inbound chain's stages one at a time, to show where an inbound frame's time goes
/// (the SRTP + RTP stage is the existing "Receive packet" benchmark). Same audio, same
/// fabricated timing as ``InboundChainFixture``, no SRTP, so each stage runs forever without a
/// batch: packet *k* (sequence number and timestamp derived from *k*, wrapping) arrives at
/// `epoch + 20 ms × k` and its slot is pulled 10 ms later.
final class InboundStagesFixture {
    let epoch: ContinuousClock.Instant
    let payloads: [[UInt8]]
    let pcm48k: [[Int16]]
    /// The test audio resampled to 16 kHz, 150 chunks of 320 samples (20 ms).
    let pcm16k: [[Int16]]
    let jitterBuffer: JitterBuffer
    let resampler: Resampler
    let detector: VoiceActivityDetector
    private(set) var endpointer = Endpointer<ContinuousClock.Instant>()
    private var packetIndex = 0
    private var resampleIndex = 0
    private var vadIndex = 0

    init(audio: SpeechLikeFixture) throws {
        epoch = ContinuousClock.now
        payloads = audio.browserFrames
        pcm48k = audio.pcm48k
        let converter = try Resampler(inputRate: 48_000, outputRate: VoiceActivityDetector.sampleRate)
        var narrow = [Int16]()
        for frame in audio.pcm48k + audio.pcm48k { narrow += converter.process(frame) }
        // The second pass, so the loop is seamless (no filter start-up); exactly 320 per frame (3:1).
        let loop = Array(narrow.suffix(audio.pcm48k.count * 320))
        pcm16k = stride(from: 0, to: loop.count, by: 320).map { Array(loop[$0..<($0 + 320)]) }
        jitterBuffer = try JitterBuffer()
        resampler = try Resampler(inputRate: 48_000, outputRate: VoiceActivityDetector.sampleRate)
        detector = try VoiceActivityDetector()
        for _ in 0..<SpeechLikeFixture.loopFrames {
            _ = try jitterFrame()
            _ = resampleFrame()
            _ = vadFrame()
        }
    }

    /// `JitterBuffer.insert` of the next packet + `pull` of the next slot (Opus decode inside).
    @inline(__always)
    func jitterFrame() throws -> PlayoutFrame {
        let k = packetIndex
        packetIndex += 1
        let arrival = epoch + .milliseconds(20 * k)
        let packet = RTPPacket(payloadType: SRTPFixture.payloadType, sequenceNumber: UInt16(truncatingIfNeeded: k),
                               timestamp: UInt32(truncatingIfNeeded: k &* AudioFixture.frameSamples),
                               ssrc: SRTPFixture.ssrc, payload: payloads[k % payloads.count])
        guard jitterBuffer.insert(packet: packet, arrival: arrival) == .buffered else {
            throw FixtureError("jitter buffer did not buffer packet \(k)")
        }
        return jitterBuffer.pull(now: arrival + .milliseconds(10))
    }

    /// speexdsp 48 → 16 kHz of one 20 ms frame (960 → 320 samples).
    @inline(__always)
    func resampleFrame() -> [Int16] {
        defer { resampleIndex += 1 }
        return resampler.process(pcm48k[resampleIndex % pcm48k.count])
    }

    /// VAD of 20 ms at 16 kHz (two 10 ms frames) and the endpointer on each. Returns the
    /// number of endpointer events.
    @inline(__always)
    func vadFrame() -> Int {
        defer { vadIndex += 1 }
        var events = 0
        for activity in detector.process(pcm16k[vadIndex % pcm16k.count]) {
            if endpointer.process(activity, now: epoch + .milliseconds(10 * (activity.index + 1))) != nil { events += 1 }
        }
        return events
    }
}
