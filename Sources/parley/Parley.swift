import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import Server

/// The `parley` command: `parley serve`, `parley load`, `parley version`.
@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "A self-hosted real-time voice server for AI interviews.",
        version: ParleyVersion.current,
        subcommands: [Serve.self, Load.self, Version.self]
    )
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print Parley's version.")
    func run() { print("parley \(ParleyVersion.current)") }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve HTTP, the signalling WebSocket and the UDP media port.",
        discussion: """
            Settings come from --config (a JSON object), then PARLEY_* environment variables, then flags (flags win). \
            README's "Configuration" table describes each; as flags: \(ServerConfiguration.settingFlags.joined(separator: " ")).
            """)

    @Option(help: "A JSON configuration file (keys: host, httpPort, mediaPort, publicIP, dataDir, echo, adminToken, logLevel, …).")
    var config: String?
    @Flag(help: "Media test mode: each call's decoded audio is sent back, no interview (PARLEY_ECHO=1).") var echo = false
    /// Every other setting as `--flag value` (README, "Configuration"); read by the settings table.
    @Argument(parsing: .allUnrecognized, help: .hidden) var settingArguments: [String] = []

    func run() async throws {
        let configuration: ServerConfiguration
        do {
            var flags = try ServerConfiguration.parseFlags(settingArguments)
            if echo { flags["--echo"] = "true" }
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
