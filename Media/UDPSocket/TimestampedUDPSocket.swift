import Glibc
import NIOCore
import NIOPosix

/// A UDP socket (Linux) that Parley opens and binds itself, rather than through NIO's bootstrap, so that
/// it holds the descriptor and can ask the kernel when each datagram arrived.
///
/// Linux stamps every datagram it queues on a socket once stamping is on (socket(7),
/// `SO_TIMESTAMP`; `SIOCGSTAMPNS` returns the stamp of the datagram last read). The media edges
/// read that stamp in `channelRead`, which NIO calls right after it read that one datagram, and use
/// it as the datagram's arrival: the moment it reached the machine, not the moment a busy event
/// loop got round to it. Latency figures then measure the network path and the pipeline, and a
/// jitter buffer sees the packets' real spacing after a stall of its event loop.
///
/// Stamps are on the wall clock (`CLOCK_REALTIME`); ``arrivalOfLastDatagram(now:)`` moves them onto
/// `ContinuousClock` by the two clocks' offset at the time of the call.
public struct TimestampedUDPSocket: Sendable {
    /// Why a socket could not be made.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The descriptor; owned by the channel made with ``makeChannel(_:)`` (closed with it).
    public let descriptor: CInt

    /// `SIOCGSTAMPNS` (linux/sockios.h): a `struct timespec` with the last datagram's arrival.
    static let getStampRequest: UInt = 0x8907
    /// Stamps further back than this are not taken (a wall-clock step, or no stamp yet).
    public static let maximumAge: Duration = .seconds(10)

    /// Opens a non-blocking UDP socket, optionally with `SO_REUSEADDR`, binds it to `host`:`port`
    /// (0: any free port) and turns on receive stamping.
    public static func bind(host: String, port: Int, reuseAddress: Bool = false) throws -> TimestampedUDPSocket {
        let address: SocketAddress
        do {
            address = try SocketAddress.makeAddressResolvingHost(host, port: port)
        } catch {
            throw Failure(description: "cannot resolve \(host): \(error)")
        }
        let family: CInt
        switch address {
        case .v4: family = AF_INET
        case .v6: family = AF_INET6
        default: throw Failure(description: "\(host) is not an IP address")
        }
        let type = CInt(SOCK_DGRAM.rawValue) | CInt(SOCK_NONBLOCK.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
        let fd = socket(family, type, 0)
        guard fd >= 0 else { throw Failure(description: "socket(): \(String(cString: strerror(errno)))") }
        var ok = true
        var reason = ""
        if reuseAddress {
            var one: CInt = 1
            if setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<CInt>.size)) != 0 {
                ok = false
                reason = "SO_REUSEADDR: \(String(cString: strerror(errno)))"
            }
        }
        if ok {
            let result = address.withSockAddr { pointer, size in Glibc.bind(fd, pointer, socklen_t(size)) }
            if result != 0 {
                ok = false
                reason = "bind \(host):\(port): \(String(cString: strerror(errno)))"
            }
        }
        guard ok else {
            close(fd)
            throw Failure(description: reason)
        }
        // The first request turns stamping on (and fails with ENOENT: nothing was received yet).
        var stamp = timespec()
        _ = ioctl(fd, getStampRequest, &stamp)
        return TimestampedUDPSocket(descriptor: fd)
    }

    /// A NIO datagram channel on this socket, configured by `bootstrap` (options, initializer).
    /// Datagrams must be read one at a time for the stamps (no vector reads).
    public func makeChannel(_ bootstrap: DatagramBootstrap) async throws -> Channel {
        try await bootstrap.withBoundSocket(descriptor).get()
    }

    /// When the datagram read last on this socket arrived, on `ContinuousClock`; `now` when the
    /// kernel has no stamp for it or the stamp is implausible (in the future, or older than
    /// ``maximumAge``). Call it from `channelRead` before anything else reads the socket.
    public func arrivalOfLastDatagram(now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        var stamp = timespec()
        guard ioctl(descriptor, Self.getStampRequest, &stamp) == 0 else { return now }
        var wall = timespec()
        clock_gettime(CLOCK_REALTIME, &wall)
        let age = Duration.seconds(Int64(wall.tv_sec) - Int64(stamp.tv_sec))
            + .nanoseconds(Int64(wall.tv_nsec) - Int64(stamp.tv_nsec))
        guard age >= .zero, age <= Self.maximumAge else { return now }
        return now - age
    }
}
