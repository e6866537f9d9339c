import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import SignalingProtocol

/// The caller's side of the signalling WebSocket of PROTOCOL.md, on SwiftNIO's WebSocket client
/// upgrader (RFC 6455): sends `ClientMessage`s, yields the server's messages in order.
public final class SignalingClient: @unchecked Sendable {
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

    private enum UpgradeResult {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case notUpgraded
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
    public let log = AsyncLog<Entry>()
    /// When the WebSocket upgrade completed.
    public let openedAt: ContinuousClock.Instant
    /// The close code the server sent, once closed.
    public var closeCode: UInt16? { state.withLockedValue { $0.closeCode } }

    let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
    private let channel: Channel
    private let state = NIOLockedValueBox(State())
    private let readTask: Task<Void, Never>

    private struct State {
        var closeCode: UInt16?
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
        let upgrade: EventLoopFuture<UpgradeResult> = try await ClientBootstrap(group: group)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketClientUpgrader<UpgradeResult>(
                        maxFrameSize: 1 << 20,
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                .websocket(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                            }
                        })
                    var headers = HTTPHeaders()
                    headers.add(name: "Host", value: "\(host):\(port)")
                    headers.add(name: "Content-Length", value: "0")
                    let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in channel.eventLoop.makeCompletedFuture { .notUpgraded } })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
                        configuration: .init(upgradeConfiguration: configuration))
                }
            }
        guard case .websocket(let asyncChannel) = try await upgrade.get() else { throw Failure.notUpgraded }
        return try SignalingClient(asyncChannel)
    }

    private init(_ asyncChannel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>) throws {
        openedAt = .now
        channel = asyncChannel.channel
        let inboundStream = asyncChannel.inbound
        let outboundWriter = asyncChannel.outbound
        outbound = outboundWriter
        let box = state
        let log = log
        let writer = outboundWriter
        readTask = Task {
            defer { log.finish() }
            var text = ""
            do {
                for try await frame in inboundStream {
                    switch frame.opcode {
                    case .text, .continuation:
                        var data = frame.unmaskedData
                        text += data.readString(length: data.readableBytes) ?? ""
                        if frame.fin {
                            let message = try? ServerMessage(json: text, maxBytes: 1 << 20)
                            log.append(Entry(text: text, receivedAt: .now, message: message))
                            text = ""
                        }
                    case .ping:
                        try await writer.write(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData))
                    case .connectionClose:
                        var data = frame.unmaskedData
                        let code = data.readInteger(as: UInt16.self)
                        box.withLockedValue { $0.closeCode = code }
                        try? await writer.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: ByteBuffer(integer: code ?? 1000)))
                        return
                    default:
                        break
                    }
                }
            } catch {
                // A reset connection ends the log like a close does.
            }
        }
    }

    /// Sends one client message as a masked text frame.
    public func send(_ message: ClientMessage) async throws {
        let buffer = ByteBuffer(string: message.jsonText())
        try await outbound.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: buffer))
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
        try? await outbound.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: ByteBuffer(integer: UInt16(1000))))
        outbound.finish()
        try? await channel.close()
        readTask.cancel()
    }
}

extension SignalingClient {
    /// Sends arbitrary text as one frame (for tests of the server's error handling).
    public func sendRaw(_ text: String) async throws {
        try await outbound.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: ByteBuffer(string: text)))
    }
}
