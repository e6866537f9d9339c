import Foundation

/// A local HTTP/1.1 server for streaming provider tests: each connection (one thread each) gets
/// the next scripted reply, whose body is sent in parts with a delay before each — as chunked
/// transfer encoding or as a body ended by closing the connection — optionally cut short
/// (truncated). Records requests, how many parts were sent, and whether the client hung up early.
final class FakeStreamingServer: @unchecked Sendable {
    struct Part {
        var delay: Duration
        var bytes: [UInt8]
    }

    struct Reply {
        var status: Int = 200
        var contentType: String = "text/event-stream"
        var headDelay: Duration = .zero
        var parts: [Part] = []
        /// Chunked transfer encoding; otherwise the body ends when the connection closes.
        var chunked: Bool = true
        /// Send the final zero-length chunk (chunked only); false = a truncated stream.
        var complete: Bool = true
    }

    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var replies: [Reply]
    private var recorded: [[UInt8]] = []
    private var sentParts = 0
    private var hungUp = 0

    /// Raw requests, in arrival order.
    var requests: [[UInt8]] { lock.withLock { recorded } }
    /// Body parts written so far (all connections).
    var partsSent: Int { lock.withLock { sentParts } }
    /// Connections on which a write failed because the client had gone.
    var clientHangUps: Int { lock.withLock { hungUp } }

    init(replies: [Reply]) throws {
        self.replies = replies
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(descriptor, 16)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        fd = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    deinit {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    /// Waits (polling) until `condition` holds or `timeout` passes; returns whether it held.
    func wait(for timeout: Duration, until condition: (FakeStreamingServer) -> Bool) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while clock.now < end {
            if condition(self) { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return condition(self)
    }

    private func acceptLoop() {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            let reply: Reply? = lock.withLock { replies.isEmpty ? nil : replies.removeFirst() }
            Thread.detachNewThread { [self] in
                serve(client, reply ?? Reply(status: 500, contentType: "application/json",
                                             parts: [Part(delay: .zero, bytes: Array(#"{"error":{"message":"no scripted reply"}}"#.utf8))]))
            }
        }
    }

    private func serve(_ client: Int32, _ reply: Reply) {
        defer { close(client) }
        let request = HTTPRequestReader.read(client)
        lock.withLock { recorded.append(request) }
        sleep(reply.headDelay)
        var head = "HTTP/1.1 \(reply.status) X\r\nContent-Type: \(reply.contentType)\r\nConnection: close\r\n"
        if reply.chunked { head += "Transfer-Encoding: chunked\r\n" }
        head += "\r\n"
        guard write(client, Array(head.utf8)) else { return noteHangUp() }
        for part in reply.parts {
            sleep(part.delay)
            let bytes = reply.chunked ? Array(String(part.bytes.count, radix: 16).utf8) + [13, 10] + part.bytes + [13, 10] : part.bytes
            guard write(client, bytes) else { return noteHangUp() }
            lock.withLock { sentParts += 1 }
        }
        if reply.chunked, reply.complete { _ = write(client, Array("0\r\n\r\n".utf8)) }
    }

    private func noteHangUp() { lock.withLock { hungUp += 1 } }

    private func sleep(_ duration: Duration) {
        guard duration > .zero else { return }
        Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    private func write(_ client: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

extension FakeStreamingServer {
    /// One OpenAI chat-completion chunk event carrying `content`.
    static func delta(_ content: String) -> [UInt8] {
        let json = try? JSONSerialization.data(withJSONObject: ["id": "c1", "object": "chat.completion.chunk",
                                                                "choices": [["index": 0, "delta": ["content": content]]]])
        return Array("data: ".utf8) + Array(json ?? Data()) + Array("\n\n".utf8)
    }

    static let roleChunk = Array(#"data: {"choices":[{"index":0,"delta":{"role":"assistant"}}]}"#.utf8) + [10, 10]
    static let done = Array("data: [DONE]\n\n".utf8)

    /// A chat stream: a role chunk, one event per delta (`gap` before each), `[DONE]` if `done`.
    static func chatReply(_ deltas: [String], gap: Duration = .milliseconds(20), done: Bool = true,
                          chunked: Bool = true, complete: Bool = true) -> Reply {
        var parts = [Part(delay: .zero, bytes: roleChunk)]
        parts += deltas.map { Part(delay: gap, bytes: delta($0)) }
        if done { parts.append(Part(delay: gap, bytes: Self.done)) }
        return Reply(parts: parts, chunked: chunked, complete: complete)
    }

    /// A JSON error reply.
    static func error(_ status: Int, _ message: String) -> Reply {
        Reply(status: status, contentType: "application/json",
              parts: [Part(delay: .zero, bytes: Array(#"{"error":{"message":"\#(message)"}}"#.utf8))], chunked: false)
    }

    /// The request body (after the blank line) as a JSON object.
    static func jsonBody(of request: [UInt8]) -> [String: Any]? {
        guard let end = (0..<max(0, request.count - 3)).first(where: { request[$0] == 13 && request[$0 + 1] == 10 && request[$0 + 2] == 13 && request[$0 + 3] == 10 }) else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(request[(end + 4)...])) as? [String: Any]
    }
}
