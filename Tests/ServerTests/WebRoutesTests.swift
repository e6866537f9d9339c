import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Storage
import XCTest
@testable import Server

/// The pages' routes (WebRoutes, WebAssets): files served from memory with ETag/304 and the CSP,
/// no path traversal, the join page with the interview's escaped meta tags, clear pages for
/// unknown and expired links, 503 when the pages are missing.
final class WebRoutesTests: XCTestCase {
    struct Fetched {
        let status: Int
        let headers: [String: String]
        let body: String
    }

    func fetch(_ server: TestServer, _ path: String, headers: [String: String] = [:]) async throws -> Fetched {
        var request = URLRequest(url: try XCTUnwrap(URL(string: server.baseURL + path)))
        request.cachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try XCTUnwrap(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return Fetched(status: http.statusCode, headers: fields, body: String(decoding: data, as: UTF8.self))
    }

    func testPagesAssetsETagTraversalAndJoinLinks() async throws {
        let server = try TestServer(echo: false)
        try await server.start()
        defer { Task { await server.stop() } }

        // A file, with its type, ETag and CSP; the same ETag back gives 304 without a body.
        let css = try await fetch(server, "/web/parley.css")
        XCTAssertEqual(css.status, 200)
        XCTAssertEqual(css.headers["content-type"], "text/css; charset=utf-8")
        XCTAssertTrue(css.body.contains(".transcript"), "the real stylesheet is served")
        let etag = try XCTUnwrap(css.headers["etag"])
        XCTAssertTrue(etag.hasPrefix("\"") && etag.count == 34, etag)
        XCTAssertTrue(css.headers["content-security-policy"]?.contains("script-src 'self'") ?? false)
        XCTAssertEqual(css.headers["x-content-type-options"], "nosniff")
        let again = try await fetch(server, "/web/parley.css", headers: ["If-None-Match": etag])
        XCTAssertEqual(again.status, 304)
        XCTAssertEqual(again.body, "")
        let changed = try await fetch(server, "/web/parley.css", headers: ["If-None-Match": "\"0000\""])
        XCTAssertEqual(changed.status, 200)
        let script = try await fetch(server, "/web/candidate.js")
        XCTAssertEqual(script.headers["content-type"], "text/javascript; charset=utf-8")

        // Nothing outside the folder, no hidden files, no made-up names.
        for path in ["/web/..%2FWebRoutes.swift", "/web/%2E%2E%2F%2E%2E%2FPackage.swift", "/web/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
                     "/web/.DS_Store", "/web/nope.js", "/web/%2Fetc%2Fpasswd", "/web/candidate.js%00.css"] {
            let refused = try await fetch(server, path)
            XCTAssertEqual(refused.status, 404, path)
            XCTAssertFalse(refused.body.contains("root:"), path)
        }

        // The recruiter's view.
        let admin = try await fetch(server, "/admin")
        XCTAssertEqual(admin.status, 200)
        XCTAssertTrue(admin.body.contains("/web/admin.js"))

        // The join page carries the interview, escaped; unknown links get a page saying so.
        let (created, body) = try await server.request(
            "POST", "/v1/interviews",
            body: #"{"role":"<script>alert(\"x\")</script> & 'co'","candidateName":"Ada \"<b>\"","questionCount":3}"#,
            token: server.adminToken)
        XCTAssertEqual(created, 201)
        let interview = try XCTUnwrap(body as? [String: Any])
        let token = try XCTUnwrap(interview["joinToken"] as? String)
        let id = try XCTUnwrap(interview["id"] as? String)
        let join = try await fetch(server, "/join/\(token)")
        XCTAssertEqual(join.status, 200)
        XCTAssertEqual(join.headers["content-type"], "text/html; charset=utf-8")
        XCTAssertEqual(join.headers["cache-control"], "no-store")
        XCTAssertEqual(join.headers["referrer-policy"], "no-referrer")
        XCTAssertTrue(join.body.contains(#"<meta name="parley-interview-id" content="\#(id)">"#))
        XCTAssertTrue(join.body.contains(#"<meta name="parley-role" content="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;">"#), join.body)
        XCTAssertTrue(join.body.contains(#"<meta name="parley-candidate-name" content="Ada &quot;&lt;b&gt;&quot;">"#))
        XCTAssertTrue(join.body.contains(#"<meta name="parley-question-count" content="3">"#))
        XCTAssertFalse(join.body.contains("<script>alert"))
        XCTAssertFalse(join.body.contains(WebRoutes.interviewMarker))

        for path in ["/join/not-a-real-token", "/join/\(String(repeating: "a", count: 500))", "/join/%3Cscript%3E"] {
            let unknown = try await fetch(server, path)
            XCTAssertEqual(unknown.status, 404, path)
            XCTAssertTrue(unknown.body.contains("This interview link is not valid"), path)
            XCTAssertFalse(unknown.body.contains("<script>"), path)
        }
    }

    func testExpiredLinkAndMissingPages() throws {
        let folder = NSTemporaryDirectory() + "parley-web-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let database = try ParleyDatabase(path: folder + "/parley.sqlite")
        let now = Date()
        try database.insert(InterviewRecord(
            id: "iv_expired", role: "Backend engineer", type: "mixed", level: "mid", techstack: [], questionCount: 1,
            candidateName: nil, status: "scheduled", joinToken: "expired-token", joinTokenExpiresAt: now.addingTimeInterval(60),
            questions: [.init(index: 0, text: "Why?")], createdAt: now))

        let web = folder + "/Web"
        try FileManager.default.createDirectory(atPath: web, withIntermediateDirectories: true)
        try "<html><head>\(WebRoutes.interviewMarker)</head></html>".write(toFile: web + "/candidate.html", atomically: true, encoding: .utf8)
        try "secret".write(toFile: web + "/.env", atomically: true, encoding: .utf8)
        try "body {}".write(toFile: web + "/x.css", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: web + "/sub", withIntermediateDirectories: true)
        try "nested".write(toFile: web + "/sub/inner.js", atomically: true, encoding: .utf8)

        let assets = WebAssets.load(environment: [WebAssets.environmentKey: web], executable: nil)
        XCTAssertTrue(assets.isAvailable, assets.problem ?? "")
        XCTAssertNotNil(assets.asset(named: "x.css"))
        XCTAssertNil(assets.asset(named: ".env"), "dot files are not served")
        XCTAssertNil(assets.asset(named: "sub"), "folders are not served")
        XCTAssertNil(assets.asset(named: "sub/inner.js"))
        XCTAssertNil(assets.asset(named: "../Web/x.css"))
        XCTAssertTrue(WebAssets.matches("W/\"a\", \"b\"", etag: "\"b\""))
        XCTAssertTrue(WebAssets.matches("*", etag: "\"b\""))
        XCTAssertFalse(WebAssets.matches("\"a\"", etag: "\"b\""))

        let routes = WebRoutes(assets: assets, database: database)
        XCTAssertEqual(try routes.joinPage(token: "expired-token", now: now).status, .ok)
        let expired = try routes.joinPage(token: "expired-token", now: now.addingTimeInterval(3600))
        XCTAssertEqual(expired.status, .gone)
        XCTAssertEqual(try routes.joinPage(token: "other-token", now: now).status, .notFound)

        // PARLEY_WEB_DIR pointing nowhere: every page says 503 and names what it looked at.
        let missing = WebAssets.load(environment: [WebAssets.environmentKey: folder + "/nowhere"], executable: nil)
        XCTAssertFalse(missing.isAvailable)
        XCTAssertTrue(missing.problem?.contains("nowhere") ?? false, missing.problem ?? "")
        XCTAssertEqual(try WebRoutes(assets: missing, database: database).joinPage(token: "expired-token", now: now).status,
                       .serviceUnavailable)
        // No environment and no bundle beside an executable in an empty folder: unavailable, no crash.
        let bare = WebAssets.load(environment: [:], executable: URL(fileURLWithPath: folder + "/bin/parley"))
        XCTAssertFalse(bare.isAvailable)
    }
}
