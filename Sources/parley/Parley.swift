import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import Server

/// The `parley` command: `parley serve`, `parley version`.
@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "A self-hosted real-time voice server for AI interviews.",
        version: ParleyVersion.current,
        subcommands: [Serve.self, Version.self]
    )
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Parley's version.")
    func run() { print("parley \(ParleyVersion.current)") }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve HTTP, the signalling WebSocket and the UDP media port.",
        discussion: "Settings come from --config (a JSON object), then PARLEY_* environment variables, then flags (flags win).")

    @Option(help: "A JSON configuration file (keys: host, httpPort, mediaPort, publicIP, dataDir, echo, adminToken, logLevel, …).")
    var config: String?
    @Option(help: "Address for HTTP and media (PARLEY_HOST, default 0.0.0.0).") var host: String?
    @Option(help: "REST, WebSocket and pages (PARLEY_HTTP_PORT, default 8080).") var httpPort: String?
    @Option(help: "The one UDP port for all calls (PARLEY_MEDIA_PORT, default 40000; 0 = any free port).") var mediaPort: String?
    @Option(help: "Address announced in the host candidate when behind NAT (PARLEY_PUBLIC_IP).") var publicIp: String?
    @Option(help: "SQLite database and generated certificate (PARLEY_DATA_DIR, default ./data).") var dataDir: String?
    @Flag(help: "Media test mode: each call's decoded audio is sent back, no interview (PARLEY_ECHO=1).") var echo = false
    @Option(help: "Admin bearer token (PARLEY_ADMIN_TOKEN; generated and printed when unset).") var adminToken: String?
    @Option(help: "trace, debug, info, notice, warning, error or critical (PARLEY_LOG_LEVEL, default info).") var logLevel: String?
    @Option(help: "Base URL used in join links (PARLEY_PUBLIC_URL).") var publicUrl: String?
    @Option(help: "ICE consent timeout in seconds (PARLEY_CONSENT_TIMEOUT, default 30).") var consentTimeout: String?

    func run() async throws {
        var flags: [String: String] = [:]
        flags["--host"] = host
        flags["--http-port"] = httpPort
        flags["--media-port"] = mediaPort
        flags["--public-ip"] = publicIp
        flags["--data-dir"] = dataDir
        if echo { flags["--echo"] = "true" }
        flags["--admin-token"] = adminToken
        flags["--log-level"] = logLevel
        flags["--public-url"] = publicUrl
        flags["--consent-timeout"] = consentTimeout

        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfiguration.resolve(
                file: config, environment: ProcessInfo.processInfo.environment, flags: flags)
            try configuration.validateEnvironment()
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("parley: invalid configuration: \(error)\n".utf8))
            throw ExitCode(2)
        }

        let level = configuration.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let logger = Logger(label: "parley")

        let server = ParleyServer(configuration: configuration, logger: logger, metrics: registry)
        let token = server.adminToken
        let generated = configuration.adminToken == nil
        do {
            try await server.run { httpPort, mediaPort in
                var shown = configuration
                shown.httpPort = httpPort
                print("Parley \(ParleyVersion.current) serving at \(shown.baseURL)  (media UDP port \(mediaPort)\(configuration.echo ? ", echo mode" : ""))")
                print("Admin token\(generated ? " (generated; set PARLEY_ADMIN_TOKEN to fix it)" : ""): \(token)")
                fflush(nil)
            }
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("parley: invalid configuration: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("parley: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
