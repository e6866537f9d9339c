import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import SignalingProtocol

/// The caller's side of the signalling WebSocket of PROTOCOL.md (RFC 6455, SwiftNIO's frame codec
/// after `WebSocketHandshake`): sends `ClientMessage`s; every message the server sends goes into
/// `log`, in order, with its arrival time.
public final class SignalingClient: @unchecked Sendable {
    /// Why connecting failed.
    public enum Failure: Error, CustomStringConvertible {
        case badURL(String)
        case notUpgraded
        case closed

        public var description: String {
            switch self {
            case .badURL(let url): "not a ws:// URL: \(url)"
            case .notUpgraded: "the server refused the WebSocket upgrade"
            case .closed: "the signalling connection is closed"
            }
        }
    }

    /// One message as it arrived: its text, when, and the decoded message (nil when the text is not
    /// a message this build knows, e.g. a newer server's extension).
    public struct Entry: Sendable {
        public let text: String
        public let receivedAt: ContinuousClock.Instant
        public let message: ServerMessage?

        public init(text: String, receivedAt: ContinuousClock.Instant, message: ServerMessage?) {
            self.text = text
            self.receivedAt = receivedAt
            self.message = message
        }
    }

    /// Every server message in arrival order; finished when the socket closes. Read it by position
    /// (`log.element(at:)`) from any number of tasks, or through the cursor of `next(where:)`.
    public let log: AsyncLog<Entry>
    /// When the WebSocket upgrade completed.
    public let openedAt: ContinuousClock.Instant
    /// The close code the server sent, once closed.
    public var closeCode: UInt16? { state.withLockedValue { $0.closeCode } }
    /// Why reading stopped, when it was not a close frame or the end of the connection.
    public var readFailure: Error? { state.withLockedValue { $0.readFailure } }

    private let channel: Channel
    private let state: NIOLockedValueBox<State>

    struct State {
        var closeCode: UInt16?
        var readFailure: Error?
        /// The position of the next entry `next(where:)` looks at.
        var cursor = 0
    }

    /// Connects to `ws://host:port/path?query`.
    public static func connect(url: String, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> SignalingClient {
        guard let components = URLComponents(string: url), components.scheme == "ws", let host = components.host else {
            throw Failure.badURL(url)
        }
        let port = components.port ?? 80
        let path = components.percentEncodedPath + (components.percentEncodedQuery.map { "?\($0)" } ?? "")
        let log = AsyncLog<Entry>()
        let state = NIOLockedValueBox(State())
        let handshakeDone = group.next().makePromise(of: Void.self)
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(WebSocketHandshake(
                            host: "\(host):\(port)", path: path.isEmpty ? "/" : path, next: FrameHandler(log: log, state: state),
                            maxFrameSize: 1 << 20, done: handshakeDone))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            handshakeDone.fail(error)
            throw error
        }
        do {
            try await handshakeDone.futureResult.get()
        } catch {
            try? await channel.close().get()
            throw error
        }
        return SignalingClient(channel: channel, log: log, state: state)
    }

    private init(channel: Channel, log: AsyncLog<Entry>, state: NIOLockedValueBox<State>) {
        openedAt = .now
        self.channel = channel
        self.log = log
        self.state = state
    }

    /// Sends one client message as a masked text frame.
    public func send(_ message: ClientMessage) async throws {
        try await sendRaw(message.jsonText())
    }

    /// Waits for the next server message matching `predicate`, skipping others (and texts that are
    /// not messages this build knows); nil when closed. Cancelling the wait loses nothing: the
    /// message it was waiting for is returned by the next call. Use from one task at a time.
    public func next(where predicate: (ServerMessage) -> Bool = { _ in true }) async throws -> ServerMessage? {
        while true {
            let position = state.withLockedValue { $0.cursor }
            guard let entry = try await log.element(at: position) else { return nil }
            state.withLockedValue { $0.cursor = position + 1 }
            if let message = entry.message, predicate(message) { return message }
        }
    }

    /// Like `next(where:)`, giving up after `timeout`: `.timedOut` leaves the cursor where it was.
    public func next(timeout: Duration, where predicate: (ServerMessage) -> Bool = { _ in true }) async throws -> AsyncLog<Entry>.Read {
        let deadline = ContinuousClock.now + timeout
        while true {
            let position = state.withLockedValue { $0.cursor }
            let remaining = deadline - .now
            guard remaining > .zero else { return .timedOut }
            let read = try await log.element(at: position, timeout: remaining)
            guard case .element(let entry) = read else { return read }
            state.withLockedValue { $0.cursor = position + 1 }
            if let message = entry.message, predicate(message) { return .element(entry) }
        }
    }

    /// Closes the connection (close frame, then the TCP connection).
    public func close() async {
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: ByteBuffer(integer: UInt16(1000)))
        try? await channel.writeAndFlush(frame).get()
        try? await channel.close().get()
        log.finish()
    }

    /// Reads WebSocket frames on the event loop into the log: text messages (reassembled from
    /// continuation frames), pongs for pings, the close handshake.
    private final class FrameHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = WebSocketFrame
        typealias OutboundOut = WebSocketFrame

        private let log: AsyncLog<Entry>
        private let state: NIOLockedValueBox<State>
        private var text = ""

        init(log: AsyncLog<Entry>, state: NIOLockedValueBox<State>) {
            self.log = log
            self.state = state
        }

        func handlerAdded(context: ChannelHandlerContext) {
            // The server may have closed while the upgrade was under way: the frames it sent before
            // are delivered right after this (in the same event-loop turn), so end the log after them.
            if !context.channel.isActive {
                let log = log
                context.eventLoop.execute { log.finish() }
            }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            switch frame.opcode {
            case .text, .continuation:
                var data = frame.unmaskedData
                text += data.readString(length: data.readableBytes) ?? ""
                if frame.fin {
                    log.append(Entry(text: text, receivedAt: .now, message: try? ServerMessage(json: text, maxBytes: 1 << 20)))
                    text = ""
                }
            case .ping:
                context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData)), promise: nil)
            case .connectionClose:
                var data = frame.unmaskedData
                let code = data.readInteger(as: UInt16.self)
                state.withLockedValue { $0.closeCode = code }
                let reply = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: ByteBuffer(integer: code ?? 1000))
                context.writeAndFlush(wrapOutboundOut(reply)).whenComplete { _ in context.close(promise: nil) }
                log.finish()
            default:
                break
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            log.finish()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            state.withLockedValue { $0.readFailure = error }
            log.finish()
            context.close(promise: nil)
        }
    }
}

extension SignalingClient {
    /// Sends arbitrary text as one frame (for tests of the server's error handling).
    public func sendRaw(_ text: String) async throws {
        let frame = WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text))
        try await channel.writeAndFlush(frame).get()
    }

    /// Sends one raw frame, any opcode, final or not (for tests of the server's framing errors).
    public func sendFrame(fin: Bool, opcode: WebSocketOpcode, bytes: [UInt8]) async throws {
        let frame = WebSocketFrame(fin: fin, opcode: opcode, maskKey: .random(), data: ByteBuffer(bytes: bytes))
        try await channel.writeAndFlush(frame).get()
    }
}
