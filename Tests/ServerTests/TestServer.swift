import Caller
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Prometheus
import XCTest
@testable import Server

/// A real `ParleyServer` on loopback ports, in-process, with its own data directory.
final class TestServer {
    let configuration: ServerConfiguration
    let adminToken = "test-admin-token-0123456789"
    private(set) var httpPort = 0
    private(set) var mediaPort = 0
    private var task: Task<Void, Error>?

    init(echo: Bool, dataDir: String? = nil, consentTimeoutSeconds: Int = 30, extraFlags: [String: String] = [:]) throws {
        let listener = try XCTUnwrap(TCPListener(host: "127.0.0.1"))
        let port = listener.port
        withExtendedLifetime(listener) {}
        var configuration = try ServerConfiguration.resolve(flags: [
            "--host": "127.0.0.1", "--http-port": "\(port)", "--media-port": "0",
            "--admin-token": adminToken, "--echo": echo ? "1" : "0", "--consent-timeout": "\(consentTimeoutSeconds)",
        ].merging(extraFlags) { $1 })
        configuration.dataDir = dataDir ?? NSTemporaryDirectory() + "parley-test-\(UUID().uuidString)"
        self.configuration = configuration
    }

    func start() async throws {
        var logger = Logger(label: "parley-test")
        logger.logLevel = .warning
        let server = ParleyServer(configuration: configuration, logger: logger, metrics: PrometheusCollectorRegistry())
        let ready = AsyncStream.makeStream(of: (Int, Int).self)
        task = Task {
            try await server.run { http, media in
                ready.continuation.yield((http, media))
                ready.continuation.finish()
            }
        }
        for await (http, media) in ready.stream {
            httpPort = http
            mediaPort = media
            return
        }
        throw XCTSkip("server did not start")
    }

    func stop() async {
        task?.cancel()
        _ = try? await task?.value
    }

    var baseURL: String { "http://127.0.0.1:\(httpPort)" }

    func signalURL(id: String, token: String) -> String {
        "ws://127.0.0.1:\(httpPort)/v1/interviews/\(id)/signal?token=\(token)"
    }

    /// Performs a request; returns the status and the JSON body (nil when not JSON).
    func request(_ method: String, _ path: String, body: String? = nil, token: String? = nil) async throws -> (Int, Any?) {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, try? JSONSerialization.jsonObject(with: data))
    }

    /// Creates an interview as admin; returns (id, joinToken).
    func createInterview() async throws -> (id: String, joinToken: String) {
        let (status, json) = try await request("POST", "/v1/interviews", body: #"{"role":"Backend engineer","techstack":["Swift"],"questionCount":2}"#, token: adminToken)
        XCTAssertEqual(status, 201)
        let object = try XCTUnwrap(json as? [String: Any])
        return (try XCTUnwrap(object["id"] as? String), try XCTUnwrap(object["joinToken"] as? String))
    }

    /// Creates an interview and joins it with Parley's own client, as a browser would; returns
    /// once DTLS-SRTP is up.
    func joinedCall() async throws -> (id: String, caller: SyntheticCaller) {
        let (id, token) = try await createInterview()
        let caller = try await SyntheticCaller.join(signalURL: signalURL(id: id, token: token))
        try await caller.waitUntilConnected()
        return (id, caller)
    }
}

/// Test-signal helpers.
enum Tone {
    static func sine(frequency: Double, seconds: Double, sampleRate: Double = 48_000, amplitude: Double = 0.3) -> [Int16] {
        (0..<Int(seconds * sampleRate)).map { Int16(amplitude * 32767 * sin(2 * .pi * frequency * Double($0) / sampleRate)) }
    }

    /// The frequency in `range` (1 Hz steps) with the most energy (Goertzel).
    static func dominantFrequency(_ samples: [Int16], sampleRate: Double = 48_000, range: ClosedRange<Int> = 200...1000) -> Int {
        let x = samples.map(Double.init)
        var best = (frequency: 0, power: -1.0)
        for frequency in range {
            let coefficient = 2 * cos(2 * .pi * Double(frequency) / sampleRate)
            var s1 = 0.0, s2 = 0.0
            for value in x {
                let s = value + coefficient * s1 - s2
                s2 = s1
                s1 = s
            }
            let power = s1 * s1 + s2 * s2 - coefficient * s1 * s2
            if power > best.power { best = (frequency, power) }
        }
        return best.frequency
    }

    static func rms(_ samples: [Int16]) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }
}
