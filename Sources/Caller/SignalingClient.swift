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

    /// Server messages in arrival order; finishes when the socket closes. Read them with `next(where:)`.
    let messages: AsyncThrowingStream<ServerMessage, Error>
    /// The close code the server sent, once closed.
    public var closeCode: UInt16? { state.withLockedValue { $0.closeCode } }

    let outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>
    private let channel: Channel
    private let state = NIOLockedValueBox(State())
    private let readTask: Task<Void, Never>
    private var iterator: AsyncThrowingStream<ServerMessage, Error>.AsyncIterator

    private struct State {
        var closeCode: UInt16?
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
        channel = asyncChannel.channel
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ServerMessage.self)
        messages = stream
        iterator = stream.makeAsyncIterator()
        let inboundStream = asyncChannel.inbound
        let outboundWriter = asyncChannel.outbound
        outbound = outboundWriter
        let box = state
        let writer = outboundWriter
        readTask = Task {
            var text = ""
            do {
                for try await frame in inboundStream {
                    switch frame.opcode {
                    case .text, .continuation:
                        var data = frame.unmaskedData
                        text += data.readString(length: data.readableBytes) ?? ""
                        if frame.fin {
                            do {
                                continuation.yield(try ServerMessage(json: text, maxBytes: 1 << 20))
                            } catch {
                                continuation.finish(throwing: error)
                                return
                            }
                            text = ""
                        }
                    case .ping:
                        try await writer.write(WebSocketFrame(fin: true, opcode: .pong, maskKey: .random(), data: frame.unmaskedData))
                    case .connectionClose:
                        var data = frame.unmaskedData
                        let code = data.readInteger(as: UInt16.self)
                        box.withLockedValue { $0.closeCode = code }
                        try? await writer.write(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: ByteBuffer(integer: code ?? 1000)))
                        continuation.finish()
                        return
                    default:
                        break
                    }
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
    }

    /// Sends one client message as a masked text frame.
    public func send(_ message: ClientMessage) async throws {
        let buffer = ByteBuffer(string: message.jsonText())
        try await outbound.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: buffer))
    }

    /// Waits for the next server message matching `predicate`, skipping others; nil when closed.
    /// Use from one task at a time.
    public func next(where predicate: (ServerMessage) -> Bool = { _ in true }) async throws -> ServerMessage? {
        while let message = try await iterator.next() {
            if predicate(message) { return message }
        }
        return nil
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
