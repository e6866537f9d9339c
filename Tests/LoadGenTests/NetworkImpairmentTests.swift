import Caller
import XCTest
@testable import LoadGen

/// The sender-side network emulator: seeded determinism, long-run loss rate, burst lengths,
/// in-order jitter and reordering.
final class NetworkImpairmentTests: XCTestCase {
    let start = ContinuousClock.now

    /// Runs `count` packets 20 ms apart; returns each fate.
    func run(_ settings: NetworkImpairment.Settings, seed: UInt64 = 7, count: Int = 20_000) -> (NetworkImpairment, [PacketFate]) {
        var model = NetworkImpairment(settings: settings, seed: seed)
        let fates = (0..<count).map { model.fate(sentAt: start + .milliseconds(20 * $0)) }
        return (model, fates)
    }

    func testNoImpairmentDeliversEverythingAtOnce() {
        let (model, fates) = run(.init(), count: 1000)
        XCTAssertEqual(fates, Array(repeating: .deliver(after: .zero), count: 1000))
        XCTAssertEqual(model.counts.dropped, 0)
        XCTAssertFalse(NetworkImpairment.Settings().isActive)
    }

    func testSameSeedSameFatesOtherSeedOtherFates() {
        let settings = NetworkImpairment.Settings(loss: 0.05, burst: 3, jitterMs: 30, reorder: 0.02)
        XCTAssertEqual(run(settings, seed: 42).1, run(settings, seed: 42).1)
        XCTAssertNotEqual(run(settings, seed: 42).1, run(settings, seed: 43).1)
    }

    func testBernoulliLossRateAndBurstLength() {
        let (model, _) = run(.init(loss: 0.05), count: 100_000)
        let rate = Double(model.counts.dropped) / Double(model.counts.packets)
        XCTAssertEqual(rate, 0.05, accuracy: 0.005)
        // Independent losses: runs average 1 / (1 − p) ≈ 1.05 packets.
        XCTAssertEqual(model.counts.meanBurstLength, 1 / 0.95, accuracy: 0.03)
        XCTAssertEqual(EModel.burstRatio(meanBurstLength: model.counts.meanBurstLength, lossFraction: rate), 1, accuracy: 0.03)
    }

    func testGilbertElliottLossRateAndBurstLength() {
        let (model, fates) = run(.init(loss: 0.05, burst: 4), count: 200_000)
        let rate = Double(model.counts.dropped) / Double(model.counts.packets)
        XCTAssertEqual(rate, 0.05, accuracy: 0.008)
        XCTAssertEqual(model.counts.meanBurstLength, 4, accuracy: 0.3)
        XCTAssertGreaterThan(EModel.burstRatio(meanBurstLength: model.counts.meanBurstLength, lossFraction: rate), 3)
        // The drops counted are the drops returned.
        XCTAssertEqual(fates.filter { $0 == .drop }.count, model.counts.dropped)
        let channel = GilbertElliott(loss: 0.05, meanBurst: 4)
        XCTAssertEqual(channel.stationaryLoss, 0.05, accuracy: 1e-9)
        XCTAssertEqual(channel.badToGood, 0.25, accuracy: 1e-12)
    }

    func testJitterStaysInRangeAndKeepsOrder() {
        let (_, fates) = run(.init(jitterMs: 60), count: 5000)
        var lastRelease = start - .seconds(1)
        var delays: [Double] = []
        for (n, fate) in fates.enumerated() {
            guard case .deliver(let after) = fate else { return XCTFail("jitter alone never drops") }
            let sent = start + .milliseconds(20 * n)
            XCTAssertGreaterThanOrEqual(sent + after, lastRelease, "packet \(n) overtook an earlier one")
            lastRelease = sent + after
            delays.append(after / .milliseconds(1))
        }
        XCTAssertGreaterThanOrEqual(delays.min() ?? -1, 0)
        // Holding order can push a packet past the range only by what the one before still needed.
        XCTAssertLessThanOrEqual(delays.max() ?? 100, 60)
        XCTAssertEqual(delays.reduce(0, +) / Double(delays.count), 30, accuracy: 6, "uniform 0…60 ms averages ~30 ms (a little more, order kept)")
    }

    func testReorderedPacketsAreOvertaken() {
        let (model, fates) = run(.init(reorder: 0.1), count: 10_000)
        XCTAssertEqual(Double(model.counts.reordered) / 10_000, 0.1, accuracy: 0.015)
        var releases: [(ContinuousClock.Instant, Int)] = []
        for (n, fate) in fates.enumerated() {
            guard case .deliver(let after) = fate else { return XCTFail("no loss configured") }
            releases.append((start + .milliseconds(20 * n) + after, n))
        }
        let arrivalOrder = releases.sorted { $0.0 < $1.0 }.map(\.1)
        let outOfOrder = zip(arrivalOrder, arrivalOrder.dropFirst()).filter { $0 > $1 }.count
        XCTAssertEqual(Double(outOfOrder), Double(model.counts.reordered), accuracy: Double(model.counts.reordered) * 0.2 + 2)
    }
}
