import Foundation

/// A one-thread HTTP/1.1 server on 127.0.0.1 for provider tests: each request is answered by
/// the next scripted reply (status, body, delay); requests are recorded.
final class FakeHTTPServer: @unchecked Sendable {
    struct Reply {
        var status: Int
        var body: String
        var delay: Duration = .zero
    }

    let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var replies: [Reply]
    private var recorded: [[UInt8]] = []

    var requests: [[UInt8]] { lock.withLock { recorded } }

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
        Thread.detachNewThread { [self] in serve() }
    }

    deinit { close(fd) }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            guard client >= 0 else { return }
            let request = HTTPRequestReader.read(client)
            let reply: Reply? = lock.withLock {
                recorded.append(request)
                return replies.isEmpty ? nil : replies.removeFirst()
            }
            let chosen = reply ?? Reply(status: 500, body: "{\"error\":{\"message\":\"no scripted reply\"}}")
            if chosen.delay > .zero { Thread.sleep(forTimeInterval: Double(chosen.delay.components.seconds) + Double(chosen.delay.components.attoseconds) / 1e18) }
            let body = Array(chosen.body.utf8)
            let head = "HTTP/1.1 \(chosen.status) X\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
            let bytes = Array(head.utf8) + body
            _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(client)
        }
    }
}
