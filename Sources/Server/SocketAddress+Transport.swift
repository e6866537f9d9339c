import NIOCore
import STUN

extension TransportAddress {
    /// The transport address of a NIO socket address (IPv4-mapped IPv6 unmapped); nil for Unix sockets.
    init?(_ address: SocketAddress) {
        switch address {
        case .v4(let v4):
            self.init(ipv4: UInt32(bigEndian: v4.address.sin_addr.s_addr), port: UInt16(bigEndian: v4.address.sin_port))
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            guard let address = TransportAddress(ipBytes: bytes, port: UInt16(bigEndian: v6.address.sin6_port)) else { return nil }
            self = address.unmappingIPv4
        case .unixDomainSocket:
            return nil
        }
    }

    /// The NIO socket address to send to.
    func socketAddress() throws -> SocketAddress {
        try SocketAddress(ipAddress: host, port: Int(port))
    }
}
