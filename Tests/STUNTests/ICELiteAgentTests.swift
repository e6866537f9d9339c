import ICELite
import STUN
import XCTest

/// The lite agent on its own, fed hand-made requests.
final class ICELiteAgentTests: XCTestCase {
    let t0 = ContinuousClock.now
    private func agent(remote: ICECredentials? = ICEFixture.client) -> ICELiteAgent {
        ICELiteAgent(localCredentials: ICEFixture.server, remoteCredentials: remote, now: t0)
    }

    func testValidNominatingCheckIsAnsweredAndNominates() throws {
        var lite = agent()
        let request = ICEFixture.request()
        let outputs = lite.handle(stunBytes: request, from: ICEFixture.clientAddress, now: t0)
        let response = try outputs.onlyResponse()
        XCTAssertEqual(outputs.transmitted.first?.to, ICEFixture.clientAddress)
        XCTAssertEqual(response.type, .bindingSuccess)
        XCTAssertEqual(response.transactionID, try STUNMessage(parsing: request).transactionID)
        XCTAssertEqual(response.xorMappedAddress, ICEFixture.clientAddress)
        XCTAssertTrue(response.verifyMessageIntegrity(password: ICEFixture.server.password))
        XCTAssertTrue(response.verifyFingerprint())
        XCTAssertEqual(outputs.events, [.nominated(ICEFixture.clientAddress)])
        XCTAssertEqual(lite.state, .nominated(selected: ICEFixture.clientAddress))
        XCTAssertEqual(lite.selectedAddress, ICEFixture.clientAddress)
    }

    func testCheckWithoutUseCandidateIsAnsweredButDoesNotNominate() throws {
        var lite = agent()
        let outputs = lite.handle(stunBytes: ICEFixture.request(useCandidate: false), from: ICEFixture.clientAddress, now: t0)
        XCTAssertEqual(try outputs.onlyResponse().type, .bindingSuccess)
        XCTAssertEqual(outputs.events, [])
        XCTAssertEqual(lite.state, .waiting)
    }

    func testWrongPasswordGets401WithoutIntegrityAndNoNomination() throws {
        var lite = agent()
        let outputs = lite.handle(stunBytes: ICEFixture.request(password: "wrongPassword0123456789x"),
                                  from: ICEFixture.clientAddress, now: t0)
        let response = try outputs.onlyResponse()
        XCTAssertEqual(response.type, .bindingError)
        XCTAssertEqual(response.errorCode?.code, 401)
        XCTAssertFalse(response.hasMessageIntegrity, "RFC 8489 §9.1.3: no MESSAGE-INTEGRITY on 401")
        XCTAssertTrue(response.verifyFingerprint())
        XCTAssertEqual(outputs.events, [])
        XCTAssertEqual(lite.state, .waiting)
    }

    func testWrongUsernameGets401() throws {
        for username in ["srvX:cliU", "srvU:cliX", "srvU", "srvU:", ":cliU", "cliU:srvU"] {
            var lite = agent()
            let outputs = lite.handle(stunBytes: ICEFixture.request(username: username), from: ICEFixture.clientAddress, now: t0)
            XCTAssertEqual(try outputs.onlyResponse().errorCode?.code, 401, username)
            XCTAssertEqual(lite.state, .waiting, username)
        }
    }

    func testUnknownRemoteUfragAcceptsAnySenderUntilSet() throws {
        var lite = agent(remote: nil)
        var outputs = lite.handle(stunBytes: ICEFixture.request(username: "srvU:whoever", useCandidate: false),
                                  from: ICEFixture.clientAddress, now: t0)
        XCTAssertEqual(try outputs.onlyResponse().type, .bindingSuccess)
        lite.setRemoteCredentials(ICEFixture.client)
        outputs = lite.handle(stunBytes: ICEFixture.request(username: "srvU:whoever"), from: ICEFixture.clientAddress, now: t0)
        XCTAssertEqual(try outputs.onlyResponse().errorCode?.code, 401)
        outputs = lite.handle(stunBytes: ICEFixture.request(username: "srvU:cliU"), from: ICEFixture.clientAddress, now: t0)
        XCTAssertEqual(try outputs.onlyResponse().type, .bindingSuccess)
    }

    func testMissingUsernameOrIntegrityGets400() throws {
        for request in [ICEFixture.request(username: nil), ICEFixture.request(password: nil)] {
            var lite = agent()
            let outputs = lite.handle(stunBytes: request, from: ICEFixture.clientAddress, now: t0)
            let response = try outputs.onlyResponse()
            XCTAssertEqual(response.errorCode, .badRequest)
            XCTAssertFalse(response.hasMessageIntegrity)
            XCTAssertTrue(response.verifyFingerprint())
            XCTAssertEqual(lite.state, .waiting)
        }
    }

    func testRequestWithoutOrWithWrongFingerprintIsDropped() {
        var lite = agent()
        XCTAssertEqual(lite.handle(stunBytes: ICEFixture.request(fingerprint: false), from: ICEFixture.clientAddress, now: t0), [])
        var corrupted = ICEFixture.request()
        corrupted[corrupted.count - 1] ^= 0xFF
        XCTAssertEqual(lite.handle(stunBytes: corrupted, from: ICEFixture.clientAddress, now: t0), [])
        // Not STUN at all, and a STUN response: dropped too.
        XCTAssertEqual(lite.handle(stunBytes: [0x16, 0xFE, 0xFD], from: ICEFixture.clientAddress, now: t0), [])
        let response = STUNMessage(type: .bindingSuccess).serialize(fingerprint: true)
        XCTAssertEqual(lite.handle(stunBytes: response, from: ICEFixture.clientAddress, now: t0), [])
        XCTAssertEqual(lite.state, .waiting)
    }

    func testRoleConflictPeerClaimsControlledGets487() throws {
        for tieBreaker: UInt64 in [0, 1, .max] {
            var lite = agent()
            let outputs = lite.handle(stunBytes: ICEFixture.request(controlled: tieBreaker, controlling: nil),
                                      from: ICEFixture.clientAddress, now: t0)
            let response = try outputs.onlyResponse()
            XCTAssertEqual(response.errorCode, .roleConflict)
            XCTAssertTrue(response.verifyMessageIntegrity(password: ICEFixture.server.password), "authenticated error is signed")
            XCTAssertTrue(response.verifyFingerprint())
            XCTAssertEqual(outputs.events, [], "no nomination despite USE-CANDIDATE")
            XCTAssertEqual(lite.state, .waiting)
        }
    }

    func testPeerClaimingControllingIsNoConflict() throws {
        var lite = agent()
        let outputs = lite.handle(stunBytes: ICEFixture.request(controlling: .max), from: ICEFixture.clientAddress, now: t0)
        XCTAssertEqual(try outputs.onlyResponse().type, .bindingSuccess)
    }

    func testUnknownComprehensionRequiredAttributeGets420() throws {
        var lite = agent()
        let request = ICEFixture.request(extra: [.other(type: 0x7F33, value: [1]), .other(type: 0xC057, value: [0, 1, 0, 10])])
        let outputs = lite.handle(stunBytes: request, from: ICEFixture.clientAddress, now: t0)
        let response = try outputs.onlyResponse()
        XCTAssertEqual(response.errorCode, .unknownAttribute)
        XCTAssertEqual(response.attribute(.unknownAttributes), .unknownAttributes([0x7F33]))
        XCTAssertTrue(response.verifyMessageIntegrity(password: ICEFixture.server.password))
        XCTAssertEqual(lite.state, .waiting)
    }

    func testAddressChangeOnlyFollowsNominatedChecks() throws {
        var lite = agent()
        _ = lite.handle(stunBytes: ICEFixture.request(), from: ICEFixture.clientAddress, now: t0)
        // A plain check from elsewhere is answered but does not move the selection.
        var outputs = lite.handle(stunBytes: ICEFixture.request(useCandidate: false), from: ICEFixture.movedClientAddress,
                                  now: t0 + .seconds(1))
        XCTAssertEqual(try outputs.onlyResponse().xorMappedAddress, ICEFixture.movedClientAddress)
        XCTAssertEqual(outputs.events, [])
        XCTAssertEqual(lite.selectedAddress, ICEFixture.clientAddress)
        // A nominated one does.
        outputs = lite.handle(stunBytes: ICEFixture.request(), from: ICEFixture.movedClientAddress, now: t0 + .seconds(2))
        XCTAssertEqual(outputs.events, [.selectedAddressChanged(from: ICEFixture.clientAddress, to: ICEFixture.movedClientAddress)])
        XCTAssertEqual(lite.selectedAddress, ICEFixture.movedClientAddress)
        // Re-nominating the same address again is not a change.
        outputs = lite.handle(stunBytes: ICEFixture.request(), from: ICEFixture.movedClientAddress, now: t0 + .seconds(3))
        XCTAssertEqual(outputs.events, [])
        // Consent now follows the new address: checks from the old one do not refresh it.
        outputs = lite.handle(stunBytes: ICEFixture.request(useCandidate: false), from: ICEFixture.clientAddress, now: t0 + .seconds(20))
        XCTAssertEqual(lite.pollTimeout(), t0 + .seconds(33))
    }

    func testConsentExpiresExactlyThirtySecondsAfterLastCheck() {
        var lite = agent()
        _ = lite.handle(stunBytes: ICEFixture.request(), from: ICEFixture.clientAddress, now: t0)
        XCTAssertEqual(lite.pollTimeout(), t0 + .seconds(30))
        XCTAssertEqual(lite.handleTimeout(now: t0 + .seconds(30) - .nanoseconds(1)), [])
        XCTAssertEqual(lite.handleTimeout(now: t0 + .seconds(30)), [.consentExpired])
        XCTAssertEqual(lite.state, .consentExpired)
        XCTAssertTrue(lite.isFinished)
        XCTAssertNil(lite.pollTimeout())
        XCTAssertEqual(lite.handleTimeout(now: t0 + .seconds(31)), [])
        XCTAssertEqual(lite.handle(stunBytes: ICEFixture.request(), from: ICEFixture.clientAddress, now: t0 + .seconds(31)), [],
                       "a finished agent ignores checks")
    }

    func testChecksFromTheSelectedAddressKeepConsent() {
        var lite = agent()
        _ = lite.handle(stunBytes: ICEFixture.request(), from: ICEFixture.clientAddress, now: t0)
        for second in stride(from: 5, through: 300, by: 5) {
            let now = t0 + .seconds(second)
            XCTAssertEqual(lite.handleTimeout(now: now), [])
            XCTAssertEqual(lite.handle(stunBytes: ICEFixture.request(useCandidate: false), from: ICEFixture.clientAddress, now: now).events, [])
        }
        XCTAssertEqual(lite.pollTimeout(), t0 + .seconds(330))
        XCTAssertEqual(lite.state, .nominated(selected: ICEFixture.clientAddress))
    }

    func testConsentTimeoutIsConfigurable() {
        var lite = ICELiteAgent(localCredentials: ICEFixture.server, configuration: .init(consentTimeout: .seconds(10)), now: t0)
        _ = lite.handle(stunBytes: ICEFixture.request(), from: ICEFixture.clientAddress, now: t0 + .seconds(1))
        XCTAssertEqual(lite.pollTimeout(), t0 + .seconds(11))
        // A late packet discovers the expiry itself even if the timer was not run.
        let outputs = lite.handle(stunBytes: ICEFixture.request(), from: ICEFixture.clientAddress, now: t0 + .seconds(12))
        XCTAssertEqual(outputs, [.consentExpired])
    }

    func testFailsWhenNothingNominatedBeforeDeadline() {
        var lite = ICELiteAgent(localCredentials: ICEFixture.server, configuration: .init(connectTimeout: .seconds(15)), now: t0)
        // Un-nominated checks do not count.
        _ = lite.handle(stunBytes: ICEFixture.request(useCandidate: false), from: ICEFixture.clientAddress, now: t0 + .seconds(1))
        XCTAssertEqual(lite.pollTimeout(), t0 + .seconds(15))
        XCTAssertEqual(lite.handleTimeout(now: t0 + .seconds(14)), [])
        XCTAssertEqual(lite.handleTimeout(now: t0 + .seconds(15)), [.failed])
        XCTAssertEqual(lite.state, .failed)
        XCTAssertNil(lite.pollTimeout())
    }

    func testParseUsernameWithoutASession() throws {
        let request = ICEFixture.request(username: "srvU:cliU")
        XCTAssertEqual(ICELiteAgent.parseUsername(stunBytes: request), ICEUsername(localUfrag: "srvU", remoteUfrag: "cliU"))
        XCTAssertEqual(ICELiteAgent.parseUsername(try STUNMessage(parsing: request))?.localUfrag, "srvU")
        XCTAssertNil(ICELiteAgent.parseUsername(stunBytes: ICEFixture.request(username: nil)))
        XCTAssertNil(ICELiteAgent.parseUsername(stunBytes: [1, 2, 3]))
        XCTAssertNil(ICELiteAgent.parseUsername(stunBytes: RFC5769.ipv4Response), "not a request")
        XCTAssertEqual(ICELiteAgent.parseUsername(stunBytes: RFC5769.request)?.remoteUfrag, "h6vY")
        XCTAssertEqual(ICELiteAgent.parseUsername("a:b:c"), ICEUsername(localUfrag: "a", remoteUfrag: "b:c"))
        for bad in ["", ":", "ab", "ab:", ":ab"] { XCTAssertNil(ICELiteAgent.parseUsername(bad), bad) }
    }

    func testRandomCredentialsFollowRFC8839() {
        let credentials = ICECredentials.random()
        XCTAssertTrue(credentials.isValid)
        XCTAssertGreaterThanOrEqual(credentials.ufrag.count, 4)
        XCTAssertGreaterThanOrEqual(credentials.password.count, 22)
        XCTAssertNotEqual(credentials, ICECredentials.random())
        XCTAssertFalse(ICECredentials(ufrag: "abc", password: String(repeating: "a", count: 22)).isValid)
        XCTAssertFalse(ICECredentials(ufrag: "ab:c", password: String(repeating: "a", count: 22)).isValid)
        XCTAssertFalse("\(credentials)".contains(credentials.password))
        let agent = ICELiteAgent(now: t0)
        XCTAssertTrue(agent.localCredentials.isValid)
    }
}
