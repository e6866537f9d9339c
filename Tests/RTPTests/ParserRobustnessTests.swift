import XCTest
@testable import RTP

/// Deterministic mutation tests: parsers must throw or succeed, never trap,
/// and an RTP packet that parses must survive serialize → parse unchanged.
final class ParserRobustnessTests: XCTestCase {
    func mutations(of seed: [UInt8], count: Int, generator: inout SplitMix64) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for _ in 0..<count {
            var bytes = seed
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &generator)))
            case 1:
                for _ in 0..<Int.random(in: 1...4, using: &generator) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            default:
                bytes += (0..<Int.random(in: 1...8, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            }
            result.append(bytes)
        }
        return result
    }

    func testMutatedRTPPackets() throws {
        let seeds = [RTPPacketTests.oneByteExtensionPacket]
        var generator = SplitMix64(seed: 7)
        var parsed = 0
        for seed in seeds {
            for bytes in mutations(of: seed, count: 5000, generator: &generator) {
                let fromBuffer = try? bytes.withUnsafeBytes { try RTPPacket(parsing: $0) }
                guard let packet = try? RTPPacket(parsing: bytes) else {
                    XCTAssertNil(fromBuffer)
                    continue
                }
                parsed += 1
                XCTAssertEqual(fromBuffer, packet)
                XCTAssertEqual(try RTPPacket(parsing: try packet.serialize()), packet, "\(bytes)")
            }
        }
        XCTAssertGreaterThan(parsed, 100)
    }

    func testMutatedRTCPCompounds() {
        let seeds = [RTCPCompoundTests.senderReportAndSDES, RTCPCompoundTests.receiverReportAndBye]
        var generator = SplitMix64(seed: 11)
        var parsed = 0
        for seed in seeds {
            for bytes in mutations(of: seed, count: 5000, generator: &generator) {
                if let packets = try? RTCPCompound.parse(bytes) {
                    parsed += 1
                    _ = RTCPCompound.serialize(packets)
                }
            }
        }
        XCTAssertGreaterThan(parsed, 100)
    }
}
