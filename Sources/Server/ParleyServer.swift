import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Metrics
import NIOCore
import NIOPosix
import ParleyCrypto
import Prometheus
import Storage

/// The running Parley service: HTTP (REST, pages, metrics), the signalling WebSocket and the
/// one UDP media port, on one SwiftNIO event-loop group.
public struct ParleyServer: Sendable {
    public let configuration: ServerConfiguration
    public let adminToken: String
    let logger: Logger
    let metrics: PrometheusCollectorRegistry

    /// - Parameters:
    ///   - metrics: the registry `/metrics` emits; bootstrap `MetricsSystem` with a factory over
    ///     the same registry (once per process) to have library metrics appear too.
    public init(configuration: ServerConfiguration, logger: Logger, metrics: PrometheusCollectorRegistry) {
        self.configuration = configuration
        self.adminToken = configuration.adminToken ?? SecureRandom.token(byteCount: 24)
        self.logger = logger
        self.metrics = metrics
    }

    /// Opens the database, binds the ports and serves until cancelled or sent SIGINT/SIGTERM.
    /// `onReady` is called with the bound HTTP and media ports once both accept traffic.
    public func run(onReady: @escaping @Sendable (_ httpPort: Int, _ mediaPort: Int) -> Void = { _, _ in }) async throws {
        try configuration.validateEnvironment()
        let database = try ParleyDatabase(path: configuration.databasePath)
        let certificate = try CertificateStore.loadOrCreate(configuration: configuration, logger: logger)
        let serverMetrics = ServerMetrics(registry: metrics)
        let media = try await MediaServer.start(
            configuration: configuration, certificate: certificate, logger: logger, metrics: serverMetrics)
        let lagMonitor = EventLoopLagMonitor(
            loops: EventLoopLagMonitor.labelledLoops(of: MultiThreadedEventLoopGroup.singleton, media: media.eventLoop),
            metrics: serverMetrics)
        defer { lagMonitor.stop() }
        let signaling = SignalingService(
            database: database, media: media, configuration: configuration, adminToken: adminToken, logger: logger)

        let router = Router(context: BasicWebSocketRequestContext.self)
        router.add(middleware: ErrorLoggingMiddleware(logger: logger))
        if let origin = configuration.corsOrigin {
            router.add(middleware: CORSMiddleware(allowOrigin: origin == "*" ? .all : .custom(origin),
                                                  allowHeaders: [.authorization, .contentType],
                                                  allowMethods: [.get, .post, .options]))
        }
        router.get("/healthz") { _, _ in
            try jsonResponse(["status": "ok"])
        }
        let registry = metrics
        let metricsPublic = configuration.metricsPublic
        let adminToken = adminToken
        router.get("/metrics") { request, _ in
            if !metricsPublic, request.caller(adminToken: adminToken) != .admin { throw APIError.unauthorized() }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        InterviewRoutes(database: database, configuration: configuration, adminToken: adminToken).register(on: router)
        WebRoutes(assets: WebAssets.load(logger: logger), database: database).register(on: router)

        let webSocketRouter = Router(context: BasicWebSocketRequestContext.self)
        signaling.register(on: webSocketRouter)

        let onReadyPorts = onReady
        let mediaPort = media.localPort
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: webSocketRouter,
                configuration: .init(ws: .init(maxFrameSize: SignalingMessageAssembler.frameLimit(forMessageLimit: configuration.maxMessageBytes)))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.httpPort), serverName: "parley"),
            onServerRunning: { channel in
                onReadyPorts(channel.localAddress?.port ?? 0, mediaPort)
            },
            logger: logger
        )
        defer { media.shutdown() }
        try await app.runService()
    }
}

/// Logs unexpected errors from route handlers and turns them into a JSON 500 without detail.
struct ErrorLoggingMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPResponseError {
            throw error
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw APIError(.internalServerError, code: "internal", "internal error")
        }
    }
}
