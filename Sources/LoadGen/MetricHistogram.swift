import Histogram

/// One measured quantity across a run (a latency in ms, a loss percentage, a MOS), kept in an
/// HdrHistogram with three significant digits at a fixed resolution (`unitsPerValue` steps per
/// unit: 1000 for milliseconds → microsecond resolution). Negative values are clamped to zero.
/// Min, max and mean are kept exactly; percentiles come from the histogram, within [min, max].
public struct MetricHistogram: Sendable {
    public let name: String
    public let unit: String
    public let unitsPerValue: Double
    private var histogram: Histogram<UInt64>
    private var exactMin = Double.infinity
    private var exactMax = -Double.infinity
    private var sum = 0.0

    public init(name: String, unit: String, unitsPerValue: Double = 1000) {
        self.name = name
        self.unit = unit
        self.unitsPerValue = unitsPerValue
        var histogram = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        histogram.autoResize = true
        self.histogram = histogram
    }

    public var count: Int { Int(histogram.totalCount) }

    public mutating func record(_ value: Double) {
        guard value.isFinite else { return }
        let clamped = max(0, value)
        exactMin = min(exactMin, clamped)
        exactMax = max(exactMax, clamped)
        sum += clamped
        let scaled = (clamped * unitsPerValue).rounded()
        _ = histogram.record(UInt64(min(scaled, Double(UInt64.max / 4))))
    }

    public mutating func add(_ other: MetricHistogram) {
        histogram.add(other.histogram)
        exactMin = min(exactMin, other.exactMin)
        exactMax = max(exactMax, other.exactMax)
        sum += other.sum
    }

    /// The value at `percentile` (0…100); nil when empty.
    public func value(atPercentile percentile: Double) -> Double? {
        guard histogram.totalCount > 0 else { return nil }
        return clamp(Double(histogram.valueAtPercentile(percentile)) / unitsPerValue)
    }

    private func clamp(_ value: Double) -> Double { min(max(value, exactMin), exactMax) }

    /// Count, min, percentiles, max and mean, rounded to the histogram's resolution.
    public var summary: MetricSummary {
        guard histogram.totalCount > 0 else { return MetricSummary(name: name, unit: unit, count: 0) }
        func p(_ percentile: Double) -> Double { round3(clamp(Double(histogram.valueAtPercentile(percentile)) / unitsPerValue)) }
        return MetricSummary(
            name: name, unit: unit, count: count, min: round3(exactMin), p50: p(50), p90: p(90), p95: p(95), p99: p(99),
            max: round3(exactMax), mean: round3(sum / Double(count)), cdf: cdf())
    }

    /// The cumulative distribution as (value, fraction ≤ value) steps, one per distinct recorded
    /// bucket, from the smallest value to the largest.
    public func cdf() -> [CDFPoint] {
        guard histogram.totalCount > 0 else { return [] }
        let total = Double(histogram.totalCount)
        return histogram.recordedValues().map {
            CDFPoint(value: round3(clamp(Double(histogram.highestEquivalentForValue($0.value)) / unitsPerValue)),
                     fraction: Double($0.totalCountToThisValue) / total)
        }
    }
}

/// Rounded to three decimals (µs for milliseconds) for the report.
func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

/// One step of a cumulative distribution.
public struct CDFPoint: Sendable, Codable, Equatable {
    public var value: Double
    public var fraction: Double
}

/// The summary of one ``MetricHistogram`` as it goes into the report (nil fields when empty).
public struct MetricSummary: Sendable, Codable, Equatable {
    public var name: String
    public var unit: String
    public var count: Int
    public var min: Double?
    public var p50: Double?
    public var p90: Double?
    public var p95: Double?
    public var p99: Double?
    public var max: Double?
    public var mean: Double?
    public var cdf: [CDFPoint] = []

    public init(name: String, unit: String, count: Int, min: Double? = nil, p50: Double? = nil, p90: Double? = nil,
                p95: Double? = nil, p99: Double? = nil, max: Double? = nil, mean: Double? = nil, cdf: [CDFPoint] = []) {
        self.name = name
        self.unit = unit
        self.count = count
        self.min = min
        self.p50 = p50
        self.p90 = p90
        self.p95 = p95
        self.p99 = p99
        self.max = max
        self.mean = mean
        self.cdf = cdf
    }
}
