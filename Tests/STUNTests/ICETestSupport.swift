import ICELite
import STUN
import XCTest

/// Fixed credentials and addresses for ICE tests.
enum ICEFixture {
    static let server = ICECredentials(ufrag: "srvU", password: "serverPassword0123456789")
    static let client = ICECredentials(ufrag: "cliU", password: "clientPassword0123456789")
    static let serverAddress = TransportAddress("192.0.2.10:40000")!
    static let clientAddress = TransportAddress("198.51.100.7:50000")!
    static let movedClientAddress = TransportAddress("[2001:db8::7]:50001")!

    /// A Binding request as a browser would send it to the server, with knobs to break it.
    static func request(username: String? = "srvU:cliU", password: String? = server.password,
                        useCandidate: Bool = true, controlled: UInt64? = nil, controlling: UInt64? = 42,
                        fingerprint: Bool = true, extra: [STUNAttribute] = []) -> [UInt8] {
        var attributes: [STUNAttribute] = []
        if let username { attributes.append(.username(username)) }
        attributes.append(.priority(0x6E00_1EFF))
        if let controlled { attributes.append(.iceControlled(controlled)) }
        if let controlling { attributes.append(.iceControlling(controlling)) }
        if useCandidate { attributes.append(.useCandidate) }
        attributes += extra
        return STUNMessage(type: .bindingRequest, attributes: attributes)
            .serialize(messageIntegrityKey: password.map { Array($0.utf8) }, fingerprint: fingerprint)
    }
}

extension Array where Element == ICEOutput {
    /// The datagrams among the outputs.
    var transmitted: [(bytes: [UInt8], to: TransportAddress)] {
        compactMap { if case .transmit(let bytes, let to) = $0 { return (bytes, to) } else { return nil } }
    }

    /// The outputs that are not datagrams.
    var events: [ICEOutput] {
        filter { if case .transmit = $0 { return false } else { return true } }
    }

    /// The single transmitted datagram parsed as STUN.
    func onlyResponse(file: StaticString = #filePath, line: UInt = #line) throws -> STUNMessage {
        let sent = transmitted
        XCTAssertEqual(sent.count, 1, "expected one datagram, got \(sent.count)", file: file, line: line)
        return try STUNMessage(parsing: XCTUnwrap(sent.first, file: file, line: line).bytes)
    }
}

/// A lite agent and a client agent stepped in lock-step with fabricated time and zero latency.
struct ICELink {
    var lite: ICELiteAgent
    var client: ICEClientAgent
    var now: ContinuousClock.Instant
    /// Where the lite agent sees the client's datagrams come from (change it to simulate a NAT rebinding).
    var clientAddress = ICEFixture.clientAddress
    /// Drop this many further client → server datagrams.
    var dropClientToServer = 0
    /// Drop every server → client datagram while true.
    var dropServerToClient = false
    var liteEvents: [(ContinuousClock.Instant, ICEOutput)] = []
    var clientEvents: [(ContinuousClock.Instant, ICEOutput)] = []
    var clientSendTimes: [ContinuousClock.Instant] = []

    init(start: ContinuousClock.Instant, clientPasswordForServer: String = ICEFixture.server.password,
         liteConfiguration: ICELiteAgent.Configuration = .init(),
         clientConfiguration: ICEClientAgent.Configuration = .init(consentJitter: 1.0...1.0)) {
        now = start
        lite = ICELiteAgent(localCredentials: ICEFixture.server, remoteCredentials: ICEFixture.client,
                            configuration: liteConfiguration, now: start)
        client = ICEClientAgent(localCredentials: ICEFixture.client,
                                remoteCredentials: ICECredentials(ufrag: ICEFixture.server.ufrag, password: clientPasswordForServer),
                                remoteAddress: ICEFixture.serverAddress, configuration: clientConfiguration, now: start)
    }

    /// Runs both agents' timers up to and including `end`, delivering datagrams instantly.
    mutating func run(until end: ContinuousClock.Instant) {
        while true {
            let due = [lite.pollTimeout(), client.pollTimeout()].compactMap { $0 }.min()
            guard let due, due <= end else { break }
            now = max(now, due)
            route(fromClient: client.handleTimeout(now: now))
            route(fromLite: lite.handleTimeout(now: now))
        }
        now = max(now, end)
    }

    mutating func route(fromClient outputs: [ICEOutput]) {
        for output in outputs {
            guard case .transmit(let bytes, let to) = output else { clientEvents.append((now, output)); continue }
            XCTAssertEqual(to, ICEFixture.serverAddress)
            clientSendTimes.append(now)
            if dropClientToServer > 0 { dropClientToServer -= 1; continue }
            route(fromLite: lite.handle(stunBytes: bytes, from: clientAddress, now: now))
        }
    }

    mutating func route(fromLite outputs: [ICEOutput]) {
        for output in outputs {
            guard case .transmit(let bytes, let to) = output else { liteEvents.append((now, output)); continue }
            XCTAssertEqual(to, clientAddress)
            if dropServerToClient { continue }
            route(fromClient: client.handle(stunBytes: bytes, from: ICEFixture.serverAddress, now: now))
        }
    }
}
