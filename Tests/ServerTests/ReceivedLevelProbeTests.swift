import AudioCodec
import SpeechOutput
import XCTest
@testable import Server

/// The probe judges each received packet on a clean, in-order decode (the candidate's audio as
/// sent): a tone packet is audible, the silent packet after it is not, whatever the jitter buffer
/// later does around them.
final class ReceivedLevelProbeTests: XCTestCase {
    func testPacketsAreJudgedAsSent() throws {
        let encoder = try OpusEncoder(sampleRate: 48_000, channels: 1, application: .voip)
        let tone = try encoder.encode(pcm: (0..<960).map { Int16(8_000 * sin(Double($0) * 2 * .pi * 440 / 48_000)) })
        // Encoded in order after the tone (the encoder's lookahead carries the tone's tail over).
        let silent = try (0..<7).map { _ in try encoder.encode(pcm: [Int16](repeating: 0, count: 960)) }
        let silence = silent[6]
        let probe = try ReceivedLevelProbe(capacity: 8)
        let stamps: [UInt32] = (1...8).map { UInt32($0 * 960) }
        let payloads = [tone] + silent
        for (stamp, payload) in zip(stamps, payloads) { probe.received(payload: payload, timestamp: stamp) }
        // Exactly what the sender's own in-order decode says (Opus's delay carries the tone's tail
        // into the next packet, for the sender as for the probe).
        let reference = try OpusDecoder(sampleRate: 48_000, channels: 1)
        for (stamp, payload) in zip(stamps, payloads) {
            let expected = AudioLevel.loudestWindowDBFS(try reference.decode(payload))
            XCTAssertEqual(try XCTUnwrap(probe.levelDBFS(ofPacket: stamp)), expected, accuracy: 1e-9)
        }
        XCTAssertGreaterThan(try XCTUnwrap(probe.levelDBFS(ofPacket: 960)), -20)
        XCTAssertLessThan(try XCTUnwrap(probe.levelDBFS(ofPacket: 8 * 960)), -41, "silence as sent, once the tone has died out")
        XCTAssertNil(probe.levelDBFS(ofPacket: 9 * 960))
        // Old packets are forgotten.
        for n in 9...30 { probe.received(payload: silence, timestamp: UInt32(n * 960)) }
        XCTAssertNil(probe.levelDBFS(ofPacket: 960))
        XCTAssertNotNil(probe.levelDBFS(ofPacket: 30 * 960))
    }
}
