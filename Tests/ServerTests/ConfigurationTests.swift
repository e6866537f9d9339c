import XCTest
@testable import Server

/// Configuration resolution and validation: sources in order, one clear error per bad value.
final class ConfigurationTests: XCTestCase {
    func testDefaultsMatchTheProtocolTable() throws {
        let configuration = try ServerConfiguration.resolve()
        XCTAssertEqual(configuration.host, "0.0.0.0")
        XCTAssertEqual(configuration.httpPort, 8080)
        XCTAssertEqual(configuration.mediaPort, 40000)
        XCTAssertNil(configuration.publicIP)
        XCTAssertEqual(configuration.dataDir, "./data")
        XCTAssertFalse(configuration.echo)
        XCTAssertEqual(configuration.databasePath, "./data/parley.sqlite")
    }

    func testFlagsWinOverEnvironmentWhichWinsOverFile() throws {
        let file = NSTemporaryDirectory() + "parley-config-\(UUID().uuidString).json"
        try Data(#"{"httpPort": 9000, "mediaPort": 41000, "echo": true, "dataDir": "/tmp/a"}"#.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let configuration = try ServerConfiguration.resolve(
            file: file,
            environment: ["PARLEY_HTTP_PORT": "9001", "PARLEY_PUBLIC_IP": "203.0.113.7", "UNRELATED": "x"],
            flags: ["--http-port": "9002"])
        XCTAssertEqual(configuration.httpPort, 9002)
        XCTAssertEqual(configuration.mediaPort, 41000)
        XCTAssertEqual(configuration.publicIP, "203.0.113.7")
        XCTAssertTrue(configuration.echo)
        XCTAssertEqual(configuration.dataDir, "/tmp/a")
    }

    func testEachBadValueNamesItsSetting() {
        let cases: [(environment: [String: String], flags: [String: String], setting: String)] = [
            (["PARLEY_HTTP_PORT": "80000"], [:], "PARLEY_HTTP_PORT"),
            (["PARLEY_HTTP_PORT": "abc"], [:], "PARLEY_HTTP_PORT"),
            ([:], ["--http-port": "0"], "--http-port"),
            (["PARLEY_MEDIA_PORT": "-1"], [:], "PARLEY_MEDIA_PORT"),
            (["PARLEY_HOST": "not an address"], [:], "PARLEY_HOST"),
            (["PARLEY_PUBLIC_IP": "300.1.2.3"], [:], "PARLEY_PUBLIC_IP"),
            (["PARLEY_ECHO": "maybe"], [:], "PARLEY_ECHO"),
            (["PARLEY_ADMIN_TOKEN": "short"], [:], "PARLEY_ADMIN_TOKEN"),
            (["PARLEY_LOG_LEVEL": "loud"], [:], "PARLEY_LOG_LEVEL"),
            (["PARLEY_CORS_ORIGIN": "nope"], [:], "PARLEY_CORS_ORIGIN"),
            (["PARLEY_PUBLIC_URL": "ftp://x"], [:], "PARLEY_PUBLIC_URL"),
            (["PARLEY_CONSENT_TIMEOUT": "0"], [:], "PARLEY_CONSENT_TIMEOUT"),
            (["PARLEY_DATA_DIR": ""], [:], "PARLEY_DATA_DIR"),
        ]
        for testCase in cases {
            XCTAssertThrowsError(try ServerConfiguration.resolve(environment: testCase.environment, flags: testCase.flags)) { error in
                guard let error = error as? ConfigurationError else { return XCTFail("unexpected \(error)") }
                XCTAssertEqual(error.setting, testCase.setting)
                XCTAssertFalse(error.description.contains("\n"))
            }
        }
    }

    func testVoiceTuningKnobs() throws {
        let tuned = try ServerConfiguration.resolve(
            environment: ["PARLEY_VAD_HANGOVER_MS": "450", "PARLEY_BARGE_IN_ENERGY_DB": "-38.5"],
            flags: ["--vad-onset-ms": "60", "--jitter-min-delay-ms": "40", "--opus-bitrate": "24000", "--opus-complexity": "3"])
        XCTAssertEqual(tuned.tuning.vadOnsetMs, 60)
        XCTAssertEqual(tuned.tuning.vadHangoverMs, 450)
        XCTAssertEqual(tuned.tuning.bargeInEnergyDB, -38.5)
        XCTAssertEqual(tuned.tuning.jitterMinDelayMs, 40)
        XCTAssertEqual(tuned.tuning.opusBitrate, 24_000)
        XCTAssertEqual(tuned.tuning.opusComplexity, 3)
        for (flag, value) in [("--vad-hangover-ms", "5"), ("--opus-complexity", "11"), ("--barge-in-energy-db", "3"), ("--jitter-max-delay-ms", "x")] {
            XCTAssertThrowsError(try ServerConfiguration.resolve(flags: [flag: value])) { error in
                XCTAssertEqual((error as? ConfigurationError)?.setting, flag)
            }
        }
        XCTAssertThrowsError(try ServerConfiguration.resolve(flags: ["--jitter-min-delay-ms": "500", "--jitter-max-delay-ms": "100"])) { error in
            XCTAssertEqual((error as? ConfigurationError)?.setting, "jitterMinDelayMs")
        }
    }

    func testBadFilesAreReportedClearly() throws {
        XCTAssertThrowsError(try ServerConfiguration.resolve(file: "/nonexistent/parley.json")) { error in
            XCTAssertEqual((error as? ConfigurationError)?.setting, "--config")
        }
        let file = NSTemporaryDirectory() + "parley-bad-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        for (content, expectedSettingSuffix) in [("{not json", "--config"), ("[1,2]", "--config"), (#"{"httpPorts": 1}"#, "httpPorts"), (#"{"httpPort": [1]}"#, "httpPort")] {
            try Data(content.utf8).write(to: URL(fileURLWithPath: file))
            XCTAssertThrowsError(try ServerConfiguration.resolve(file: file)) { error in
                XCTAssertTrue((error as? ConfigurationError)?.setting.hasSuffix(expectedSettingSuffix) == true, "\(error)")
            }
        }
    }

    func testPortInUseIsDetectedBeforeStarting() throws {
        // Occupy a TCP port, then ask for it.
        let occupied = try XCTUnwrap(TCPListener(host: "127.0.0.1"))
        var configuration = try ServerConfiguration.resolve(flags: ["--host": "127.0.0.1", "--http-port": "\(occupied.port)", "--media-port": "0"])
        configuration.dataDir = NSTemporaryDirectory() + "parley-\(UUID().uuidString)"
        XCTAssertThrowsError(try configuration.validateEnvironment()) { error in
            XCTAssertEqual((error as? ConfigurationError)?.setting, "--http-port")
            XCTAssertTrue("\(error)".contains("in use"), "\(error)")
        }
        withExtendedLifetime(occupied) {}
    }

    func testDataDirThatIsAFileIsRejected() throws {
        let file = NSTemporaryDirectory() + "parley-file-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: file, contents: Data())
        defer { try? FileManager.default.removeItem(atPath: file) }
        var configuration = try ServerConfiguration.resolve(flags: ["--host": "127.0.0.1", "--media-port": "0"])
        configuration.dataDir = file
        configuration.httpPort = 1  // never reached: the data directory is checked first
        XCTAssertThrowsError(try configuration.validateEnvironment()) { error in
            XCTAssertEqual((error as? ConfigurationError)?.setting, "--data-dir")
        }
    }
    /// `parley serve`'s flags come from the settings table: every setting has one, in both
    /// spellings; unknown flags and stray values are errors naming them.
    func testFlagsAreReadFromTheSettingsTable() throws {
        XCTAssertEqual(Set(ServerConfiguration.settingFlags).count, ServerConfiguration.settingFlags.count, "one flag per setting")
        XCTAssertTrue(ServerConfiguration.settingFlags.contains("--live-captions"))
        let flags = try ServerConfiguration.parseFlags(
            ["--http-port", "8081", "--barge-in-energy-db", "-50", "--live-captions", "--caption-interval-ms=500", "--stt-deadline-ms", "2500"])
        XCTAssertEqual(flags, ["--http-port": "8081", "--barge-in-energy-db": "-50", "--live-captions": "true",
                               "--caption-interval-ms": "500", "--stt-deadline-ms": "2500"])
        let configuration = try ServerConfiguration.resolve(flags: flags)
        XCTAssertEqual(configuration.httpPort, 8081)
        XCTAssertEqual(configuration.tuning.bargeInEnergyDB, -50)
        XCTAssertEqual(configuration.tuning.captionIntervalMs, 500)
        XCTAssertTrue(configuration.tuning.liveCaptions)
        XCTAssertEqual(configuration.sttDeadlineMs, 2500)
        for (arguments, named) in [(["--no-such-flag", "1"], "--no-such-flag"), (["8080"], "8080"), (["--http-port", "1", "stray"], "stray"), (["--"], "--")] {
            XCTAssertThrowsError(try ServerConfiguration.parseFlags(arguments), "\(arguments)") { error in
                XCTAssertEqual((error as? ConfigurationError)?.setting, named)
            }
        }
    }
}

/// A listening TCP socket on an ephemeral port, closed on deinit.
final class TCPListener {
    let fd: Int32
    let port: Int

    init?(host: String) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, host, &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else { close(descriptor); return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        fd = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }

}
