/// An SRTP protection profile negotiated by DTLS-SRTP `use_srtp` (RFC 5764 §4.1.2).
///
/// - `aes128CmSha1_80`: AES-128 counter mode with HMAC-SHA1 80-bit tags (RFC 3711 §4,
///   profile `SRTP_AES128_CM_HMAC_SHA1_80`, id 0x0001).
/// - `aeadAes128Gcm`: AES-128-GCM with 16-byte tags (RFC 7714 §14.2, profile
///   `SRTP_AEAD_AES_128_GCM`, id 0x0007).
public enum SRTPProfile: String, Sendable, Hashable, CaseIterable {
    case aes128CmSha1_80
    case aeadAes128Gcm

    /// Master key length in bytes.
    public var masterKeyLength: Int { 16 }

    /// Master salt length in bytes: 14 for AES-CM (RFC 3711 §8.2), 12 for GCM (RFC 7714 §12).
    public var masterSaltLength: Int {
        switch self {
        case .aes128CmSha1_80: 14
        case .aeadAes128Gcm: 12
        }
    }

    /// Bytes of DTLS keying material to export: 2 × (key + salt) (RFC 5764 §4.2).
    public var keyingMaterialLength: Int { 2 * (masterKeyLength + masterSaltLength) }

    /// Bytes SRTP adds to an RTP packet (authentication tag): 10 for HMAC-SHA1-80, 16 for GCM.
    public var rtpOverhead: Int {
        switch self {
        case .aes128CmSha1_80: 10
        case .aeadAes128Gcm: 16
        }
    }

    /// The profile name OpenSSL uses in `SSL_CTX_set_tlsext_use_srtp`.
    public var dtlsName: String {
        switch self {
        case .aes128CmSha1_80: "SRTP_AES128_CM_SHA1_80"
        case .aeadAes128Gcm: "SRTP_AEAD_AES_128_GCM"
        }
    }

    /// The profile for an OpenSSL `use_srtp` profile name, if supported.
    public init?(dtlsName: String) {
        guard let profile = Self.allCases.first(where: { $0.dtlsName == dtlsName }) else { return nil }
        self = profile
    }
}
