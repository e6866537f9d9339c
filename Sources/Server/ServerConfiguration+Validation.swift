import Foundation

extension ServerConfiguration {
    /// Checks what can only be checked against the machine: that the data directory is
    /// usable and the ports are free. Throws the first problem found, naming its setting.
    public func validateEnvironment() throws {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: dataDir, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ConfigurationError(setting: "--data-dir", message: "'\(dataDir)' exists and is not a directory")
            }
        } else {
            do {
                try fileManager.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
            } catch {
                throw ConfigurationError(setting: "--data-dir", message: "cannot create '\(dataDir)'")
            }
        }
        guard fileManager.isWritableFile(atPath: dataDir) else {
            throw ConfigurationError(setting: "--data-dir", message: "'\(dataDir)' is not writable")
        }
        if let problem = PortProbe.problem(host: host, port: httpPort, udp: false) {
            throw ConfigurationError(setting: "--http-port", message: "cannot listen on \(host):\(httpPort) (TCP): \(problem)")
        }
        if mediaPort != 0, let problem = PortProbe.problem(host: host, port: mediaPort, udp: true) {
            throw ConfigurationError(setting: "--media-port", message: "cannot listen on \(host):\(mediaPort) (UDP): \(problem)")
        }
    }
}

/// Tries to bind a socket to see whether an address is free, before the server starts.
enum PortProbe {
    /// `nil` if `host:port` can be bound now, else the reason (e.g. "address already in use").
    static func problem(host: String, port: Int, udp: Bool) -> String? {
        let family = IPAddressText.isIPv6(host) ? AF_INET6 : AF_INET
        #if canImport(Glibc)
        let type = Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
        #else
        let type = udp ? SOCK_DGRAM : SOCK_STREAM
        #endif
        let fd = socket(family, type, 0)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        var yes: Int32 = 1
        if !udp { setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size)) }
        let result: Int32
        if family == AF_INET6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        return result == 0 ? nil : String(cString: strerror(errno)).lowercased()
    }
}
