import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ParleyCrypto

/// The browser pages' static files (`Sources/Server/Web`, shipped as the Server target's SwiftPM
/// resources), read once into memory and served with their content type, a strong ETag
/// (SHA-256 of the bytes; a matching `If-None-Match` gets 304) and the pages' security headers.
///
/// Only the regular files found at the top of the folder at start-up are served, looked up by
/// exact name in memory, so no request can reach any other file. The folder is, in order:
/// `PARLEY_WEB_DIR`; the `Parley_Server.resources/Web` bundle beside the executable (where
/// SwiftPM puts it for `.build/{debug,release}/parley`). When neither holds the pages, every page
/// answers 503 saying so (nothing crashes: `Bundle.module` is never touched).
struct WebAssets: Sendable {
    /// One file, ready to send.
    struct Asset: Sendable, Equatable {
        let bytes: [UInt8]
        let contentType: String
        /// A strong entity tag (RFC 9110 §8.8.3), quoted.
        let etag: String
    }

    /// The folder the files came from, when found.
    let directory: URL?
    /// Why the pages are unavailable (names what was looked at), when they are.
    let problem: String?
    private let assets: [String: Asset]

    /// The environment variable that points at the pages' folder.
    static let environmentKey = "PARLEY_WEB_DIR"
    /// SwiftPM's resource bundle of the Server target, beside the executable on Linux.
    static let bundleNames = ["Parley_Server.resources", "Parley_Server.bundle/Contents/Resources", "Parley_Server.bundle"]
    /// Files larger than this are not loaded (the pages are a few tens of kilobytes).
    static let maximumFileBytes = 2 << 20

    /// Sent with every page and file: scripts, styles and connections only from this origin
    /// (WebSocket included: CSP Level 3 `'self'` matches `ws:` on the same host), no inline code,
    /// no framing. Remote audio is a `MediaStream` (`srcObject`), which `media-src` does not govern.
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self'", "media-src 'self' blob: mediastream:", "base-uri 'none'", "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// Headers every page response carries.
    static let securityHeaders: HTTPFields = {
        var headers: HTTPFields = [.contentSecurityPolicy: contentSecurityPolicy, .xContentTypeOptions: "nosniff"]
        // Join links carry the join token: never send it on in a Referer.
        if let referrerPolicy = HTTPField.Name("Referrer-Policy") { headers[referrerPolicy] = "no-referrer" }
        return headers
    }()

    init(directory: URL?, problem: String?, assets: [String: Asset]) {
        self.directory = directory
        self.problem = problem
        self.assets = assets
    }

    /// Reads every regular top-level file of `directory` (dot files skipped).
    init(directory: URL) throws {
        var assets: [String: Asset] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        for name in names where Self.isServableName(name) {
            let url = directory.appendingPathComponent(name)
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values.isRegularFile == true, (values.fileSize ?? 0) <= Self.maximumFileBytes else { continue }
            let bytes = [UInt8](try Data(contentsOf: url))
            assets[name] = Asset(bytes: bytes, contentType: Self.contentType(forName: name), etag: Self.etag(of: bytes))
        }
        self.init(directory: directory, problem: assets["candidate.html"] == nil
            ? "the pages' folder \(directory.path) has no candidate.html" : nil, assets: assets)
    }

    /// Finds and loads the pages (see the type's doc comment for the order); never throws.
    static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                     executable: URL? = executableURL(), logger: Logger? = nil) -> WebAssets {
        let candidates = candidateDirectories(environment: environment, executable: executable)
        for directory in candidates {
            guard let loaded = try? WebAssets(directory: directory), loaded.problem == nil else { continue }
            logger?.debug("serving pages", metadata: ["folder": "\(directory.path)"])
            return loaded
        }
        let looked = candidates.map(\.path).joined(separator: ", ")
        let problem = "the web pages are not installed (looked in: \(looked.isEmpty ? "nothing" : looked)); "
            + "set \(environmentKey) to the Sources/Server/Web folder, or run the parley binary from its build folder"
        logger?.warning("web pages unavailable", metadata: ["reason": "\(problem)"])
        return WebAssets(directory: nil, problem: problem, assets: [:])
    }

    /// `PARLEY_WEB_DIR` alone when set; otherwise the resource bundles beside the executable.
    static func candidateDirectories(environment: [String: String], executable: URL?) -> [URL] {
        if let explicit = environment[environmentKey], !explicit.isEmpty {
            return [URL(fileURLWithPath: explicit, isDirectory: true)]
        }
        guard let executable else { return [] }
        let folder = executable.deletingLastPathComponent()
        return bundleNames.map { folder.appendingPathComponent($0).appendingPathComponent("Web", isDirectory: true) }
    }

    /// The running executable with symlinks resolved (`.build/release` is a symlink on Linux).
    static func executableURL() -> URL? {
        #if os(Linux)
        let link = URL(fileURLWithPath: "/proc/self/exe")
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: link.path) {
            return URL(fileURLWithPath: path)
        }
        #endif
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }

    var isAvailable: Bool { problem == nil }

    /// The file called exactly `name`, if it was loaded.
    func asset(named name: String) -> Asset? {
        guard Self.isServableName(name) else { return nil }
        return assets[name]
    }

    /// A plain file name: letters, digits, `.`, `-`, `_`, not starting with a dot, at most 100 characters.
    static func isServableName(_ name: String) -> Bool {
        guard !name.isEmpty, name.count <= 100, !name.hasPrefix(".") else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_": true
            default: false
            }
        }
    }

    static func contentType(forName name: String) -> String {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "json": "application/json; charset=utf-8"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    static func etag(of bytes: [UInt8]) -> String {
        let digest = Digest.sha256.hash(bytes).prefix(16)
        return "\"" + digest.map { String(format: "%02x", $0) }.joined() + "\""
    }

    // MARK: Responses

    /// `name` as a response: 200 with the bytes, 304 when `If-None-Match` names its ETag, 404
    /// when there is no such file, 503 when the pages are not installed.
    func response(named name: String, request: Request) -> Response {
        guard isAvailable else { return Self.unavailable(problem ?? "") }
        guard let asset = asset(named: name) else {
            return Self.textResponse(.notFound, "no such file")
        }
        var headers = Self.securityHeaders
        headers[.eTag] = asset.etag
        headers[.cacheControl] = "no-cache"
        if Self.matches(request.headers[.ifNoneMatch], etag: asset.etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    /// Whether an `If-None-Match` value (RFC 9110 §13.1.2: `*` or a list of tags, weak ones
    /// compared weakly) covers `etag`.
    static func matches(_ ifNoneMatch: String?, etag: String) -> Bool {
        guard let ifNoneMatch else { return false }
        for tag in ifNoneMatch.split(separator: ",") {
            var value = tag.trimmingCharacters(in: .whitespaces)
            if value == "*" { return true }
            if value.hasPrefix("W/") { value.removeFirst(2) }
            if value == etag { return true }
        }
        return false
    }

    static func unavailable(_ problem: String) -> Response {
        textResponse(.serviceUnavailable, "Parley's web pages are unavailable: \(problem)")
    }

    static func textResponse(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
