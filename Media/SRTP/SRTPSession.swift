internal import CSRTP

/// SRTP and SRTCP protection for one media association (RFC 3711; RFC 7714 for AES-GCM),
/// backed by libsrtp: one outbound context for what we send (`ssrc_any_outbound`, local
/// key) and one inbound context for what we receive (`ssrc_any_inbound`, remote key).
///
/// Replay protection uses libsrtp's default 128-packet window (RFC 3711 §3.3.2);
/// outbound allows repeated sequence numbers (`allow_repeat_tx`) so a retransmitted
/// identical packet is not refused. Not thread-safe: use from one thread at a time.
public final class SRTPSession {
    public let profile: SRTPProfile
    /// `srtp_t` for unprotecting received packets, owned.
    private let inbound: OpaquePointer
    /// `srtp_t` for protecting sent packets, owned.
    private let outbound: OpaquePointer
    /// Room libsrtp may write past an RTP packet (tag and MKI).
    private let trailerLength = Int(parley_srtp_max_trailer_len())

    /// Smallest RTP header (RFC 3550 §5.1) and RTCP header (RFC 3550 §6.4.1), in bytes.
    static let minimumRTPLength = 12
    static let minimumRTCPLength = 8

    /// A session from DTLS-SRTP parameters (local key protects, remote key unprotects).
    public convenience init(parameters: SRTPParameters) throws {
        try self.init(profile: parameters.profile,
                      localMasterKey: parameters.localMasterKey, localMasterSalt: parameters.localMasterSalt,
                      remoteMasterKey: parameters.remoteMasterKey, remoteMasterSalt: parameters.remoteMasterSalt)
    }

    /// A session from explicit master keys and salts (lengths must match `profile`).
    public init(profile: SRTPProfile, localMasterKey: [UInt8], localMasterSalt: [UInt8],
                remoteMasterKey: [UInt8], remoteMasterSalt: [UInt8]) throws {
        try SRTPLibrary.ensureInitialized()
        self.profile = profile
        let outbound = try Self.makeContext(profile: profile, key: localMasterKey, salt: localMasterSalt, inbound: false)
        do {
            inbound = try Self.makeContext(profile: profile, key: remoteMasterKey, salt: remoteMasterSalt, inbound: true)
        } catch {
            srtp_dealloc(outbound)
            throw error
        }
        self.outbound = outbound
    }

    deinit {
        srtp_dealloc(inbound)
        srtp_dealloc(outbound)
    }

    /// Encrypts and authenticates an RTP packet (header and payload) for sending.
    public func protectRTP(_ packet: [UInt8]) throws -> [UInt8] {
        guard packet.count >= Self.minimumRTPLength else { throw SRTPError.badParam }
        return try transform(packet, extra: trailerLength) { srtp_protect(outbound, $0, $1) }
    }

    /// Verifies and decrypts a received SRTP packet; throws `.authFail`, `.replayFail`,
    /// `.replayOld`, `.badParam`… when it must be dropped.
    public func unprotectRTP(_ packet: [UInt8]) throws -> [UInt8] {
        guard packet.count >= Self.minimumRTPLength else { throw SRTPError.badParam }
        return try transform(packet, extra: 0) { srtp_unprotect(inbound, $0, $1) }
    }

    /// Encrypts and authenticates an RTCP compound packet (adds the SRTCP index and tag, RFC 3711 §3.4).
    public func protectRTCP(_ packet: [UInt8]) throws -> [UInt8] {
        guard packet.count >= Self.minimumRTCPLength else { throw SRTPError.badParam }
        return try transform(packet, extra: trailerLength + 4) { srtp_protect_rtcp(outbound, $0, $1) }
    }

    /// Verifies and decrypts a received SRTCP packet.
    public func unprotectRTCP(_ packet: [UInt8]) throws -> [UInt8] {
        guard packet.count >= Self.minimumRTCPLength else { throw SRTPError.badParam }
        return try transform(packet, extra: 0) { srtp_unprotect_rtcp(inbound, $0, $1) }
    }

    /// Copies `packet` into a buffer with `extra` spare bytes, runs `body` in place, and
    /// returns the bytes it reports as the result.
    private func transform(_ packet: [UInt8], extra: Int,
                           _ body: (UnsafeMutableRawPointer, UnsafeMutablePointer<Int32>) -> srtp_err_status_t) throws -> [UInt8] {
        var buffer = packet
        if extra > 0 { buffer.append(contentsOf: repeatElement(0, count: extra)) }
        var length = Int32(packet.count)
        let status = buffer.withUnsafeMutableBytes { bytes in
            // Non-empty (checked by callers), so the base address exists.
            body(bytes.baseAddress!, &length)
        }
        try check(status)
        guard length >= 0, Int(length) <= buffer.count else { throw SRTPError.fail }
        buffer.removeLast(buffer.count - Int(length))
        return buffer
    }

    /// One libsrtp context for one direction.
    private static func makeContext(profile: SRTPProfile, key: [UInt8], salt: [UInt8], inbound: Bool) throws -> OpaquePointer {
        guard key.count == profile.masterKeyLength, salt.count == profile.masterSaltLength else {
            throw SRTPError.wrongKeyLength(expected: profile.masterKeyLength + profile.masterSaltLength, actual: key.count + salt.count)
        }
        var policy = srtp_policy_t()
        switch profile {
        case .aes128CmSha1_80:
            parley_srtp_policy_aes_cm_128_hmac_sha1_80(&policy.rtp)
            parley_srtp_policy_aes_cm_128_hmac_sha1_80(&policy.rtcp)
        case .aeadAes128Gcm:
            parley_srtp_policy_aes_gcm_128(&policy.rtp)
            parley_srtp_policy_aes_gcm_128(&policy.rtcp)
        }
        policy.ssrc.type = inbound ? ssrc_any_inbound : ssrc_any_outbound
        policy.window_size = 0  // libsrtp default (128)
        policy.allow_repeat_tx = inbound ? 0 : 1
        policy.next = nil
        // libsrtp reads the master key (key followed by salt) during srtp_create only.
        var keyAndSalt = key + salt
        var session: OpaquePointer?
        let status = keyAndSalt.withUnsafeMutableBufferPointer { buffer -> srtp_err_status_t in
            policy.key = buffer.baseAddress
            return srtp_create(&session, &policy)
        }
        keyAndSalt.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        try check(status)
        guard let session else { throw SRTPError.fail }
        return session
    }
}
