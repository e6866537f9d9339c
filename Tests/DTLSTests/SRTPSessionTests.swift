import SRTP
import XCTest

/// `SRTPSession` against libsrtp's reference packets, and its error mapping.
final class SRTPSessionTests: XCTestCase {
    /// RTP packet of libsrtp's validation tests: V=2, PT=15, seq 0x1234, ts 0xdecafbad,
    /// SSRC 0xcafebabe, 16 payload bytes of 0xab.
    let rtpPlaintext = hex("800f1234 decafbad cafebabe") + [UInt8](repeating: 0xab, count: 16)
    /// RTCP sender report header (PT=200, SSRC 0xcafebabe) with 16 bytes of 0xab.
    let rtcpPlaintext = hex("81c8000b cafebabe") + [UInt8](repeating: 0xab, count: 16)

    /// A session whose two directions share one key, so it can unprotect its own output.
    func loopbackSession(_ profile: SRTPProfile, key: [UInt8], salt: [UInt8]) throws -> SRTPSession {
        try SRTPSession(profile: profile, localMasterKey: key, localMasterSalt: salt, remoteMasterKey: key, remoteMasterSalt: salt)
    }

    /// AES_CM_128_HMAC_SHA1_80 (RFC 3711) known answer: libsrtp `srtp_validate` reference.
    func testAESCMKnownAnswer() throws {
        let session = try loopbackSession(.aes128CmSha1_80,
                                          key: hex("e1f97a0d3e018be0d64fa32c06de4139"),
                                          salt: hex("0ec675ad498afeebb6960b3aabe6"))
        let srtp = try session.protectRTP(rtpPlaintext)
        XCTAssertEqual(srtp, hex("800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb"))
        let srtcp = try session.protectRTCP(rtcpPlaintext)
        XCTAssertEqual(srtcp, hex("81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798"))
        XCTAssertEqual(try session.unprotectRTP(srtp), rtpPlaintext)
        XCTAssertEqual(try session.unprotectRTCP(srtcp), rtcpPlaintext)
    }

    /// AEAD_AES_128_GCM (RFC 7714) known answer: libsrtp `srtp_validate_gcm` reference.
    func testAESGCMKnownAnswer() throws {
        let session = try loopbackSession(.aeadAes128Gcm,
                                          key: hex("000102030405060708090a0b0c0d0e0f"),
                                          salt: hex("a0a1a2a3a4a5a6a7a8a9aaab"))
        let srtp = try session.protectRTP(rtpPlaintext)
        XCTAssertEqual(srtp, hex("800f1234decafbadcafebabe c5002ede04cfdd2eb91159e0880aa06e d2976826f796b201df3131a127e8a392"))
        let srtcp = try session.protectRTCP(rtcpPlaintext)
        XCTAssertEqual(srtcp, hex("81c8000bcafebabe c98b8b5df0392a55852b6c21ac8e7025 c52c6fbea2b3b446ea31123ba88ce61e 80000001"))
        XCTAssertEqual(try session.unprotectRTP(srtp), rtpPlaintext)
        XCTAssertEqual(try session.unprotectRTCP(srtcp), rtcpPlaintext)
    }

    func testTamperedAndReplayedPacketsAreRejected() throws {
        for profile in SRTPProfile.allCases {
            let key = [UInt8](repeating: 0x11, count: profile.masterKeyLength)
            let salt = [UInt8](repeating: 0x22, count: profile.masterSaltLength)
            let sender = try loopbackSession(profile, key: key, salt: salt)
            let receiver = try loopbackSession(profile, key: key, salt: salt)
            let protected = try sender.protectRTP(rtpPlaintext)
            XCTAssertEqual(protected.count, rtpPlaintext.count + profile.rtpOverhead)

            var tampered = protected
            tampered[14] ^= 0x01
            XCTAssertThrowsError(try receiver.unprotectRTP(tampered), "\(profile)") { XCTAssertEqual($0 as? SRTPError, .authFail) }
            XCTAssertEqual(try receiver.unprotectRTP(protected), rtpPlaintext)
            XCTAssertThrowsError(try receiver.unprotectRTP(protected), "\(profile)") { XCTAssertEqual($0 as? SRTPError, .replayFail) }

            let protectedRTCP = try sender.protectRTCP(rtcpPlaintext)
            var tamperedRTCP = protectedRTCP
            tamperedRTCP[10] ^= 0x80
            XCTAssertThrowsError(try receiver.unprotectRTCP(tamperedRTCP)) { XCTAssertEqual($0 as? SRTPError, .authFail) }
            XCTAssertEqual(try receiver.unprotectRTCP(protectedRTCP), rtcpPlaintext)
            XCTAssertThrowsError(try receiver.unprotectRTCP(protectedRTCP)) { XCTAssertEqual($0 as? SRTPError, .replayFail) }
        }
    }

    func testPacketFarBehindTheReplayWindowIsOld() throws {
        let key = [UInt8](repeating: 0x33, count: 16), salt = [UInt8](repeating: 0x44, count: 14)
        let sender = try loopbackSession(.aes128CmSha1_80, key: key, salt: salt)
        let receiver = try loopbackSession(.aes128CmSha1_80, key: key, salt: salt)
        func packet(seq: UInt16) -> [UInt8] {
            var p = rtpPlaintext
            p[2] = UInt8(seq >> 8)
            p[3] = UInt8(seq & 0xff)
            return p
        }
        let early = try sender.protectRTP(packet(seq: 1000))
        let late = try sender.protectRTP(packet(seq: 1300))
        XCTAssertEqual(try receiver.unprotectRTP(late), packet(seq: 1300))
        XCTAssertThrowsError(try receiver.unprotectRTP(early)) { XCTAssertEqual($0 as? SRTPError, .replayOld) }
    }

    func testWrongKeyFailsAuthentication() throws {
        let sender = try loopbackSession(.aeadAes128Gcm, key: [UInt8](repeating: 1, count: 16), salt: [UInt8](repeating: 2, count: 12))
        let receiver = try loopbackSession(.aeadAes128Gcm, key: [UInt8](repeating: 9, count: 16), salt: [UInt8](repeating: 2, count: 12))
        XCTAssertThrowsError(try receiver.unprotectRTP(sender.protectRTP(rtpPlaintext))) { XCTAssertEqual($0 as? SRTPError, .authFail) }
    }

    func testBadInputs() throws {
        XCTAssertThrowsError(try loopbackSession(.aeadAes128Gcm, key: [UInt8](repeating: 1, count: 16), salt: [UInt8](repeating: 2, count: 14))) {
            XCTAssertEqual($0 as? SRTPError, .wrongKeyLength(expected: 28, actual: 30))
        }
        let session = try loopbackSession(.aes128CmSha1_80, key: [UInt8](repeating: 1, count: 16), salt: [UInt8](repeating: 2, count: 14))
        for short in [[], [0x80], Array(rtpPlaintext.prefix(11))] as [[UInt8]] {
            XCTAssertThrowsError(try session.protectRTP(short)) { XCTAssertEqual($0 as? SRTPError, .badParam) }
            XCTAssertThrowsError(try session.unprotectRTP(short)) { XCTAssertEqual($0 as? SRTPError, .badParam) }
        }
        XCTAssertThrowsError(try session.unprotectRTCP([0x81, 0xc8])) { XCTAssertEqual($0 as? SRTPError, .badParam) }
        // A header-only packet whose "tag" is missing cannot authenticate.
        XCTAssertThrowsError(try session.unprotectRTP(rtpPlaintext))
    }

    func testProfileNamesAndLengths() {
        XCTAssertEqual(SRTPProfile(dtlsName: "SRTP_AES128_CM_SHA1_80"), .aes128CmSha1_80)
        XCTAssertEqual(SRTPProfile(dtlsName: "SRTP_AEAD_AES_128_GCM"), .aeadAes128Gcm)
        XCTAssertNil(SRTPProfile(dtlsName: "SRTP_AES128_CM_SHA1_32"))
        XCTAssertEqual(SRTPProfile.aes128CmSha1_80.keyingMaterialLength, 60)
        XCTAssertEqual(SRTPProfile.aeadAes128Gcm.keyingMaterialLength, 56)
    }

    /// RFC 5764 §4.2 layout: client key | server key | client salt | server salt.
    func testKeyingMaterialSplit() throws {
        let material = (0 ..< 60).map { UInt8($0) }
        let split = try SRTPKeyingMaterial(exported: material, profile: .aes128CmSha1_80)
        XCTAssertEqual(split.clientMasterKey, Array(0 ..< 16))
        XCTAssertEqual(split.serverMasterKey, Array(16 ..< 32))
        XCTAssertEqual(split.clientMasterSalt, Array(32 ..< 46))
        XCTAssertEqual(split.serverMasterSalt, Array(46 ..< 60))
        let client = split.parameters(localIsClient: true)
        let server = split.parameters(localIsClient: false)
        XCTAssertEqual(client.localMasterKey, server.remoteMasterKey)
        XCTAssertEqual(client.localMasterSalt, server.remoteMasterSalt)
        XCTAssertEqual(server.localMasterKey, Array(16 ..< 32))
        XCTAssertThrowsError(try SRTPKeyingMaterial(exported: material, profile: .aeadAes128Gcm)) {
            XCTAssertEqual($0 as? SRTPKeyingMaterial.LengthError, .init(expected: 56, actual: 60))
        }
    }
}
