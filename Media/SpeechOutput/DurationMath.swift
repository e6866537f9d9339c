/// Whole nanoseconds in a duration (saturating far outside ±292 years).
func nanoseconds(_ duration: Duration) -> Int64 {
    let (seconds, attoseconds) = duration.components
    let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    if overflow { return seconds < 0 ? Int64.min : Int64.max }
    return scaled &+ attoseconds / 1_000_000_000
}

/// A duration in milliseconds as a Double.
func milliseconds(_ duration: Duration) -> Double {
    Double(nanoseconds(duration)) / 1_000_000
}
