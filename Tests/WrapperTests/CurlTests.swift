import XCTest
import CurlHTTP
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (ephemeral port) for the curl tests: one thread,
/// one connection at a time, `Connection: close`.
///
/// - `GET /hello` → 200 "hello world" with `X-Test: yes`
/// - `POST /echo` → 201 "received N bytes" (N = request body length)
/// - `GET /stream` → 200 chunked, three chunks 50 ms apart
/// - anything else → 404
private final class LocalHTTPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let thread: Thread

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa -> Bool in
                bind(fd, sa, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, sa, &length) == 0
            }
        }
        guard bound else { close(fd); throw POSIXError(.EADDRINUSE) }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        thread = Thread { Self.serve(fd) }
        thread.start()
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func serve(_ listener: Int32) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            handle(client)
            close(client)
        }
    }

    private static func handle(_ client: Int32) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            if let end = headerEnd, request.count >= end + contentLength { break }
            let n = read(client, &buffer, buffer.count)
            guard n > 0 else { return }
            request += buffer[0..<n]
            if headerEnd == nil, let range = find([13, 10, 13, 10], in: request) {
                headerEnd = range
                let head = String(decoding: request[0..<range], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        let head = String(decoding: request.prefix(headerEnd ?? 0), as: UTF8.self)
        let requestLine = head.split(separator: "\r\n").first.map(String.init) ?? ""
        let bodyLength = request.count - (headerEnd ?? 0) - 4

        switch requestLine {
        case let line where line.hasPrefix("GET /hello "):
            reply(client, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Test: yes\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world")
        case let line where line.hasPrefix("POST /echo "):
            let body = "received \(bodyLength) bytes"
            reply(client, "HTTP/1.1 201 Created\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        case let line where line.hasPrefix("GET /stream "):
            reply(client, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
            for index in 1...3 {
                let event = "data: event \(index)\n\n"
                reply(client, String(event.utf8.count, radix: 16) + "\r\n" + event + "\r\n")
                usleep(50_000)
            }
            reply(client, "0\r\n\r\n")
        default:
            reply(client, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        }
    }

    private static func reply(_ client: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }  // no SIGPIPE when curl aborts
            guard n > 0 else { return }
            sent += n
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where Array(haystack[start..<start + needle.count]) == needle {
            return start
        }
        return nil
    }
}

final class CurlTests: XCTestCase {
    private var server: LocalHTTPServer!
    private var base: String { "http://127.0.0.1:\(server.port)" }

    override func setUpWithError() throws {
        server = try LocalHTTPServer()
    }

    override func tearDown() {
        server.stop()
        server = nil
    }

    func testGet() throws {
        let client = try CurlClient()
        let response = try client.perform(request: HTTPClientRequest(url: base + "/hello", headers: [HTTPHeaderField("Accept", "text/plain")]))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.bodyText, "hello world")
        XCTAssertEqual(response.header("x-test"), "yes")
        XCTAssertEqual(response.header("Content-Type"), "text/plain")

        let missing = try client.perform(request: HTTPClientRequest(url: base + "/nope"))
        XCTAssertEqual(missing.status, 404, "an HTTP error status is a response, not a thrown error")
        XCTAssertTrue(missing.body.isEmpty)
    }

    func testPostSendsBody() throws {
        let client = try CurlClient()
        let body = Array(repeating: UInt8(ascii: "x"), count: 1234)
        let response = try client.perform(request: HTTPClientRequest(
            method: "POST", url: base + "/echo", headers: [HTTPHeaderField("Content-Type", "application/octet-stream")], body: body))
        XCTAssertEqual(response.status, 201)
        XCTAssertEqual(response.bodyText, "received 1234 bytes")

        let empty = try client.perform(request: HTTPClientRequest(method: "POST", url: base + "/echo"))
        XCTAssertEqual(empty.bodyText, "received 0 bytes")
    }

    func testStreamingDeliversChunksAsTheyArrive() throws {
        let client = try CurlClient()
        var head: HTTPClientResponseHead?
        var chunks: [String] = []
        let result = try client.stream(request: HTTPClientRequest(url: base + "/stream"), onHead: { received in
            head = received
            return .continue
        }, onChunk: { chunk in
            chunks.append(String(decoding: chunk, as: UTF8.self))
            return .continue
        })
        XCTAssertEqual(head?.status, 200)
        XCTAssertEqual(head?.header("content-type"), "text/event-stream")
        XCTAssertGreaterThanOrEqual(chunks.count, 2)
        XCTAssertEqual(chunks.joined(), "data: event 1\n\ndata: event 2\n\ndata: event 3\n\n")
        XCTAssertFalse(result.wasAborted)
        XCTAssertEqual(result.bytesReceived, chunks.joined().utf8.count)
    }

    func testStreamingCanBeAbortedByTheCallback() throws {
        let client = try CurlClient()
        var chunks = 0
        let result = try client.stream(request: HTTPClientRequest(url: base + "/stream")) { _ in
            chunks += 1
            return .stop
        }
        XCTAssertTrue(result.wasAborted)
        XCTAssertEqual(chunks, 1)
        XCTAssertEqual(result.head.status, 200)

        // The client is reusable after an abort.
        XCTAssertEqual(try client.perform(request: HTTPClientRequest(url: base + "/hello")).bodyText, "hello world")
    }

    func testCancelFromAnotherThreadAndTimeout() throws {
        let client = try CurlClient()
        let firstChunk = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<HTTPStreamResult, Error>?
        nonisolated(unsafe) var chunkCount = 0
        let url = base + "/stream"
        Thread {
            outcome = Result { try client.stream(request: HTTPClientRequest(url: url)) { _ in
                chunkCount += 1
                if chunkCount == 1 { firstChunk.signal() }
                return .continue
            } }
            done.signal()
        }.start()
        XCTAssertEqual(firstChunk.wait(timeout: .now() + 2), .success)
        client.cancel()
        XCTAssertEqual(done.wait(timeout: .now() + 2), .success)
        XCTAssertEqual(try outcome?.get().wasAborted, true)
        XCTAssertLessThan(chunkCount, 3)

        let timedOut = try CurlClient()
        XCTAssertThrowsError(try timedOut.perform(request: HTTPClientRequest(url: url, timeout: .milliseconds(60)))) { error in
            XCTAssertEqual((error as? CurlError)?.isTimeout, true, "\(error)")
        }
    }

    func testRefusedConnectionIsACleanError() throws {
        let port = server.port
        server.stop()
        let client = try CurlClient()
        XCTAssertThrowsError(try client.perform(request: HTTPClientRequest(url: "http://127.0.0.1:\(port)/hello", connectTimeout: .seconds(2)))) { error in
            guard let curlError = error as? CurlError else { return XCTFail("\(error)") }
            XCTAssertEqual(curlError.code, 7)
            XCTAssertTrue(curlError.isConnectionFailure)
            XCTAssertTrue(curlError.message.lowercased().contains("connect"), curlError.message)
            XCTAssertTrue("\(curlError)".contains("127.0.0.1"), "\(curlError)")
        }
    }

    func testInvalidRequestsThrow() throws {
        let client = try CurlClient()
        XCTAssertThrowsError(try client.perform(request: HTTPClientRequest(url: "")))
        XCTAssertThrowsError(try client.perform(request: HTTPClientRequest(url: base + "/hello", headers: [HTTPHeaderField("Bad\r\nHeader", "x")])))
        XCTAssertThrowsError(try client.perform(request: HTTPClientRequest(url: "notascheme://x"))) { error in
            XCTAssertEqual((error as? CurlError)?.code, 1)  // CURLE_UNSUPPORTED_PROTOCOL
        }
    }
}
