import STUN
import XCTest

/// Malformed STUN input must throw a descriptive error, never trap.
final class STUNMalformedTests: XCTestCase {
    /// A Binding request header for `body`, with the length field set to `length` (default: body length).
    private func message(_ body: [UInt8], length: Int? = nil, type: [UInt8] = [0x00, 0x01]) -> [UInt8] {
        let length = length ?? body.count
        return type + [UInt8(length >> 8), UInt8(length & 0xFF), 0x21, 0x12, 0xA4, 0x42] + RFC5769.transactionID + body
    }

    private func assertThrows(_ bytes: [UInt8], _ expected: STUNParseError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try STUNMessage(parsing: bytes), file: file, line: line) { error in
            XCTAssertEqual(error as? STUNParseError, expected, file: file, line: line)
            XCTAssertFalse("\(error)".isEmpty, file: file, line: line)
        }
    }

    func testTruncatedHeader() {
        for count in [0, 1, 19] {
            assertThrows(Array(RFC5769.request.prefix(count)), .truncatedHeader(byteCount: count))
            XCTAssertFalse(STUNMessage.looksLikeSTUN(Array(RFC5769.request.prefix(count))))
        }
    }

    func testTopBitsSet() {
        var bytes = message([])
        bytes[0] = 0x80  // an RTP/DTLS-looking first byte
        assertThrows(bytes, .notSTUN(firstByte: 0x80))
        XCTAssertFalse(STUNMessage.looksLikeSTUN(bytes))
    }

    func testBadMagicCookie() {
        var bytes = message([])
        bytes[7] = 0x43
        assertThrows(bytes, .badMagicCookie(0x2112_A443))
        XCTAssertFalse(STUNMessage.looksLikeSTUN(bytes))
    }

    func testLengthNotMultipleOfFour() {
        let bytes = message([0x80, 0x22, 0x00, 0x01, 0x41, 0, 0], length: 7)
        assertThrows(bytes, .lengthNotMultipleOfFour(7))
        XCTAssertFalse(STUNMessage.looksLikeSTUN(bytes))
    }

    func testLengthDisagreesWithDatagram() {
        assertThrows(message([0, 0, 0, 0], length: 8), .lengthMismatch(declared: 8, actual: 4))
        assertThrows(Array(RFC5769.request.dropLast(4)), .lengthMismatch(declared: 0x58, actual: 0x54))
        XCTAssertFalse(STUNMessage.looksLikeSTUN(Array(RFC5769.request.dropLast(4))))
    }

    func testAttributeOverrunsMessage() {
        // USERNAME claims 12 bytes but only 8 follow.
        assertThrows(message([0x00, 0x06, 0x00, 0x0C, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68]),
                     .attributeOverrun(type: 0x0006, offset: 20))
        // SOFTWARE of 5 bytes whose padding would run past the end.
        assertThrows(message([0x80, 0x22, 0x00, 0x05, 0x61, 0x62, 0x63, 0x64]),
                     .attributeOverrun(type: 0x8022, offset: 20))
    }

    func testXorMappedAddressWithBadFamilyOrLength() {
        assertThrows(message([0x00, 0x20, 0x00, 0x08, 0x00, 0x03, 0xA1, 0x47, 0xE1, 0x12, 0xA6, 0x43]),
                     .invalidAttribute(type: 0x0020, reason: "unknown address family 0x3"))
        // IPv6 family with an IPv4-sized address.
        assertThrows(message([0x00, 0x20, 0x00, 0x08, 0x00, 0x02, 0xA1, 0x47, 0xE1, 0x12, 0xA6, 0x43]),
                     .invalidAttribute(type: 0x0020, reason: "length 8 does not fit family ipv6"))
        // Too short for even the family and port.
        assertThrows(message([0x00, 0x20, 0x00, 0x02, 0x00, 0x01, 0, 0]),
                     .invalidAttribute(type: 0x0020, reason: "address shorter than 4 bytes"))
    }

    func testFixedLengthAttributesWithWrongLength() {
        XCTAssertThrowsError(try STUNMessage(parsing: message([0x00, 0x24, 0x00, 0x02, 0x00, 0x01, 0, 0])))  // PRIORITY
        XCTAssertThrowsError(try STUNMessage(parsing: message([0x80, 0x29, 0x00, 0x04, 1, 2, 3, 4])))  // ICE-CONTROLLED
        XCTAssertThrowsError(try STUNMessage(parsing: message([0x00, 0x25, 0x00, 0x04, 1, 2, 3, 4])))  // USE-CANDIDATE
        XCTAssertThrowsError(try STUNMessage(parsing: message([0x00, 0x08, 0x00, 0x04, 1, 2, 3, 4])))  // MESSAGE-INTEGRITY
        XCTAssertThrowsError(try STUNMessage(parsing: message([0x00, 0x09, 0x00, 0x04, 0, 0, 7, 1])))  // ERROR-CODE class 7
        XCTAssertThrowsError(try STUNMessage(parsing: message([0x00, 0x06, 0x00, 0x02, 0xC3, 0x28, 0, 0])))  // USERNAME not UTF-8
    }

    func testFingerprintNotLast() {
        var body: [UInt8] = [0x80, 0x28, 0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF]
        body += [0x80, 0x22, 0x00, 0x04, 0x61, 0x62, 0x63, 0x64]
        assertThrows(message(body), .fingerprintNotLast)
    }

    func testOversizedMessage() {
        // A well-formed message with one large unknown attribute: rejected by size alone.
        let value = [UInt8](repeating: 0x41, count: 4096)
        let bytes = message([0x80, 0x77, 0x10, 0x00] + value)
        assertThrows(bytes, .tooLarge(byteCount: bytes.count, limit: STUNMessage.defaultMaximumSize))
        XCTAssertNoThrow(try STUNMessage(parsing: bytes, maximumSize: 65_535 + 20))
    }

    func testAttributesAfterMessageIntegrityAreIgnored() throws {
        var bytes = RFC5769.ipv4Response
        // Insert a SOFTWARE attribute between MESSAGE-INTEGRITY and FINGERPRINT (fingerprint now wrong; still parses).
        let fingerprintStart = bytes.count - 8
        bytes.insert(contentsOf: [0x80, 0x22, 0x00, 0x04, 0x61, 0x62, 0x63, 0x64], at: fingerprintStart)
        bytes[3] += 8
        let message = try STUNMessage(parsing: bytes)
        XCTAssertEqual(message.attributes.map(\.type), [.software, .xorMappedAddress, .messageIntegrity, .fingerprint])
        XCTAssertTrue(message.verifyMessageIntegrity(password: RFC5769.shortTermPassword), "MI covers only what precedes it")
        XCTAssertFalse(message.verifyFingerprint())
    }

    func testUnknownAttributesAreKeptAndComprehensionRequiredOnesReported() throws {
        let bytes = message([0x7F, 0x01, 0x00, 0x01, 0xAA, 0, 0, 0,   // comprehension-required unknown
                             0xC0, 0x57, 0x00, 0x04, 0x00, 0x01, 0x00, 0x0A,  // comprehension-optional (GOOG-NETWORK-INFO)
                             0x7F, 0x01, 0x00, 0x00])  // repeated type
        let parsed = try STUNMessage(parsing: bytes)
        XCTAssertEqual(parsed.attributes[0], .other(type: 0x7F01, value: [0xAA]))
        XCTAssertEqual(parsed.attributes[1], .other(type: 0xC057, value: [0x00, 0x01, 0x00, 0x0A]))
        XCTAssertEqual(parsed.unknownComprehensionRequiredAttributes, [0x7F01])
        XCTAssertEqual(parsed.serialize(), bytes)
    }

    func testEmptyMessageParses() throws {
        let parsed = try STUNMessage(parsing: message([], type: [0x00, 0x11]))
        XCTAssertEqual(parsed.type, .bindingIndication)
        XCTAssertTrue(parsed.attributes.isEmpty)
        XCTAssertFalse(parsed.verifyFingerprint())
        XCTAssertFalse(parsed.verifyMessageIntegrity(key: [1, 2, 3]))
    }
}
