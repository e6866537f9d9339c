import DTLS
import ParleyCrypto
import SRTP
import XCTest

/// Bytes from a hex string (whitespace ignored).
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0 ... $0 + 1]), radix: 16)! }
}

/// Two in-memory DTLS peers, stepped in lock-step with a fabricated clock.
final class DTLSPair {
    let serverCertificate: Certificate
    let clientCertificate: Certificate
    let server: DTLSTransport
    let client: DTLSTransport
    var serverEvents: [DTLSTransportEvent] = []
    var clientEvents: [DTLSTransportEvent] = []

    init(clientProfiles: [SRTPProfile] = [.aeadAes128Gcm, .aes128CmSha1_80],
         serverProfiles: [SRTPProfile] = [.aeadAes128Gcm, .aes128CmSha1_80],
         serverExpects: CertificateFingerprint? = nil,
         initialRetransmissionTimeout: Duration = .seconds(1),
         handshakeTimeout: Duration = .seconds(10)) throws {
        serverCertificate = try Certificate.generateSelfSigned(commonName: "server")
        clientCertificate = try Certificate.generateSelfSigned(commonName: "client")
        server = try DTLSTransport(configuration: .init(
            role: .server, certificate: serverCertificate,
            remoteFingerprint: serverExpects ?? clientCertificate.fingerprint(.sha256),
            srtpProfiles: serverProfiles, handshakeTimeout: handshakeTimeout,
            initialRetransmissionTimeout: initialRetransmissionTimeout))
        client = try DTLSTransport(configuration: .init(
            role: .client, certificate: clientCertificate,
            remoteFingerprint: try CertificateFingerprint(sdpValue: serverCertificate.sdpFingerprint),
            srtpProfiles: clientProfiles, handshakeTimeout: handshakeTimeout,
            initialRetransmissionTimeout: initialRetransmissionTimeout))
    }

    /// Datagrams the client has queued.
    func drainClient() -> [[UInt8]] { Self.drain(client) }
    /// Datagrams the server has queued.
    func drainServer() -> [[UInt8]] { Self.drain(server) }

    static func drain(_ transport: DTLSTransport) -> [[UInt8]] {
        var out: [[UInt8]] = []
        while let datagram = transport.pollTransmit() { out.append(datagram) }
        return out
    }

    /// Delivers queued datagrams both ways until neither side has anything to send.
    /// Returns the number of datagrams moved.
    @discardableResult
    func pump(now: ContinuousClock.Instant, maxRounds: Int = 20) -> Int {
        var moved = 0
        for _ in 0 ..< maxRounds {
            let fromClient = drainClient()
            for datagram in fromClient { server.handle(datagram: datagram, now: now) }
            let fromServer = drainServer()
            for datagram in fromServer { client.handle(datagram: datagram, now: now) }
            collectEvents()
            moved += fromClient.count + fromServer.count
            if fromClient.isEmpty && fromServer.isEmpty { break }
        }
        return moved
    }

    func collectEvents() {
        while let event = server.pollEvent() { serverEvents.append(event) }
        while let event = client.pollEvent() { clientEvents.append(event) }
    }

    /// Runs a whole handshake at one instant.
    func connect(now: ContinuousClock.Instant) {
        server.start(now: now)
        client.start(now: now)
        pump(now: now)
    }
}

extension DTLSTransportEvent {
    var srtpParameters: SRTPParameters? {
        if case .connected(let parameters) = self { return parameters }
        return nil
    }

    var failure: DTLSFailure? {
        if case .failed(let failure) = self { return failure }
        return nil
    }
}
