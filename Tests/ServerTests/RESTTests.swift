import XCTest
@testable import Server

/// REST API of PROTOCOL.md: interviews, auth, validation, and that data survives a restart.
final class RESTTests: XCTestCase {
    func testCreateListDetailAndErrors() async throws {
        let server = try TestServer(echo: false)
        try await server.start()
        defer { Task { await server.stop() } }

        let (health, healthBody) = try await server.request("GET", "/healthz")
        XCTAssertEqual(health, 200)
        XCTAssertEqual((healthBody as? [String: String])?["status"], "ok")

        let (created, body) = try await server.request(
            "POST", "/v1/interviews",
            body: #"{"role":"iOS engineer","type":"technical","level":"senior","techstack":["Swift","SwiftUI"],"questionCount":4,"candidateName":"Ada"}"#,
            token: server.adminToken)
        XCTAssertEqual(created, 201)
        let interview = try XCTUnwrap(body as? [String: Any])
        let id = try XCTUnwrap(interview["id"] as? String)
        let joinToken = try XCTUnwrap(interview["joinToken"] as? String)
        XCTAssertEqual(interview["status"] as? String, "scheduled")
        XCTAssertEqual(interview["joinUrl"] as? String, "\(server.baseURL)/join/\(joinToken)")
        XCTAssertGreaterThanOrEqual(joinToken.count, 32)

        let (listed, list) = try await server.request("GET", "/v1/interviews", token: server.adminToken)
        XCTAssertEqual(listed, 200)
        XCTAssertEqual((list as? [[String: Any]])?.first?["id"] as? String, id)

        // The candidate sees its own interview without the token echoed back.
        let (detail, detailBody) = try await server.request("GET", "/v1/interviews/\(id)", token: joinToken)
        XCTAssertEqual(detail, 200)
        XCTAssertNil((detailBody as? [String: Any])?["joinToken"])

        // Errors: each a JSON {"error": {"code", "message"}} with a fitting status.
        let cases: [(String, String, String?, String?, Int, String)] = [
            ("POST", "/v1/interviews", #"{"role":"x"}"#, nil, 401, "unauthorized"),
            ("POST", "/v1/interviews", #"{"role":"x"}"#, "not-the-token", 401, "unauthorized"),
            ("GET", "/v1/interviews", nil, joinToken, 401, "unauthorized"),
            ("POST", "/v1/interviews", "{not json", server.adminToken, 400, "bad_request"),
            ("POST", "/v1/interviews", "", server.adminToken, 400, "bad_request"),
            ("POST", "/v1/interviews", #"{"type":"technical"}"#, server.adminToken, 400, "bad_request"),
            ("POST", "/v1/interviews", #"{"role":""}"#, server.adminToken, 400, "bad_request"),
            ("POST", "/v1/interviews", #"{"role":"x","level":"godlike"}"#, server.adminToken, 400, "bad_request"),
            ("POST", "/v1/interviews", #"{"role":"x","questionCount":0}"#, server.adminToken, 400, "bad_request"),
            ("POST", "/v1/interviews", #"{"role":"x","questionCount":"five"}"#, server.adminToken, 400, "bad_request"),
            ("POST", "/v1/interviews", #"{"role":"x","type":"chat"}"#, server.adminToken, 400, "bad_request"),
            ("GET", "/v1/interviews/iv_missing", nil, server.adminToken, 404, "not_found"),
            ("GET", "/v1/interviews/\(id)", nil, "someone-elses-token", 401, "unauthorized"),
        ]
        for (method, path, requestBody, token, expectedStatus, expectedCode) in cases {
            let (status, json) = try await server.request(method, path, body: requestBody, token: token)
            XCTAssertEqual(status, expectedStatus, "\(method) \(path) \(requestBody ?? "")")
            let error = (json as? [String: Any])?["error"] as? [String: Any]
            XCTAssertEqual(error?["code"] as? String, expectedCode, "\(method) \(path) \(requestBody ?? "")")
            XCTAssertFalse((error?["message"] as? String ?? "").isEmpty)
        }
        let (notHeld, notHeldBody) = try await server.request("GET", "/v1/interviews/\(id)/report", token: server.adminToken)
        XCTAssertEqual(notHeld, 409)
        XCTAssertEqual(((notHeldBody as? [String: Any])?["error"] as? [String: Any])?["code"] as? String, "not_ready")
        XCTAssertEqual((interview["questions"] as? [[String: Any]])?.count, 4, "the plan is made at creation")

        let (oversized, _) = try await server.request("POST", "/v1/interviews", body: String(repeating: "x", count: 70_000), token: server.adminToken)
        XCTAssertEqual(oversized, 413)

        let (metrics, _) = try await server.request("GET", "/metrics")
        XCTAssertEqual(metrics, 200)
    }

    func testInterviewsSurviveARestart() async throws {
        let dataDir = NSTemporaryDirectory() + "parley-restart-\(UUID().uuidString)"
        let first = try TestServer(echo: false, dataDir: dataDir)
        try await first.start()
        let (id, _) = try await first.createInterview()
        await first.stop()

        let second = try TestServer(echo: false, dataDir: dataDir)
        try await second.start()
        defer { Task { await second.stop() } }
        let (status, json) = try await second.request("GET", "/v1/interviews/\(id)", token: second.adminToken)
        XCTAssertEqual(status, 200)
        XCTAssertEqual((json as? [String: Any])?["id"] as? String, id)
        // The DTLS certificate persisted too.
        XCTAssertTrue(FileManager.default.fileExists(atPath: dataDir + "/dtls-cert.pem"))
    }
}
