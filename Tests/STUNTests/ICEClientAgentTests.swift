import ICELite
import STUN
import XCTest

/// The client agent alone and in lock-step with a lite agent (fabricated time, no sockets).
final class ICEClientAgentTests: XCTestCase {
    let t0 = ContinuousClock.now

    func testConnectsAndNominatesInLockStep() throws {
        var link = ICELink(start: t0)
        link.run(until: t0 + .seconds(1))
        XCTAssertEqual(link.client.state, .connected)
        XCTAssertEqual(link.lite.state, .nominated(selected: ICEFixture.clientAddress))
        XCTAssertEqual(link.clientEvents.map(\.1), [.connected(ICEFixture.serverAddress)])
        XCTAssertEqual(link.clientEvents.first?.0, t0, "connected on the first exchange")
        XCTAssertEqual(link.liteEvents.map(\.1), [.nominated(ICEFixture.clientAddress)])
        XCTAssertEqual(link.clientSendTimes, [t0])
        XCTAssertEqual(link.client.requestsSent, 1)
    }

    func testClientRequestCarriesTheICEAttributes() throws {
        var client = ICEClientAgent(localCredentials: ICEFixture.client, remoteCredentials: ICEFixture.server,
                                    remoteAddress: ICEFixture.serverAddress,
                                    configuration: .init(tieBreaker: 0x1234_5678_9ABC_DEF0), now: t0)
        XCTAssertEqual(client.pollTimeout(), t0, "the first check is due at creation")
        let request = try client.handleTimeout(now: t0).onlyResponse()
        XCTAssertEqual(request.type, .bindingRequest)
        XCTAssertEqual(request.username, "srvU:cliU")
        XCTAssertEqual(request.priority, 0x6EFF_FFFF)
        XCTAssertEqual(request.iceControlling, 0x1234_5678_9ABC_DEF0)
        XCTAssertEqual(client.tieBreaker, 0x1234_5678_9ABC_DEF0)
        XCTAssertNil(request.iceControlled)
        XCTAssertTrue(request.hasUseCandidate)
        XCTAssertTrue(request.verifyMessageIntegrity(password: ICEFixture.server.password))
        XCTAssertTrue(request.verifyFingerprint())
        XCTAssertEqual(request.attributes.suffix(2).map(\.type), [.messageIntegrity, .fingerprint])
    }

    func testRetransmitsWithDoublingCappedTimeout() throws {
        var client = ICEClientAgent(localCredentials: ICEFixture.client, remoteCredentials: ICEFixture.server,
                                    remoteAddress: ICEFixture.serverAddress, now: t0)
        var sendTimes: [Duration] = []
        var datagrams: Set<[UInt8]> = []
        while let due = client.pollTimeout(), due <= t0 + .seconds(4) {
            for (bytes, _) in client.handleTimeout(now: due).transmitted {
                sendTimes.append(due - t0)
                datagrams.insert(bytes)
            }
        }
        let expectedMs = [0, 50, 150, 350, 750, 1550, 2350, 3150, 3950]
        XCTAssertEqual(sendTimes, expectedMs.map { .milliseconds($0) })
        XCTAssertEqual(datagrams.count, 1, "retransmissions repeat the same transaction byte for byte")
        XCTAssertEqual(client.state, .checking)
    }

    func testLossOfFirstPacketsIsRecoveredByRetransmission() {
        var link = ICELink(start: t0)
        link.dropClientToServer = 3
        link.run(until: t0 + .seconds(2))
        XCTAssertEqual(link.clientSendTimes.map { $0 - t0 }, [0, 50, 150, 350].map { .milliseconds($0) })
        XCTAssertEqual(link.clientEvents.map(\.1), [.connected(ICEFixture.serverAddress)])
        XCTAssertEqual(link.clientEvents.first?.0, t0 + .milliseconds(350))
        XCTAssertEqual(link.liteEvents.map(\.1), [.nominated(ICEFixture.clientAddress)])
    }

    func testLostResponsesAreRecoveredToo() {
        var link = ICELink(start: t0)
        link.dropServerToClient = true
        link.run(until: t0 + .milliseconds(100))
        XCTAssertEqual(link.liteEvents.map(\.1), [.nominated(ICEFixture.clientAddress)], "server nominated on the first check")
        XCTAssertEqual(link.client.state, .checking)
        link.dropServerToClient = false
        link.run(until: t0 + .seconds(1))
        XCTAssertEqual(link.clientEvents.map(\.1), [.connected(ICEFixture.serverAddress)])
        XCTAssertEqual(link.clientEvents.first?.0, t0 + .milliseconds(150))
        XCTAssertEqual(link.liteEvents.count, 1, "retransmitted nominations do not nominate twice")
    }

    func testWrongPasswordGets401AndNeverConnects() throws {
        var link = ICELink(start: t0, clientPasswordForServer: "notTheServerPassword1234")
        // Look at what the server answers to the first check.
        let request = link.client.handleTimeout(now: t0)
        let answer = link.lite.handle(stunBytes: try XCTUnwrap(request.transmitted.first).bytes,
                                      from: ICEFixture.clientAddress, now: t0)
        XCTAssertEqual(try answer.onlyResponse().errorCode?.code, 401)
        // The unauthenticated 401 is ignored by the client, which keeps trying until its deadline.
        link.route(fromLite: answer)
        link.run(until: t0 + .seconds(30))
        XCTAssertEqual(link.liteEvents.map(\.1), [.failed], "lite: nothing nominated within 30 s")
        XCTAssertEqual(link.clientEvents.map(\.1), [.failed])
        XCTAssertEqual(link.clientEvents.first?.0, t0 + .seconds(10))
        XCTAssertEqual(link.client.state, .failed)
        XCTAssertNil(link.client.pollTimeout())
    }

    func testFailsAtDeadlineWithoutPeer() {
        var client = ICEClientAgent(localCredentials: ICEFixture.client, remoteCredentials: ICEFixture.server,
                                    remoteAddress: ICEFixture.serverAddress,
                                    configuration: .init(connectTimeout: .seconds(3)), now: t0)
        var events: [(Duration, ICEOutput)] = []
        while let due = client.pollTimeout() {
            for event in client.handleTimeout(now: due).events { events.append((due - t0, event)) }
        }
        XCTAssertEqual(events.map(\.0), [.seconds(3)])
        XCTAssertEqual(events.map(\.1), [.failed])
        XCTAssertTrue(client.isFinished)
    }

    func testConsentChecksKeepBothSidesAliveForMinutes() {
        var link = ICELink(start: t0)
        link.run(until: t0 + .seconds(300))
        XCTAssertEqual(link.clientEvents.map(\.1), [.connected(ICEFixture.serverAddress)])
        XCTAssertEqual(link.liteEvents.map(\.1), [.nominated(ICEFixture.clientAddress)])
        // One consent check every 5 s (jitter disabled in the link): 60 after the first check.
        XCTAssertEqual(link.clientSendTimes.count, 61)
        XCTAssertEqual(link.clientSendTimes.last.map { $0 - t0 }, .seconds(300))
        XCTAssertEqual(link.lite.pollTimeout(), t0 + .seconds(330))
    }

    func testConsentJitterStaysWithinBounds() {
        var link = ICELink(start: t0, clientConfiguration: .init())
        link.run(until: t0 + .seconds(120))
        let gaps = zip(link.clientSendTimes.dropFirst(), link.clientSendTimes.dropFirst(2)).map { $1 - $0 }
        XCTAssertFalse(gaps.isEmpty)
        for gap in gaps { XCTAssertTrue((Duration.seconds(4)...Duration.seconds(6)).contains(gap), "\(gap)") }
        XCTAssertEqual(link.liteEvents.map(\.1), [.nominated(ICEFixture.clientAddress)])
    }

    func testBothSidesDetectLostConsentWhenTheLinkDies() {
        var link = ICELink(start: t0)
        link.run(until: t0 + .seconds(1))
        link.dropClientToServer = .max
        link.run(until: t0 + .seconds(60))
        XCTAssertEqual(link.liteEvents.map(\.1), [.nominated(ICEFixture.clientAddress), .consentExpired])
        XCTAssertEqual(link.liteEvents.last?.0, t0 + .seconds(30), "30 s after the last check (at t0)")
        XCTAssertEqual(link.clientEvents.map(\.1), [.connected(ICEFixture.serverAddress), .consentExpired])
        XCTAssertEqual(link.clientEvents.last?.0, t0 + .seconds(30), "30 s after the last response (at t0)")
    }

    func testAddressChangeIsFollowedByTheLiteAgentOnRenomination() throws {
        var link = ICELink(start: t0)
        link.run(until: t0 + .seconds(1))
        // The client's NAT binding changes: its consent checks now arrive from a new address.
        link.clientAddress = ICEFixture.movedClientAddress
        link.run(until: t0 + .seconds(6))
        XCTAssertEqual(link.liteEvents.map(\.1), [.nominated(ICEFixture.clientAddress)], "plain checks do not move the selection")
        // The controlling side re-nominates from the new address (what a browser does after a network change).
        let outputs = link.lite.handle(stunBytes: ICEFixture.request(), from: ICEFixture.movedClientAddress, now: t0 + .seconds(7))
        XCTAssertEqual(outputs.events, [.selectedAddressChanged(from: ICEFixture.clientAddress, to: ICEFixture.movedClientAddress)])
        XCTAssertEqual(try outputs.onlyResponse().xorMappedAddress, ICEFixture.movedClientAddress)
        link.run(until: t0 + .seconds(120))
        XCTAssertEqual(link.lite.state, .nominated(selected: ICEFixture.movedClientAddress), "consent continues on the new address")
        XCTAssertEqual(link.client.state, .connected)
    }

    func testClientIgnoresForgedOrStrayResponses() throws {
        var client = ICEClientAgent(localCredentials: ICEFixture.client, remoteCredentials: ICEFixture.server,
                                    remoteAddress: ICEFixture.serverAddress, now: t0)
        let request = try client.handleTimeout(now: t0).onlyResponse()
        func response(transactionID: STUNTransactionID, password: String, fingerprint: Bool = true) -> [UInt8] {
            STUNMessage(type: .bindingSuccess, transactionID: transactionID, attributes: [.xorMappedAddress(ICEFixture.clientAddress)])
                .serialize(messageIntegrityKey: Array(password.utf8), fingerprint: fingerprint)
        }
        let forged = [
            (response(transactionID: .random(), password: ICEFixture.server.password), ICEFixture.serverAddress),
            (response(transactionID: request.transactionID, password: "wrongwrongwrongwrongwrong"), ICEFixture.serverAddress),
            (response(transactionID: request.transactionID, password: ICEFixture.server.password, fingerprint: false), ICEFixture.serverAddress),
            (response(transactionID: request.transactionID, password: ICEFixture.server.password), ICEFixture.movedClientAddress),
        ]
        for (bytes, source) in forged {
            XCTAssertEqual(client.handle(stunBytes: bytes, from: source, now: t0 + .milliseconds(10)), [])
        }
        XCTAssertEqual(client.state, .checking)
        let good = response(transactionID: request.transactionID, password: ICEFixture.server.password)
        XCTAssertEqual(client.handle(stunBytes: good, from: ICEFixture.serverAddress, now: t0 + .milliseconds(10)),
                       [.connected(ICEFixture.serverAddress)])
        XCTAssertEqual(client.handle(stunBytes: good, from: ICEFixture.serverAddress, now: t0 + .milliseconds(11)), [],
                       "a duplicate response is harmless")
    }

    func testClientAnswersChecksSentToIt() throws {
        var client = ICEClientAgent(localCredentials: ICEFixture.client, remoteCredentials: ICEFixture.server,
                                    remoteAddress: ICEFixture.serverAddress,
                                    configuration: .init(tieBreaker: 100), now: t0)
        func check(controlling: UInt64?) -> [UInt8] {
            var attributes: [STUNAttribute] = [.username("cliU:srvU"), .priority(1)]
            if let controlling { attributes.append(.iceControlling(controlling)) } else { attributes.append(.iceControlled(7)) }
            return STUNMessage(type: .bindingRequest, attributes: attributes)
                .serialize(messageIntegrityKey: Array(ICEFixture.client.password.utf8), fingerprint: true)
        }
        XCTAssertEqual(client.handleTimeout(now: t0).transmitted.count, 1, "its own first check")
        let success = try client.handle(stunBytes: check(controlling: nil), from: ICEFixture.serverAddress, now: t0).onlyResponse()
        XCTAssertEqual(success.type, .bindingSuccess)
        XCTAssertEqual(success.xorMappedAddress, ICEFixture.serverAddress)
        XCTAssertTrue(success.verifyMessageIntegrity(password: ICEFixture.client.password))
        // Both controlling: the larger tie-breaker wins; ours (100) beats 99 → 487, loses to 101 → success.
        XCTAssertEqual(try client.handle(stunBytes: check(controlling: 99), from: ICEFixture.serverAddress, now: t0)
            .onlyResponse().errorCode, .roleConflict)
        XCTAssertEqual(try client.handle(stunBytes: check(controlling: 101), from: ICEFixture.serverAddress, now: t0)
            .onlyResponse().type, .bindingSuccess)
    }
}
