import DTLS
import ParleyCrypto
import SRTP
import XCTest

/// `DTLSTransport`: two real OpenSSL endpoints talking through memory, fabricated time.
final class DTLSTransportTests: XCTestCase {
    let t0 = ContinuousClock.now

    func testHandshakeConnectsBothSidesWithMirroredKeysForEachProfile() throws {
        for profile in SRTPProfile.allCases {
            let pair = try DTLSPair(clientProfiles: [profile])
            pair.connect(now: t0)
            XCTAssertEqual(pair.server.state, .connected, "\(profile) \(pair.serverEvents)")
            XCTAssertEqual(pair.client.state, .connected, "\(profile) \(pair.clientEvents)")
            let server = try XCTUnwrap(pair.serverEvents.first?.srtpParameters)
            let client = try XCTUnwrap(pair.clientEvents.first?.srtpParameters)
            XCTAssertEqual(server.profile, profile)
            XCTAssertEqual(client.profile, profile)
            XCTAssertEqual(server.localMasterKey.count, 16)
            XCTAssertEqual(server.localMasterSalt.count, profile.masterSaltLength)
            XCTAssertEqual(server.localMasterKey, client.remoteMasterKey)
            XCTAssertEqual(server.localMasterSalt, client.remoteMasterSalt)
            XCTAssertEqual(server.remoteMasterKey, client.localMasterKey)
            XCTAssertEqual(server.remoteMasterSalt, client.localMasterSalt)
            XCTAssertNotEqual(server.localMasterKey, server.remoteMasterKey)
            XCTAssertEqual(pair.server.srtpParameters, server)
            XCTAssertNotNil(pair.server.cipherSuite)
            XCTAssertNil(pair.server.pollTimeout())
            XCTAssertNil(pair.client.pollTimeout())

            // SRTP both ways with the negotiated keys.
            let serverSRTP = try SRTPSession(parameters: server)
            let clientSRTP = try SRTPSession(parameters: client)
            let rtp = hex("80 6f 0001 00000960 11223344") + Array("an opus frame".utf8)
            let toClient = try serverSRTP.protectRTP(rtp)
            XCTAssertNotEqual(Array(toClient[12 ..< rtp.count]), Array(rtp[12...]), "payload is encrypted")
            XCTAssertEqual(try clientSRTP.unprotectRTP(toClient), rtp)
            XCTAssertThrowsError(try clientSRTP.unprotectRTP(toClient)) { XCTAssertEqual($0 as? SRTPError, .replayFail) }
            var tampered = try clientSRTP.protectRTP(rtp)
            tampered[tampered.count - 1] ^= 0xff
            XCTAssertThrowsError(try serverSRTP.unprotectRTP(tampered)) { XCTAssertEqual($0 as? SRTPError, .authFail) }
            let rtcp = hex("80c9 0001 11223344")  // empty receiver report
            XCTAssertEqual(try serverSRTP.unprotectRTCP(clientSRTP.protectRTCP(rtcp)), rtcp)
            // A session's own packets do not decrypt with its inbound (peer) key.
            XCTAssertThrowsError(try serverSRTP.unprotectRTP(serverSRTP.protectRTP(rtp))) { XCTAssertEqual($0 as? SRTPError, .authFail) }
        }
    }

    func testServerPrefersGCMWhenClientOffersBoth() throws {
        let pair = try DTLSPair(clientProfiles: [.aes128CmSha1_80, .aeadAes128Gcm], serverProfiles: [.aeadAes128Gcm, .aes128CmSha1_80])
        pair.connect(now: t0)
        // OpenSSL's server picks by its own preference order.
        XCTAssertEqual(pair.serverEvents.first?.srtpParameters?.profile, .aeadAes128Gcm)
    }

    func testHandshakeDatagramsRespectTheMTU() throws {
        let pair = try DTLSPair()
        pair.server.start(now: t0)
        pair.client.start(now: t0)
        var sizes: [Int] = []
        for _ in 0 ..< 6 {
            let fromClient = pair.drainClient()
            for d in fromClient { sizes.append(d.count); pair.server.handle(datagram: d, now: t0) }
            let fromServer = pair.drainServer()
            for d in fromServer { sizes.append(d.count); pair.client.handle(datagram: d, now: t0) }
        }
        XCTAssertFalse(sizes.isEmpty)
        XCTAssertTrue(sizes.allSatisfy { $0 <= 1200 }, "\(sizes)")
        XCTAssertEqual(pair.client.state, .connected)
    }

    func testFingerprintMismatchFailsTheServer() throws {
        let stranger = try Certificate.generateSelfSigned(commonName: "stranger")
        let pair = try DTLSPair(serverExpects: stranger.fingerprint())
        pair.connect(now: t0)
        XCTAssertEqual(pair.server.state, .failed)
        let failure = try XCTUnwrap(pair.serverEvents.first?.failure)
        XCTAssertEqual(failure.kind, .fingerprintMismatch)
        XCTAssertTrue(failure.message.contains("does not match"), failure.message)
        XCTAssertTrue(pair.serverEvents.allSatisfy { $0.srtpParameters == nil })
        // The server's fatal alert reached the client, which fails too.
        XCTAssertEqual(pair.client.state, .failed)
        XCTAssertEqual(pair.clientEvents.first?.failure?.kind, .handshakeFailed)
    }

    func testClientRejectsWrongServerFingerprint() throws {
        let serverCertificate = try Certificate.generateSelfSigned()
        let clientCertificate = try Certificate.generateSelfSigned()
        let stranger = try Certificate.generateSelfSigned()
        let server = try DTLSTransport(configuration: .init(role: .server, certificate: serverCertificate, remoteFingerprint: clientCertificate.fingerprint()))
        let client = try DTLSTransport(configuration: .init(role: .client, certificate: clientCertificate, remoteFingerprint: stranger.fingerprint()))
        client.start(now: t0)
        server.start(now: t0)
        for _ in 0 ..< 5 {
            while let d = client.pollTransmit() { server.handle(datagram: d, now: t0) }
            while let d = server.pollTransmit() { client.handle(datagram: d, now: t0) }
        }
        XCTAssertEqual(client.state, .failed)
        XCTAssertEqual(client.pollEvent()?.failure?.kind, .fingerprintMismatch)
        XCTAssertNotEqual(server.state, .connected)
    }

    func testNoCommonSRTPProfileFails() throws {
        let pair = try DTLSPair(clientProfiles: [])  // no use_srtp extension at all
        pair.connect(now: t0)
        XCTAssertEqual(pair.server.state, .failed)
        XCTAssertEqual(pair.serverEvents.first?.failure?.kind, .noSRTPProfile)
        XCTAssertEqual(pair.client.state, .failed)
        XCTAssertEqual(pair.clientEvents.first?.failure?.kind, .noSRTPProfile)
    }

    func testLostFirstFlightIsRetransmittedAfterTheTimeout() throws {
        // OpenSSL's DTLS timer reads the wall clock, so this test waits a short real time.
        let pair = try DTLSPair(initialRetransmissionTimeout: .milliseconds(150))
        pair.server.start(now: t0)
        pair.client.start(now: t0)
        let lost = pair.drainClient()
        XCTAssertFalse(lost.isEmpty, "the client sends a ClientHello on start")
        XCTAssertEqual(lost.first?.first, 22, "handshake record")
        let timeout = try XCTUnwrap(pair.client.pollTimeout())
        XCTAssertGreaterThan(timeout, t0)
        XCTAssertLessThanOrEqual(timeout, t0 + .milliseconds(150))

        // Before the timer fires nothing is resent.
        pair.client.handleTimeout(now: t0 + .milliseconds(1))
        XCTAssertTrue(pair.drainClient().isEmpty)

        Thread.sleep(forTimeInterval: 0.2)
        let t1 = t0 + .milliseconds(200)
        pair.client.handleTimeout(now: t1)
        XCTAssertEqual(pair.pump(now: t1) > 0, true)
        XCTAssertEqual(pair.server.state, .connected, "\(pair.serverEvents)")
        XCTAssertEqual(pair.client.state, .connected, "\(pair.clientEvents)")
        XCTAssertEqual(pair.serverEvents.first?.srtpParameters?.localMasterKey, pair.clientEvents.first?.srtpParameters?.remoteMasterKey)
    }

    func testLostFinalServerFlightIsRecoveredByClientRetransmission() throws {
        let pair = try DTLSPair(initialRetransmissionTimeout: .milliseconds(150))
        pair.server.start(now: t0)
        pair.client.start(now: t0)
        // No cookie exchange: ClientHello → server flight (hello … done) → client
        // flight (certificate … finished) delivered; the server's final flight is lost.
        for d in pair.drainClient() { pair.server.handle(datagram: d, now: t0) }
        for d in pair.drainServer() { pair.client.handle(datagram: d, now: t0) }
        for d in pair.drainClient() { pair.server.handle(datagram: d, now: t0) }
        XCTAssertEqual(pair.server.state, .connected)
        XCTAssertFalse(pair.drainServer().isEmpty)  // flight 6, dropped
        XCTAssertEqual(pair.client.state, .handshaking)

        Thread.sleep(forTimeInterval: 0.2)
        let t1 = t0 + .milliseconds(200)
        pair.client.handleTimeout(now: t1)
        pair.pump(now: t1)
        XCTAssertEqual(pair.client.state, .connected, "\(pair.clientEvents)")
        XCTAssertEqual(pair.clientEvents.first?.srtpParameters?.remoteMasterKey, pair.serverEvents.first?.srtpParameters?.localMasterKey)
    }

    func testHandshakeDeadlineFails() throws {
        let pair = try DTLSPair(handshakeTimeout: .seconds(10))
        pair.server.start(now: t0)
        XCTAssertEqual(pair.server.pollTimeout(), t0 + .seconds(10))
        pair.server.handleTimeout(now: t0 + .seconds(9))
        XCTAssertEqual(pair.server.state, .handshaking)
        pair.server.handleTimeout(now: t0 + .seconds(10))
        XCTAssertEqual(pair.server.state, .failed)
        pair.collectEvents()
        XCTAssertEqual(pair.serverEvents.first?.failure?.kind, .handshakeTimeout)
        XCTAssertNil(pair.server.pollTimeout())
        // Late datagrams are ignored.
        pair.client.start(now: t0 + .seconds(10))
        pair.pump(now: t0 + .seconds(10))
        XCTAssertEqual(pair.server.state, .failed)
    }

    func testClientDeadlineAlsoFails() throws {
        let pair = try DTLSPair(handshakeTimeout: .seconds(3))
        pair.client.start(now: t0)
        _ = pair.drainClient()  // the server never answers
        let deadline = t0 + .seconds(3)
        XCTAssertLessThanOrEqual(try XCTUnwrap(pair.client.pollTimeout()), deadline)
        pair.client.handleTimeout(now: deadline)
        pair.collectEvents()
        XCTAssertEqual(pair.clientEvents.first?.failure?.kind, .handshakeTimeout)
    }

    func testCloseNotifyIsReportedAsClosed() throws {
        let pair = try DTLSPair()
        pair.connect(now: t0)
        XCTAssertEqual(pair.client.state, .connected)
        pair.client.close()
        XCTAssertEqual(pair.client.state, .closed)
        pair.pump(now: t0 + .seconds(1))
        XCTAssertEqual(pair.server.state, .closed)
        XCTAssertEqual(pair.serverEvents.last, .closed)
    }

    func testGarbageDuringHandshakeFailsCleanly() throws {
        let pair = try DTLSPair()
        pair.server.start(now: t0)
        // A "handshake record" with a nonsense body; OpenSSL drops bad records silently
        // or fails the handshake — either way nothing traps and no keys come out.
        pair.server.handle(datagram: [22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3], now: t0)
        pair.server.handle(datagram: [], now: t0)
        pair.server.handle(datagram: [UInt8](repeating: 0xff, count: 2000), now: t0)
        pair.collectEvents()
        XCTAssertTrue(pair.serverEvents.allSatisfy { $0.srtpParameters == nil })
        XCTAssertNotEqual(pair.server.state, .connected)
    }
}
