/// A `c=` line (RFC 8866 §5.7):
///
///     c=<nettype> <addrtype> <connection-address>
///
/// `connection-address` keeps any multicast `/ttl/count` suffix as written.
public struct SDPConnection: Hashable, Sendable {
    public var networkType: String
    public var addressType: String
    public var address: String

    public init(networkType: String = "IN", addressType: String, address: String) {
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// `IN IP4 <address>` or `IN IP6 <address>`, chosen by whether `address` contains `:`.
    public init(address: String) {
        self.init(addressType: address.contains(":") ? "IP6" : "IP4", address: address)
    }

    /// Parses the value after `c=`; throws ``SDPError/invalid(field:reason:)``.
    public init(parsing value: String) throws {
        let f = SDPSyntax.fields(value)
        guard f.count == 3 else {
            throw SDPError.invalid(field: "c=", reason: "expected 3 fields, found \(f.count)")
        }
        guard SDPSyntax.isToken(f[0]), SDPSyntax.isToken(f[1]), SDPSyntax.isVisible(f[2]) else {
            throw SDPError.invalid(field: "c=", reason: "\"\(value)\" is not <nettype> <addrtype> <address>")
        }
        self.init(networkType: String(f[0]), addressType: String(f[1]), address: String(f[2]))
    }

    /// The value after `c=`.
    public var value: String { "\(networkType) \(addressType) \(address)" }
}
