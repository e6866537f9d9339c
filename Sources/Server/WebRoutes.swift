import Foundation
import HTTPTypes
import Hummingbird
import Storage

/// The browser pages (README, "The pages"): `GET /join/:token`, the candidate's page with the
/// interview's id, role and status injected as HTML-escaped `<meta>` tags; `GET /admin`, the
/// recruiter's view; `GET /web/:name`, their scripts and styles. An unknown or expired join link
/// gets a short page saying so (404 / 410), never an error trace.
struct WebRoutes {
    let assets: WebAssets
    let database: ParleyDatabase

    /// Where `candidate.html` takes the interview's `<meta>` tags.
    static let interviewMarker = "<!--parley:interview-->"

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/join/:token") { _, context in
            try joinPage(token: context.parameters.get("token") ?? "")
        }
        router.get("/admin") { request, _ in
            assets.response(named: "admin.html", request: request)
        }
        router.get("/web/:name") { request, context in
            assets.response(named: context.parameters.get("name") ?? "", request: request)
        }
    }

    func joinPage(token: String, now: Date = Date()) throws -> Response {
        guard assets.isAvailable, let page = assets.asset(named: "candidate.html") else {
            return WebAssets.unavailable(assets.problem ?? "candidate.html is missing")
        }
        // Join tokens are URL-safe random strings; anything else cannot be one.
        let plausible = !token.isEmpty && token.count <= 200 && token.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_"
        }
        guard plausible, let record = try database.interview(joinToken: token) else {
            return Self.messagePage(.notFound, title: "This interview link is not valid",
                                    text: "Check that you opened the whole link from your invitation, or ask the recruiter for a new one.")
        }
        guard record.joinTokenExpiresAt > now else {
            return Self.messagePage(.gone, title: "This interview link has expired",
                                    text: "Ask the recruiter who invited you for a new link.")
        }
        let meta = [
            ("parley-interview-id", record.id),
            ("parley-role", record.role),
            ("parley-candidate-name", record.candidateName ?? ""),
            ("parley-status", record.status),
            ("parley-question-count", String(record.questionCount)),
        ].map { "<meta name=\"\($0.0)\" content=\"\(Self.escapeHTML($0.1))\">" }.joined(separator: "\n")
        let html = String(decoding: page.bytes, as: UTF8.self).replacingOccurrences(of: Self.interviewMarker, with: meta)
        var headers = WebAssets.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Escapes text for HTML content and double- or single-quoted attribute values.
    static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A small page with a title and one sentence, in the pages' style.
    static func messagePage(_ status: HTTPResponse.Status, title: String, text: String) -> Response {
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escapeHTML(title)) · Parley</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/web/parley.css">
            </head>
            <body>
            <main class="page narrow">
            <h1>\(escapeHTML(title))</h1>
            <p class="notice">\(escapeHTML(text))</p>
            </main>
            </body>
            </html>

            """
        var headers = WebAssets.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
