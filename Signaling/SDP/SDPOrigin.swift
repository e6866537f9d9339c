/// The `o=` line (RFC 8866 §5.2):
///
///     o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
///
/// `sess-id` and `sess-version` are kept as digit strings: RFC 8866 allows any number of digits.
public struct SDPOrigin: Hashable, Sendable {
    public var username: String
    public var sessionId: String
    public var sessionVersion: String
    public var networkType: String
    public var addressType: String
    public var address: String

    public init(username: String = "-", sessionId: String, sessionVersion: String = "1",
                networkType: String = "IN", addressType: String = "IP4", address: String = "0.0.0.0") {
        self.username = username
        self.sessionId = sessionId
        self.sessionVersion = sessionVersion
        self.networkType = networkType
        self.addressType = addressType
        self.address = address
    }

    /// Parses the value after `o=`; throws ``SDPError/invalid(field:reason:)``.
    public init(parsing value: String) throws {
        let f = SDPSyntax.fields(value)
        guard f.count == 6 else {
            throw SDPError.invalid(field: "o=", reason: "expected 6 fields, found \(f.count)")
        }
        guard f[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), !f[1].isEmpty else {
            throw SDPError.invalid(field: "o=", reason: "sess-id \"\(f[1])\" is not a number")
        }
        guard f[2].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), !f[2].isEmpty else {
            throw SDPError.invalid(field: "o=", reason: "sess-version \"\(f[2])\" is not a number")
        }
        self.init(username: String(f[0]), sessionId: String(f[1]), sessionVersion: String(f[2]),
                  networkType: String(f[3]), addressType: String(f[4]), address: String(f[5]))
    }

    /// The value after `o=`.
    public var value: String {
        "\(username) \(sessionId) \(sessionVersion) \(networkType) \(addressType) \(address)"
    }
}
