import ICELite
import MediaSession
import ParleyCrypto
import STUN

/// A connected Parley server `MediaSession` and a client `MediaSession` (the synthetic caller's
/// role), stepped over an in-memory "network" with one fabricated instant: ICE, DTLS and SRTP run
/// for real, no sockets. The client's SRTP audio datagrams are produced up front in a batch
/// (fresh sequence numbers, for libsrtp's replay check) and fed to the server one by one.
final class SessionFixture {
    static let serverAddress = TransportAddress(host: "127.0.0.1", port: 40_000)!
    static let clientAddress = TransportAddress(host: "127.0.0.1", port: 50_000)!
    static let payloadType: UInt8 = 111

    let now: ContinuousClock.Instant
    private(set) var server: MediaSession
    private(set) var client: MediaSession
    /// SRTP datagrams from the client, in order, for `server`.
    private(set) var datagrams: [[UInt8]] = []
    private(set) var next = 0
    private let audio: AudioFixture
    private let batchSize: Int

    init(audio: AudioFixture, batchSize: Int = 100_000) throws {
        self.audio = audio
        self.batchSize = batchSize
        now = ContinuousClock.now
        (server, client) = try Self.connectedPair(now: now)
        try fillBatch()
    }

    /// Makes sure `count` fresh client datagrams are left; otherwise connects a new pair and refills.
    func reserve(_ count: Int) throws {
        precondition(count <= batchSize, "batch smaller than one benchmark iteration")
        guard next + count > datagrams.count else { return }
        (server, client) = try Self.connectedPair(now: now)
        try fillBatch()
    }

    @inline(__always)
    func nextDatagram() -> [UInt8] {
        defer { next += 1 }
        return datagrams[next]
    }

    private func fillBatch() throws {
        var batch: [[UInt8]] = []
        batch.reserveCapacity(batchSize)
        for index in 0..<batchSize {
            guard client.sendAudio(payload: audio.opusFrames[index % audio.opusFrames.count],
                                   rtpTimestamp: UInt32(truncatingIfNeeded: index &* AudioFixture.frameSamples),
                                   marker: index == 0, now: now)
            else { throw FixtureError("client could not send audio") }
            for transmit in client.drainTransmits() { batch.append(transmit.bytes) }
        }
        datagrams = batch
        next = 0
    }

    /// Builds both sessions and exchanges datagrams until both are connected.
    static func connectedPair(now: ContinuousClock.Instant) throws -> (server: MediaSession, client: MediaSession) {
        let serverCredentials = ICECredentials.random()
        let clientCredentials = ICECredentials.random()
        let serverCertificate = try Certificate.generateSelfSigned()
        let clientCertificate = try Certificate.generateSelfSigned()
        let server = try MediaSession(configuration: .init(
            role: .server, localCredentials: serverCredentials, remoteCredentials: clientCredentials,
            certificate: serverCertificate, remoteFingerprint: clientCertificate.fingerprint(),
            localSSRC: 0x1111, cname: "server", payloadType: payloadType), now: now, wallClock: 1_700_000_000)
        let client = try MediaSession(configuration: .init(
            role: .client(remoteAddress: serverAddress), localCredentials: clientCredentials,
            remoteCredentials: serverCredentials, certificate: clientCertificate,
            remoteFingerprint: serverCertificate.fingerprint(),
            localSSRC: 0x2222, cname: "client", payloadType: payloadType), now: now, wallClock: 1_700_000_000)
        for _ in 0..<50 {
            var moved = false
            while let t = client.pollTransmit() {
                moved = true
                server.handle(datagram: t.bytes, from: clientAddress, now: now)
            }
            while let t = server.pollTransmit() {
                moved = true
                client.handle(datagram: t.bytes, from: serverAddress, now: now)
            }
            if !moved { break }
        }
        guard server.state == .connected, client.state == .connected else {
            throw FixtureError("sessions did not connect: server \(server.state), client \(client.state)")
        }
        while server.pollEvent() != nil {}
        while client.pollEvent() != nil {}
        return (server, client)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
