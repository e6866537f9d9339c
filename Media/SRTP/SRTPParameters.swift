/// Everything needed to set up SRTP for one DTLS-SRTP association: the negotiated
/// profile and the master key and salt for each direction (RFC 5764 §4.2).
///
/// `local…` protects what this endpoint sends; `remote…` unprotects what it receives.
public struct SRTPParameters: Sendable, Equatable {
    public let profile: SRTPProfile
    public let localMasterKey: [UInt8]
    public let localMasterSalt: [UInt8]
    public let remoteMasterKey: [UInt8]
    public let remoteMasterSalt: [UInt8]

    public init(profile: SRTPProfile, localMasterKey: [UInt8], localMasterSalt: [UInt8], remoteMasterKey: [UInt8], remoteMasterSalt: [UInt8]) {
        self.profile = profile
        self.localMasterKey = localMasterKey
        self.localMasterSalt = localMasterSalt
        self.remoteMasterKey = remoteMasterKey
        self.remoteMasterSalt = remoteMasterSalt
    }
}
