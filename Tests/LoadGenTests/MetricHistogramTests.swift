import XCTest
@testable import LoadGen

/// Percentiles through HdrHistogram: resolution, empty histograms, the CDF the report draws.
final class MetricHistogramTests: XCTestCase {
    func testPercentilesOfOneToThousand() {
        var h = MetricHistogram(name: "latency", unit: "ms")
        for v in 1...1000 { h.record(Double(v)) }
        let s = h.summary
        XCTAssertEqual(s.count, 1000)
        // Three significant digits: within 0.1 % of the exact order statistic.
        XCTAssertEqual(s.p50 ?? 0, 500, accuracy: 0.6)
        XCTAssertEqual(s.p95 ?? 0, 950, accuracy: 1)
        XCTAssertEqual(s.p99 ?? 0, 990, accuracy: 1)
        XCTAssertEqual(s.min ?? 0, 1, accuracy: 0.001)
        XCTAssertEqual(s.max ?? 0, 1000, accuracy: 1)
        XCTAssertEqual(s.mean ?? 0, 500.5, accuracy: 0.5)
    }

    func testSubMillisecondValuesKeepTheirResolution() {
        var h = MetricHistogram(name: "jitter", unit: "ms")
        h.record(0.25)
        h.record(0.75)
        XCTAssertEqual(h.value(atPercentile: 0) ?? 0, 0.25, accuracy: 0.001)
        XCTAssertEqual(h.value(atPercentile: 100) ?? 0, 0.75, accuracy: 0.001)
    }

    func testEmptyAndOddInput() {
        var h = MetricHistogram(name: "x", unit: "ms")
        XCTAssertNil(h.value(atPercentile: 50))
        XCTAssertEqual(h.summary.count, 0)
        XCTAssertNil(h.summary.p95)
        XCTAssertTrue(h.cdf().isEmpty)
        h.record(.nan)
        h.record(.infinity)
        XCTAssertEqual(h.count, 0, "non-finite values are not recorded")
        h.record(-3)
        XCTAssertEqual(h.value(atPercentile: 50), 0, "negative values clamp to zero")
    }

    func testCDFIsMonotoneAndEndsAtOne() {
        var h = MetricHistogram(name: "latency", unit: "ms")
        for v in [400.0, 410, 410, 420, 800, 1200] { h.record(v) }
        let cdf = h.cdf()
        XCTAssertEqual(cdf.count, 5, "one step per distinct value")
        XCTAssertEqual(cdf.last?.fraction ?? 0, 1, accuracy: 1e-12)
        XCTAssertEqual(cdf.first?.fraction ?? 0, 1.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(cdf[1].fraction, 3.0 / 6, accuracy: 1e-12)
        for (a, b) in zip(cdf, cdf.dropFirst()) {
            XCTAssertLessThan(a.value, b.value)
            XCTAssertLessThan(a.fraction, b.fraction)
        }
    }

    func testMerging() {
        var a = MetricHistogram(name: "a", unit: "ms"), b = MetricHistogram(name: "b", unit: "ms")
        for v in 1...50 { a.record(Double(v)) }
        for v in 51...100 { b.record(Double(v)) }
        a.add(b)
        XCTAssertEqual(a.count, 100)
        XCTAssertEqual(a.value(atPercentile: 50) ?? 0, 50, accuracy: 0.1)
    }
}
