import XCTest
import AudioCodec

/// Signal helpers shared by the audio wrapper tests (Opus, resampler, eSpeak, PocketSphinx).
enum WrapperTestAudio {
    /// A sine tone as Int16 samples.
    static func tone(frequency: Double, sampleRate: Int, seconds: Double, amplitude: Double = 12_000) -> [Int16] {
        let count = Int(Double(sampleRate) * seconds)
        return (0..<count).map { n in
            Int16(amplitude * sin(2 * Double.pi * frequency * Double(n) / Double(sampleRate)))
        }
    }

    /// Goertzel power of `samples` at `frequency`.
    static func power(_ samples: UnsafeBufferPointer<Double>, frequency: Double, sampleRate: Int) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(sampleRate))
        var s1 = 0.0, s2 = 0.0
        for sample in samples {
            let s0 = sample + coefficient * s1 - s2
            s2 = s1
            s1 = s0
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2
    }

    /// The frequency in `range` (1 Hz steps) with the most Goertzel power.
    static func dominantFrequency<C: Collection>(_ samples: C, sampleRate: Int, range: ClosedRange<Int> = 300...600) -> Int where C.Element == Int16 {
        let values = samples.map(Double.init)
        return values.withUnsafeBufferPointer { buffer in
            var best = range.lowerBound
            var bestPower = -1.0
            for frequency in range {
                let p = power(buffer, frequency: Double(frequency), sampleRate: sampleRate)
                if p > bestPower { bestPower = p; best = frequency }
            }
            return best
        }
    }

    /// Root-mean-square level in Int16 units.
    static func rms<C: Collection>(_ samples: C) -> Double where C.Element == Int16 {
        guard !samples.isEmpty else { return 0 }
        let sum = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
        return (sum / Double(samples.count)).squareRoot()
    }
}

final class OpusTests: XCTestCase {
    private let frame = 960  // 20 ms at 48 kHz

    private func encodeTone(_ encoder: OpusEncoder, seconds: Double = 1) throws -> [[UInt8]] {
        let pcm = WrapperTestAudio.tone(frequency: 440, sampleRate: 48000, seconds: seconds)
        return try stride(from: 0, to: pcm.count, by: frame).map { start in
            try encoder.encode(pcm: Array(pcm[start..<start + frame]))
        }
    }

    func testToneSurvivesEncodeDecode() throws {
        let encoder = try OpusEncoder(sampleRate: 48000, channels: 1, application: .voip)
        try encoder.setBitrate(32_000)
        let decoder = try OpusDecoder(sampleRate: 48000, channels: 1)
        let packets = try encodeTone(encoder)
        XCTAssertEqual(packets.count, 50)
        var decoded: [Int16] = []
        for packet in packets {
            XCTAssertGreaterThan(packet.count, 2)
            XCTAssertLessThanOrEqual(packet.count, 1275)
            let pcm = try decoder.decode(packet)
            XCTAssertEqual(pcm.count, frame)
            decoded += pcm
        }
        XCTAssertEqual(decoded.count, 48000)
        let steady = decoded.dropFirst(2 * frame)
        XCTAssertGreaterThan(WrapperTestAudio.rms(steady), 3000)
        let dominant = WrapperTestAudio.dominantFrequency(steady, sampleRate: 48000)
        XCTAssertEqual(dominant, 440, accuracy: 5)
    }

    func testStereoRoundTripKeepsInterleavedLength() throws {
        let encoder = try OpusEncoder(sampleRate: 48000, channels: 2, application: .audio)
        let decoder = try OpusDecoder(sampleRate: 48000, channels: 2)
        let mono = WrapperTestAudio.tone(frequency: 440, sampleRate: 48000, seconds: 0.04)
        let stereo = mono.flatMap { [$0, $0] }
        let packet = try encoder.encode(pcm: Array(stereo[0..<(2 * frame)]))
        XCTAssertEqual(try OpusPacket.channelCount(packet), 2)
        XCTAssertEqual(try decoder.decode(packet).count, 2 * frame)
    }

    func testFECRecoversLostFrameAndPLCConceals() throws {
        let encoder = try OpusEncoder(sampleRate: 48000, channels: 1, application: .voip)
        try encoder.setBitrate(24_000)
        try encoder.setInbandFEC(true)
        try encoder.setExpectedPacketLoss(percent: 20)
        XCTAssertTrue(encoder.inbandFEC)
        XCTAssertEqual(encoder.expectedPacketLossPercent, 20)
        let decoder = try OpusDecoder(sampleRate: 48000, channels: 1)
        let packets = try encodeTone(encoder, seconds: 0.4)

        // Packets 0...9 arrive, 10 is lost, 11 arrives: recover 10 from 11's FEC.
        for packet in packets[0..<10] { _ = try decoder.decode(packet) }
        let recovered = try decoder.decodeFEC(from: packets[11], frameSamples: frame)
        XCTAssertEqual(recovered.count, frame)
        XCTAssertGreaterThan(WrapperTestAudio.rms(recovered), 500, "FEC/PLC output should continue the tone")
        XCTAssertEqual(try decoder.decode(packets[11]).count, frame)

        // Packet 12 lost with no successor yet: conceal it.
        let concealed = try decoder.concealLoss(frameSamples: frame)
        XCTAssertEqual(concealed.count, frame)
        XCTAssertEqual(decoder.lastPacketDuration, frame)
        XCTAssertEqual(try decoder.decode(packets[13]).count, frame)
    }

    func testPacketInspection() throws {
        let encoder = try OpusEncoder()
        let packets = try encodeTone(encoder, seconds: 0.06)
        XCTAssertEqual(try OpusPacket.frameCount(packets[0]), 1)
        XCTAssertEqual(try OpusPacket.samplesPerFrame(packets[0], sampleRate: 48000), 960)
        XCTAssertEqual(try OpusPacket.sampleCount(packets[0], sampleRate: 48000), 960)
        XCTAssertEqual(try OpusPacket.sampleCount(packets[0], sampleRate: 16000), 320)
        XCTAssertEqual(try OpusPacket.channelCount(packets[0]), 1)
        XCTAssertThrowsError(try OpusPacket.frameCount([UInt8]()))
    }

    func testOtherFrameDurations() throws {
        let encoder = try OpusEncoder()
        let decoder = try OpusDecoder()
        let pcm = WrapperTestAudio.tone(frequency: 440, sampleRate: 48000, seconds: 0.06)
        for ms in [10, 20, 40, 60] {
            let samples = encoder.samplesPerChannel(milliseconds: ms)
            let packet = try encoder.encode(pcm: Array(pcm[0..<samples]))
            XCTAssertEqual(try OpusPacket.sampleCount(packet), samples, "\(ms) ms")
            XCTAssertEqual(try decoder.decode(packet).count, samples, "\(ms) ms")
        }
    }

    func testInvalidArgumentsThrow() throws {
        XCTAssertThrowsError(try OpusEncoder(sampleRate: 44100)) { error in
            XCTAssertEqual(error as? OpusError, .unsupportedSampleRate(44100))
        }
        XCTAssertThrowsError(try OpusDecoder(sampleRate: 48000, channels: 3))
        let encoder = try OpusEncoder()
        XCTAssertThrowsError(try encoder.encode(pcm: [Int16](repeating: 0, count: 1000))) { error in
            XCTAssertEqual(error as? OpusError, .invalidFrameSize(samplesPerChannel: 1000, sampleRate: 48000))
        }
        XCTAssertThrowsError(try encoder.encode(pcm: []))
        XCTAssertThrowsError(try encoder.setComplexity(11))
        XCTAssertThrowsError(try encoder.setBitrate(100))
        XCTAssertThrowsError(try encoder.setExpectedPacketLoss(percent: 101))
        XCTAssertNoThrow(try encoder.setComplexity(5))
        XCTAssertNoThrow(try encoder.setDTX(true))
        XCTAssertNoThrow(try encoder.setSignal(.voice))
        XCTAssertGreaterThan(encoder.lookahead, 0)

        let decoder = try OpusDecoder()
        XCTAssertThrowsError(try decoder.decode([UInt8]()))
        XCTAssertThrowsError(try decoder.concealLoss(frameSamples: 1000))
        // TOC code 3 (arbitrary frame count) with a missing count byte is malformed.
        XCTAssertThrowsError(try decoder.decode([0x03])) { error in
            XCTAssertNotNil((error as? OpusError)?.code)
            XCTAssertTrue("\(error)".contains("opus_decode"))
        }
    }
}
