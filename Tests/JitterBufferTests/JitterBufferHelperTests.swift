import AudioCodec
import XCTest
@testable import JitterBuffer

/// The in-band FEC probe must agree with what libopus does: `decodeFEC` differs from
/// plain PLC exactly when the next packet carries LBRR data.
final class OpusFECProbeTests: XCTestCase {
    func testProbeMatchesDecoderBehaviour() throws {
        let payloads = try OpusFixture.tonePayloads(count: 40)
        var agreements = 0
        for n in 1..<(payloads.count - 1) {
            let a = try OpusDecoder(), b = try OpusDecoder()
            for k in 0..<n { _ = try a.decode(payloads[k]); _ = try b.decode(payloads[k]) }
            let fec = try a.decodeFEC(from: payloads[n + 1], frameSamples: 960)
            let plc = try b.concealLoss(frameSamples: 960)
            XCTAssertEqual(fec != plc, OpusFECProbe.hasInBandFEC(payloads[n + 1]), "packet \(n + 1)")
            if fec != plc { agreements += 1 }
        }
        XCTAssertGreaterThan(agreements, 10, "the fixture encoder should emit FEC")
    }

    func testCELTAndMalformedPacketsHaveNoFEC() {
        XCTAssertFalse(OpusFECProbe.hasInBandFEC([]))
        XCTAssertFalse(OpusFECProbe.hasInBandFEC([UInt8(31 << 3), 0xFF, 0xFF]))  // CELT FB 20 ms
        XCTAssertFalse(OpusFECProbe.hasInBandFEC([UInt8(9 << 3) | 3]))  // code 3 without count byte
        XCTAssertTrue(OpusFECProbe.hasInBandFEC([UInt8(9 << 3), 0b0100_0000]))  // SILK WB 20 ms, LBRR bit
        XCTAssertFalse(OpusFECProbe.hasInBandFEC([UInt8(9 << 3), 0b1000_0000]))  // VAD only
    }
}

final class RTPUnwrapperTests: XCTestCase {
    func testSequenceWrapBothWays() {
        var unwrapper = RTPUnwrapper(bits: 16)
        let cases: [(UInt32, Int64)] = [(65534, 65534), (65535, 65535), (0, 65536), (65535, 65535), (1, 65537)]
        for (raw, expected) in cases { XCTAssertEqual(unwrapper.update(raw), expected, "raw \(raw)") }
        XCTAssertEqual(unwrapper.highest, 65537)
        // The nearest extension wins: 25 537 back, or 29 999 forward.
        XCTAssertEqual(unwrapper.extend(40000), 40000)
        XCTAssertEqual(unwrapper.extend(30000), 65536 + 30000)
    }

    func testTimestampWrap() {
        var unwrapper = RTPUnwrapper(bits: 32)
        XCTAssertEqual(unwrapper.update(UInt32.max - 959), Int64(UInt32.max) - 959)
        XCTAssertEqual(unwrapper.update(1), Int64(UInt32.max) + 2)
        XCTAssertEqual(unwrapper.extend(UInt32.max - 959), Int64(UInt32.max) - 959)  // reordered, before the wrap
    }
}

final class PCMLevelTests: XCTestCase {
    func testLevels() {
        XCTAssertEqual(PCMLevel.rms(dBFS: -20), 3276.8, accuracy: 0.01)
        XCTAssertEqual(PCMLevel.rms(dBFS: -50), 103.62, accuracy: 0.01)
        XCTAssertEqual(PCMLevel.rms([3, -3, 3, -3][...]), 3)
        XCTAssertEqual(PlayoutFrame(samples: [Int16](repeating: 0, count: 960), kind: .silence).rms, 0)
    }
}
