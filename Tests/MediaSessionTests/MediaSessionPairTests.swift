import ICELite
import MediaSession
import ParleyCrypto
import RTP
import STUN
import XCTest

/// A Parley server session and a client session stepped in lock-step over an in-memory "network"
/// with fabricated time: ICE, DTLS and SRTP all run for real, no sockets.
final class MediaSessionPairTests: XCTestCase {
    let serverAddress = TransportAddress(host: "127.0.0.1", port: 40000)!
    let clientAddress = TransportAddress(host: "127.0.0.1", port: 50000)!

    struct Pair {
        let server: MediaSession
        let client: MediaSession
    }

    func makePair(now: ContinuousClock.Instant, consentTimeout: Duration = .seconds(30)) throws -> Pair {
        let serverCredentials = ICECredentials.random()
        let clientCredentials = ICECredentials.random()
        let serverCertificate = try Certificate.generateSelfSigned()
        let clientCertificate = try Certificate.generateSelfSigned()
        let server = try MediaSession(configuration: .init(
            role: .server, localCredentials: serverCredentials, remoteCredentials: clientCredentials,
            certificate: serverCertificate, remoteFingerprint: clientCertificate.fingerprint(),
            localSSRC: 0x1111, cname: "server", payloadType: 111, consentTimeout: consentTimeout), now: now, wallClock: 1_700_000_000)
        let client = try MediaSession(configuration: .init(
            role: .client(remoteAddress: serverAddress), localCredentials: clientCredentials, remoteCredentials: serverCredentials,
            certificate: clientCertificate, remoteFingerprint: serverCertificate.fingerprint(),
            localSSRC: 0x2222, cname: "client", payloadType: 111, consentTimeout: consentTimeout), now: now, wallClock: 1_700_000_000)
        return Pair(server: server, client: client)
    }

    /// Delivers every pending datagram both ways until quiet; `drop` can lose datagrams.
    func exchange(_ pair: Pair, now: ContinuousClock.Instant, drop: (MediaSession.Transmit) -> Bool = { _ in false }) {
        for _ in 0..<50 {
            var moved = false
            while let t = pair.client.pollTransmit() {
                moved = true
                XCTAssertEqual(t.destination, serverAddress)
                if !drop(t) { pair.server.handle(datagram: t.bytes, from: clientAddress, now: now) }
            }
            while let t = pair.server.pollTransmit() {
                moved = true
                XCTAssertEqual(t.destination, clientAddress)
                if !drop(t) { pair.client.handle(datagram: t.bytes, from: serverAddress, now: now) }
            }
            if !moved { return }
        }
    }

    func events(_ session: MediaSession) -> [MediaSessionEvent] {
        var all: [MediaSessionEvent] = []
        while let event = session.pollEvent() { all.append(event) }
        return all
    }

    func testConnectsAndCarriesAudioBothWays() throws {
        let t0 = ContinuousClock.now
        let pair = try makePair(now: t0)
        exchange(pair, now: t0)
        XCTAssertEqual(pair.server.state, .connected)
        XCTAssertEqual(pair.client.state, .connected)
        XCTAssertEqual(pair.server.srtpProfile, .aeadAes128Gcm)
        XCTAssertTrue(events(pair.server).contains(.iceConnected(clientAddress)))
        XCTAssertTrue(events(pair.client).contains(.iceConnected(serverAddress)))

        for index in 0..<5 {
            let now = t0 + .milliseconds(20 * index)
            XCTAssertTrue(pair.client.sendAudio(payload: [UInt8(index), 1, 2, 3], rtpTimestamp: UInt32(960 * index), marker: index == 0, now: now))
            XCTAssertTrue(pair.server.sendAudio(payload: [9, UInt8(index)], rtpTimestamp: UInt32(960 * index), marker: false, now: now))
            exchange(pair, now: now)
        }
        let heardByServer = events(pair.server).compactMap { if case .audio(let p) = $0 { return p } else { return nil } }
        let heardByClient = events(pair.client).compactMap { if case .audio(let p) = $0 { return p } else { return nil } }
        XCTAssertEqual(heardByServer.map(\.payload), (0..<5).map { [UInt8($0), 1, 2, 3] })
        XCTAssertEqual(heardByServer.first?.marker, true)
        XCTAssertEqual(heardByServer.map(\.ssrc), Array(repeating: 0x2222, count: 5))
        XCTAssertEqual(heardByClient.map(\.payload), (0..<5).map { [9, UInt8($0)] })
        XCTAssertEqual(pair.server.stats.packetsSent, 5)
    }

    func testDatagramsFromUnvalidatedAddressesAreDropped() throws {
        let t0 = ContinuousClock.now
        let pair = try makePair(now: t0)
        exchange(pair, now: t0)
        XCTAssertTrue(pair.client.sendAudio(payload: [1], rtpTimestamp: 0, marker: true, now: t0))
        let packet = try XCTUnwrap(pair.client.pollTransmit())
        let stranger = TransportAddress(host: "127.0.0.1", port: 9)!
        _ = events(pair.server)
        pair.server.handle(datagram: packet.bytes, from: stranger, now: t0)
        XCTAssertEqual(pair.server.drops.unvalidatedSource, 1)
        XCTAssertTrue(events(pair.server).isEmpty)
        // The same packet from the real peer is accepted, and a replay of it is rejected by SRTP.
        pair.server.handle(datagram: packet.bytes, from: clientAddress, now: t0)
        pair.server.handle(datagram: packet.bytes, from: clientAddress, now: t0)
        XCTAssertEqual(events(pair.server).filter { if case .audio = $0 { return true } else { return false } }.count, 1)
        XCTAssertEqual(pair.server.drops.srtpRejected, 1)
    }

    func testGarbageNeverCrashesOrConnects() throws {
        let t0 = ContinuousClock.now
        let pair = try makePair(now: t0)
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 12, 20, 100, 1500] {
            for first in [UInt8(0), 1, 20, 22, 64, 128, 144, 200, 255] {
                var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                if !bytes.isEmpty { bytes[0] = first }
                pair.server.handle(datagram: bytes, from: clientAddress, now: t0)
            }
        }
        XCTAssertEqual(pair.server.state, .connecting)
        exchange(pair, now: t0)
        XCTAssertEqual(pair.server.state, .connected, "garbage must not break a later valid handshake")
    }

    func testConsentExpiresWhenChecksStop() throws {
        let t0 = ContinuousClock.now
        let pair = try makePair(now: t0, consentTimeout: .seconds(30))
        exchange(pair, now: t0)
        _ = events(pair.server)
        // The client goes silent: nothing more is delivered to the server.
        var now = t0
        while now < t0 + .seconds(31) {
            now = now + .milliseconds(500)
            if let due = pair.server.pollTimeout(), due <= now { pair.server.handleTimeout(now: now) }
            while pair.server.pollTransmit() != nil {}
        }
        XCTAssertEqual(pair.server.state, .closed(.consentExpired))
        XCTAssertTrue(events(pair.server).contains(.closed(.consentExpired)))
    }

    func testConsentIsKeptWhileChecksContinue() throws {
        let t0 = ContinuousClock.now
        let pair = try makePair(now: t0, consentTimeout: .seconds(30))
        exchange(pair, now: t0)
        var now = t0
        while now < t0 + .seconds(90) {
            now = now + .milliseconds(250)
            for session in [pair.client, pair.server] {
                if let due = session.pollTimeout(), due <= now { session.handleTimeout(now: now) }
            }
            exchange(pair, now: now)
        }
        XCTAssertEqual(pair.server.state, .connected)
        XCTAssertEqual(pair.client.state, .connected)
    }

    func testFailsWhenNothingConnectsInTime() throws {
        let t0 = ContinuousClock.now
        let pair = try makePair(now: t0)
        _ = pair.client.drainTransmits()  // the client's checks are lost
        let deadline = t0 + .seconds(21)
        pair.server.handleTimeout(now: deadline)
        guard case .closed(.failed) = pair.server.state else { return XCTFail("state \(pair.server.state)") }
    }

    func testDemultiplexesByFirstByte() {
        XCTAssertEqual(DatagramKind(classifying: [0x00, 0x01]), .stun)
        XCTAssertEqual(DatagramKind(classifying: [0x03]), .stun)
        XCTAssertEqual(DatagramKind(classifying: [16]), .zrtp)
        XCTAssertEqual(DatagramKind(classifying: [22, 0xFE, 0xFD]), .dtls)
        XCTAssertEqual(DatagramKind(classifying: [63]), .dtls)
        XCTAssertEqual(DatagramKind(classifying: [64]), .turnChannel)
        XCTAssertEqual(DatagramKind(classifying: [0x80, 111]), .rtp)
        XCTAssertEqual(DatagramKind(classifying: [191]), .rtp)
        XCTAssertEqual(DatagramKind(classifying: [192]), .unknown)
        XCTAssertEqual(DatagramKind(classifying: [UInt8]()), .unknown)
    }
}
