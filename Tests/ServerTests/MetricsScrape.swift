import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

extension TestServer {
    /// `GET /metrics`, parsed: each sample line `name{labels} value` keyed by `name{labels}`.
    func scrapeMetrics() async throws -> [String: Double] {
        let (data, response) = try await URLSession.shared.data(from: try XCTUnwrap(URL(string: baseURL + "/metrics")))
        XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 200)
        var samples: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            samples[String(line[..<space])] = value
        }
        return samples
    }

    /// Fails unless the histogram `name` (with `labels`, e.g. `{stage="endpointing"}`) has observations.
    func assertObserved(_ samples: [String: Double], _ name: String, labels: String = "",
                        file: StaticString = #filePath, line: UInt = #line) {
        let count = samples["\(name)_count\(labels)"]
        XCTAssertNotNil(count, "\(name)\(labels) is not exported", file: file, line: line)
        XCTAssertGreaterThan(count ?? 0, 0, "\(name)\(labels) has no observations", file: file, line: line)
    }
}
