/// DTLS-exported keying material split into SRTP master keys and salts (RFC 5764 §4.2).
///
/// The `EXTRACTOR-dtls_srtp` export of `2 × (key + salt)` bytes is laid out as
/// ```
/// client_write_SRTP_master_key[key] | server_write_SRTP_master_key[key] |
/// client_write_SRTP_master_salt[salt] | server_write_SRTP_master_salt[salt]
/// ```
/// The DTLS client protects with the client key and salt, the server with the server's.
public struct SRTPKeyingMaterial: Sendable, Equatable {
    /// The RFC 5705 exporter label DTLS-SRTP uses.
    public static let exporterLabel = "EXTRACTOR-dtls_srtp"

    /// Keying material of the wrong length for the profile.
    public struct LengthError: Error, Equatable, CustomStringConvertible {
        public let expected: Int
        public let actual: Int
        public init(expected: Int, actual: Int) {
            self.expected = expected
            self.actual = actual
        }

        public var description: String { "DTLS-SRTP keying material is \(actual) bytes, expected \(expected)" }
    }

    public let profile: SRTPProfile
    public let clientMasterKey: [UInt8]
    public let serverMasterKey: [UInt8]
    public let clientMasterSalt: [UInt8]
    public let serverMasterSalt: [UInt8]

    /// Splits `exported`, which must be exactly `profile.keyingMaterialLength` bytes.
    public init(exported: [UInt8], profile: SRTPProfile) throws {
        guard exported.count == profile.keyingMaterialLength else {
            throw LengthError(expected: profile.keyingMaterialLength, actual: exported.count)
        }
        let key = profile.masterKeyLength
        let salt = profile.masterSaltLength
        self.profile = profile
        clientMasterKey = Array(exported[0 ..< key])
        serverMasterKey = Array(exported[key ..< 2 * key])
        clientMasterSalt = Array(exported[2 * key ..< 2 * key + salt])
        serverMasterSalt = Array(exported[2 * key + salt ..< 2 * key + 2 * salt])
    }

    /// Local (sending) and remote (receiving) keys for the DTLS client or server side.
    public func parameters(localIsClient: Bool) -> SRTPParameters {
        localIsClient
            ? SRTPParameters(profile: profile, localMasterKey: clientMasterKey, localMasterSalt: clientMasterSalt,
                             remoteMasterKey: serverMasterKey, remoteMasterSalt: serverMasterSalt)
            : SRTPParameters(profile: profile, localMasterKey: serverMasterKey, localMasterSalt: serverMasterSalt,
                             remoteMasterKey: clientMasterKey, remoteMasterSalt: clientMasterSalt)
    }
}
