import XCTest
@testable import LoadGen

/// E-model (G.107, simplified) values computed by hand.
final class EModelTests: XCTestCase {
    func testPerfectLegIsTheDefaultR() {
        XCTAssertEqual(EModel.rFactor(oneWayDelayMs: 0, lossPercent: 0), 93.2, accuracy: 1e-9)
        // MOS(93.2) = 1 + 0.035·93.2 + 93.2·33.2·6.8·7e-6 = 4.409
        XCTAssertEqual(EModel.mos(r: 93.2), 4.409, accuracy: 0.001)
    }

    func testDelayImpairment() {
        XCTAssertEqual(EModel.delayImpairment(oneWayDelayMs: 100), 2.4, accuracy: 1e-9)
        // Past 177.3 ms the second term starts: 0.024·300 + 0.11·122.7 = 20.697
        XCTAssertEqual(EModel.delayImpairment(oneWayDelayMs: 300), 20.697, accuracy: 1e-9)
        XCTAssertEqual(EModel.delayImpairment(oneWayDelayMs: -5), 0)
    }

    func testLossImpairmentRandomAndBursty() {
        // Ie,eff = 95·1 / (1 + 25.1) = 3.640 for 1 % random loss.
        XCTAssertEqual(EModel.effectiveEquipmentImpairment(lossPercent: 1, burstRatio: 1), 3.6398, accuracy: 1e-4)
        // Bursts hurt more: BurstR 2 → 95·5 / (2.5 + 25.1) = 17.210 for 5 %.
        XCTAssertEqual(EModel.effectiveEquipmentImpairment(lossPercent: 5, burstRatio: 2), 17.210, accuracy: 1e-3)
        XCTAssertGreaterThan(EModel.effectiveEquipmentImpairment(lossPercent: 5, burstRatio: 2),
                             EModel.effectiveEquipmentImpairment(lossPercent: 5, burstRatio: 1))
        XCTAssertEqual(EModel.effectiveEquipmentImpairment(lossPercent: 0, burstRatio: 3), 0)
    }

    func testMOSLimitsAndMonotony() {
        XCTAssertEqual(EModel.mos(r: -10), 1)
        XCTAssertEqual(EModel.mos(r: 120), 4.5)
        // A typical good call: 60 ms one way, 0.5 % loss.
        let r = EModel.rFactor(oneWayDelayMs: 60, lossPercent: 0.5)
        XCTAssertEqual(r, 93.2 - 1.44 - 95 * 0.5 / (0.5 + 25.1), accuracy: 1e-9)
        XCTAssertEqual(EModel.mos(oneWayDelayMs: 60, lossPercent: 0.5), EModel.mos(r: r), accuracy: 1e-12)
        var previous = 5.0
        for loss in stride(from: 0.0, through: 20, by: 1) {
            let mos = EModel.mos(oneWayDelayMs: 80, lossPercent: loss)
            XCTAssertLessThan(mos, previous)
            previous = mos
        }
    }

    func testBurstRatioAndDelayEstimate() {
        XCTAssertEqual(EModel.burstRatio(meanBurstLength: 0, lossFraction: 0), 1)
        XCTAssertEqual(EModel.burstRatio(meanBurstLength: 1 / 0.9, lossFraction: 0.1), 1, accuracy: 1e-12)
        XCTAssertEqual(EModel.burstRatio(meanBurstLength: 4, lossFraction: 0.05), 3.8, accuracy: 1e-12)
        XCTAssertEqual(EModel.oneWayDelayMs(rttMs: 10, jitterMs: 2), 5 + 20 + 20)
        XCTAssertEqual(EModel.oneWayDelayMs(rttMs: nil, jitterMs: 30), 0 + 20 + 60)
    }
}
