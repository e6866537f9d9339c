import Foundation
import NIOCore
import NIOWebSocket
import ParleyCrypto

/// The client's side of the WebSocket opening handshake (RFC 6455 §4.1), done by hand on the raw
/// byte stream so that nothing the server sends right after its `101` is lost: once the response
/// head is complete and its `Sec-WebSocket-Accept` checks out, this handler puts the frame
/// decoder, the frame encoder and `next` in its place and passes on the bytes it already read, all
/// in the same event-loop turn. (SwiftNIO's upgrader loses such bytes when the server closes during
/// the upgrade — e.g. an `error` and close 4001 for a wrong token.)
final class WebSocketHandshake: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Failure: Error, CustomStringConvertible {
        case notUpgraded(status: String)
        case badAccept
        case closedDuringHandshake
        case headTooLarge

        var description: String {
            switch self {
            case .notUpgraded(let status): "the server refused the WebSocket upgrade (\(status))"
            case .badAccept: "the server's Sec-WebSocket-Accept does not match the key"
            case .closedDuringHandshake: "the server closed the connection during the WebSocket handshake"
            case .headTooLarge: "the handshake response head is larger than 64 KiB"
            }
        }
    }

    private let host: String
    private let path: String
    private let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
    private let next: ChannelHandler & Sendable
    private let maxFrameSize: Int
    let done: EventLoopPromise<Void>
    private var received: ByteBuffer?

    init(host: String, path: String, next: ChannelHandler & Sendable, maxFrameSize: Int, done: EventLoopPromise<Void>) {
        self.host = host
        self.path = path
        self.next = next
        self.maxFrameSize = maxFrameSize
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        if received == nil { received = bytes } else { received?.writeBuffer(&bytes) }
        guard var buffer = received else { return }
        let view = buffer.readableBytesView
        guard let end = view.firstRange(of: Array("\r\n\r\n".utf8)) else {
            if buffer.readableBytes > 65_536 { fail(context, Failure.headTooLarge) }
            return
        }
        let headLength = end.upperBound - view.startIndex
        let head = buffer.readString(length: headLength) ?? ""
        let lines = head.components(separatedBy: "\r\n")
        let status = lines.first ?? ""
        guard status.split(separator: " ").dropFirst().first == "101" else { return fail(context, Failure.notUpgraded(status: status)) }
        let accept = lines.dropFirst().compactMap { line -> String? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "sec-websocket-accept" else { return nil }
            return parts[1].trimmingCharacters(in: .whitespaces)
        }.first
        let expected = Data(Digest.sha1.hash(Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
        guard accept == expected else { return fail(context, Failure.badAccept) }
        received = nil
        do {
            let pipeline = context.pipeline.syncOperations
            try pipeline.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maxFrameSize)), position: .after(self))
            try pipeline.addHandler(WebSocketFrameEncoder(), position: .after(self))
            try pipeline.addHandler(next, position: .last)
        } catch {
            return fail(context, error)
        }
        done.succeed(())
        // Pass on what came with the head before leaving: a removed handler's context forwards nothing.
        if buffer.readableBytes > 0 { context.fireChannelRead(NIOAny(buffer)) }
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        done.fail(Failure.closedDuringHandshake)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(context, error)
    }

    private func fail(_ context: ChannelHandlerContext, _ error: Error) {
        done.fail(error)
        context.close(promise: nil)
    }
}
