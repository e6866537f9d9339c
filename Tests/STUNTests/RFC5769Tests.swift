import STUN
import XCTest

/// RFC 5769 test vectors: parse, verify MESSAGE-INTEGRITY and FINGERPRINT, re-serialise bit-exactly.
final class RFC5769Tests: XCTestCase {
    private var key: [UInt8] { Array(RFC5769.shortTermPassword.utf8) }
    private var transactionID: STUNTransactionID { STUNTransactionID(bytes: RFC5769.transactionID)! }

    func testSampleRequestParses() throws {
        let message = try STUNMessage(parsing: RFC5769.request)
        XCTAssertEqual(message.type, .bindingRequest)
        XCTAssertEqual(message.transactionID, transactionID)
        XCTAssertEqual(message.software, "STUN test client")
        XCTAssertEqual(message.priority, 0x6e00_01ff)
        XCTAssertEqual(message.iceControlled, 0x932f_f9b1_5126_3b36)
        XCTAssertNil(message.iceControlling)
        XCTAssertFalse(message.hasUseCandidate)
        XCTAssertEqual(message.username, "evtj:h6vY")
        XCTAssertEqual(message.attributes.map(\.type), [.software, .priority, .iceControlled, .username, .messageIntegrity, .fingerprint])
        XCTAssertEqual(message.unknownComprehensionRequiredAttributes, [])
    }

    func testSampleRequestIntegrityAndFingerprint() throws {
        let message = try STUNMessage(parsing: RFC5769.request)
        XCTAssertTrue(message.verifyFingerprint())
        XCTAssertTrue(message.verifyMessageIntegrity(key: key))
        XCTAssertTrue(message.verifyMessageIntegrity(password: RFC5769.shortTermPassword))
        XCTAssertFalse(message.verifyMessageIntegrity(password: "VOkJxbRl1RmTxUk/WvJxBu"))
        XCTAssertFalse(message.verifyMessageIntegritySHA256(key: key), "no MESSAGE-INTEGRITY-SHA256 present")
    }

    func testSampleRequestReserialisesBitExactly() {
        let message = STUNMessage(type: .bindingRequest, transactionID: transactionID, attributes: [
            .software("STUN test client"), .priority(0x6e00_01ff), .iceControlled(0x932f_f9b1_5126_3b36), .username("evtj:h6vY"),
        ])
        XCTAssertEqual(message.serialize(messageIntegrityKey: key, fingerprint: true, paddingByte: 0x20), RFC5769.request)
    }

    func testIPv4ResponseParsesVerifiesAndReserialises() throws {
        let message = try STUNMessage(parsing: RFC5769.ipv4Response)
        XCTAssertEqual(message.type, .bindingSuccess)
        XCTAssertEqual(message.software, "test vector")
        XCTAssertEqual(message.xorMappedAddress, TransportAddress(host: "192.0.2.1", port: 32853))
        XCTAssertEqual(message.xorMappedAddress?.description, "192.0.2.1:32853")
        XCTAssertTrue(message.verifyFingerprint())
        XCTAssertTrue(message.verifyMessageIntegrity(key: key))

        let built = STUNMessage(type: .bindingSuccess, transactionID: transactionID, attributes: [
            .software("test vector"), .xorMappedAddress(TransportAddress(host: "192.0.2.1", port: 32853)!),
        ])
        XCTAssertEqual(built.serialize(messageIntegrityKey: key, fingerprint: true, paddingByte: 0x20), RFC5769.ipv4Response)
    }

    func testIPv6ResponseParsesVerifiesAndReserialises() throws {
        let message = try STUNMessage(parsing: RFC5769.ipv6Response)
        let expected = TransportAddress(host: "2001:db8:1234:5678:11:2233:4455:6677", port: 32853)!
        XCTAssertEqual(message.type, .bindingSuccess)
        XCTAssertEqual(message.xorMappedAddress, expected)
        XCTAssertEqual(expected.description, "[2001:db8:1234:5678:11:2233:4455:6677]:32853")
        XCTAssertTrue(message.verifyFingerprint())
        XCTAssertTrue(message.verifyMessageIntegrity(key: key))

        let built = STUNMessage(type: .bindingSuccess, transactionID: transactionID,
                                attributes: [.software("test vector"), .xorMappedAddress(expected)])
        XCTAssertEqual(built.serialize(messageIntegrityKey: key, fingerprint: true, paddingByte: 0x20), RFC5769.ipv6Response)
    }

    func testLongTermRequestParses() throws {
        let message = try STUNMessage(parsing: RFC5769.longTermRequest)
        XCTAssertEqual(message.type, .bindingRequest)
        XCTAssertEqual(message.transactionID.bytes, [0x78, 0xad, 0x34, 0x33, 0xc6, 0xad, 0x72, 0xc0, 0x29, 0xda, 0x41, 0x2e])
        XCTAssertEqual(message.username, "\u{30DE}\u{30C8}\u{30EA}\u{30C3}\u{30AF}\u{30B9}")
        XCTAssertEqual(message.attributes[1], .nonce("f//499k954d6OL34oL9FSTvy64sA"))
        XCTAssertEqual(message.attributes[2], .realm("example.org"))
        XCTAssertEqual(message.attributes.map(\.type), [.username, .nonce, .realm, .messageIntegrity])
        XCTAssertTrue(message.hasMessageIntegrity)
        XCTAssertFalse(message.hasFingerprint)
        XCTAssertFalse(message.verifyFingerprint(), "the vector has no FINGERPRINT")
        // The long-term key is MD5(username:realm:password), not the short-term password.
        XCTAssertFalse(message.verifyMessageIntegrity(password: "TheMatrIX"))
        // Re-serialising the parsed attributes as they stand reproduces the bytes (zero padding).
        XCTAssertEqual(message.serialize(), RFC5769.longTermRequest)
    }

    func testParsedVectorsRoundTripWithTheirOwnPadding() throws {
        for vector in [RFC5769.request, RFC5769.ipv4Response, RFC5769.ipv6Response] {
            let message = try STUNMessage(parsing: vector)
            XCTAssertEqual(message.serialize(paddingByte: 0x20), vector)
            XCTAssertTrue(STUNMessage.looksLikeSTUN(vector))
        }
    }

    func testTamperedMessageFailsIntegrityAndFingerprint() throws {
        var bytes = RFC5769.request
        bytes[30] ^= 0x01  // inside SOFTWARE
        let message = try STUNMessage(parsing: bytes)
        XCTAssertFalse(message.verifyMessageIntegrity(key: key))
        XCTAssertFalse(message.verifyFingerprint())

        var badMAC = RFC5769.ipv4Response
        badMAC[60] ^= 0x80  // inside the HMAC
        let tampered = try STUNMessage(parsing: badMAC)
        XCTAssertFalse(tampered.verifyMessageIntegrity(key: key))
        XCTAssertFalse(tampered.verifyFingerprint(), "FINGERPRINT covers the HMAC too")
    }

    func testCRC32CheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
    }
}
