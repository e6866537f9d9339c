import STUN
import XCTest

/// Message type encoding, attribute round trips and built-message verification.
final class STUNMessageBuildTests: XCTestCase {
    func testMessageTypeEncoding() {
        let table: [(STUNMessageType, UInt16)] = [
            (.bindingRequest, 0x0001), (.bindingIndication, 0x0011), (.bindingSuccess, 0x0101), (.bindingError, 0x0111),
            (STUNMessageType(method: STUNMethod(rawValue: 0x003)!, messageClass: .request), 0x0003),  // TURN Allocate
            (STUNMessageType(method: STUNMethod(rawValue: 0xFFF)!, messageClass: .errorResponse), 0x3FFF),
            (STUNMessageType(method: STUNMethod(rawValue: 0x080)!, messageClass: .successResponse), 0x0300),
        ]
        for (type, raw) in table {
            XCTAssertEqual(type.rawValue, raw, "\(type)")
            XCTAssertEqual(STUNMessageType(rawValue: raw), type)
        }
        XCTAssertNil(STUNMessageType(rawValue: 0x4001))
        XCTAssertNil(STUNMethod(rawValue: 0x1000))
    }

    func testEveryAttributeRoundTrips() throws {
        let attributes: [STUNAttribute] = [
            .mappedAddress(TransportAddress("10.0.0.1:9")!),
            .xorMappedAddress(TransportAddress("[fe80::1]:4000")!),
            .xorMappedAddress(TransportAddress("203.0.113.7:65535")!),
            .username("abcd:efgh"),
            .errorCode(.roleConflict),
            .errorCode(STUNErrorCode(code: 699, reason: "")!),
            .unknownAttributes([0x7F01, 0x0002, 0x0003]),
            .realm("example.org"), .nonce("n"),
            .software("Parley"),
            .priority(0x7E00_01FF),
            .useCandidate,
            .iceControlled(1), .iceControlling(UInt64.max),
            .other(type: 0xC001, value: [1, 2, 3, 4, 5]),
        ]
        let built = STUNMessage(type: .bindingError, attributes: attributes)
        let bytes = built.serialize(messageIntegrityKey: Array("pass".utf8), fingerprint: true)
        XCTAssertEqual(bytes.count % 4, 0)
        XCTAssertTrue(STUNMessage.looksLikeSTUN(bytes))
        let parsed = try STUNMessage(parsing: bytes)
        XCTAssertEqual(Array(parsed.attributes.dropLast(2)), attributes)
        XCTAssertTrue(parsed.verifyMessageIntegrity(password: "pass"))
        XCTAssertFalse(parsed.verifyMessageIntegrity(password: "Pass"))
        XCTAssertTrue(parsed.verifyFingerprint())
        XCTAssertEqual(parsed.errorCode, .roleConflict)
        XCTAssertEqual(parsed.iceControlling, UInt64.max)
        XCTAssertTrue(parsed.hasUseCandidate)
    }

    func testBuiltMessageCanBeVerifiedWithoutReparsing() throws {
        let bytes = STUNMessage(type: .bindingRequest, attributes: [.username("a:b")])
            .serialize(messageIntegrityKey: Array("secret".utf8), fingerprint: true)
        let parsed = try STUNMessage(parsing: bytes)
        // Copy the parsed attributes into a fresh value: verification falls back to serialising it.
        let copy = STUNMessage(type: parsed.type, transactionID: parsed.transactionID, attributes: parsed.attributes)
        XCTAssertEqual(copy, parsed)
        XCTAssertTrue(copy.verifyMessageIntegrity(password: "secret"))
        XCTAssertTrue(copy.verifyFingerprint())
    }

    func testMessageIntegritySHA256IsParsedAndVerified() throws {
        // HMAC-SHA256 under "key" of the header (length pointing past the attribute) and USERNAME "u:v",
        // computed independently with Python's hmac module.
        let key = Array("key".utf8)
        let transactionID = STUNTransactionID(bytes: RFC5769.transactionID)!
        var bytes = STUNMessage(type: .bindingRequest, transactionID: transactionID, attributes: [.username("u:v")]).serialize()
        bytes[3] += 36
        let mac: [UInt8] = [
            0x3e, 0xd7, 0x4d, 0xf7, 0x3f, 0xba, 0x34, 0xc1, 0x3c, 0xc6, 0x42, 0xe2, 0x23, 0x22, 0x06, 0xb9,
            0x62, 0x5e, 0x9b, 0x50, 0xe1, 0xdd, 0xf4, 0x42, 0x84, 0xfb, 0x23, 0x9e, 0x2a, 0xed, 0xa0, 0x6d,
        ]
        bytes += [0x00, 0x1C, 0x00, 0x20] + mac
        let parsed = try STUNMessage(parsing: bytes)
        XCTAssertTrue(parsed.hasMessageIntegritySHA256)
        XCTAssertTrue(parsed.verifyMessageIntegritySHA256(key: key))
        XCTAssertFalse(parsed.verifyMessageIntegritySHA256(key: Array("kez".utf8)))
        XCTAssertFalse(parsed.verifyMessageIntegrity(key: key), "no SHA-1 MESSAGE-INTEGRITY present")
    }

    func testLooksLikeSTUNOnSlices() {
        let padded = [0xFF, 0xFF] + RFC5769.request
        XCTAssertTrue(STUNMessage.looksLikeSTUN(padded[2...]))
        XCTAssertFalse(STUNMessage.looksLikeSTUN(padded))
    }
}
