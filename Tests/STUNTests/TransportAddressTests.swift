import STUN
import XCTest

final class TransportAddressTests: XCTestCase {
    func testTextRoundTrips() {
        let table: [(String, String)] = [
            ("1.2.3.4:5", "1.2.3.4:5"),
            ("[::1]:5", "[::1]:5"),
            ("[::]:0", "[::]:0"),
            ("[2001:DB8:0:0:1:0:0:1]:443", "[2001:db8::1:0:0:1]:443"),  // RFC 5952: first longest run
            ("[2001:db8:0:0:0:0:2:1]:1", "[2001:db8::2:1]:1"),
            ("[2001:db8:0:1:1:1:1:1]:1", "[2001:db8:0:1:1:1:1:1]:1"),  // a single zero group is not compressed
            ("[::ffff:192.0.2.1]:80", "[::ffff:c000:201]:80"),
            ("255.255.255.255:65535", "255.255.255.255:65535"),
        ]
        for (input, expected) in table {
            guard let address = TransportAddress(input) else { return XCTFail("\(input) did not parse") }
            XCTAssertEqual(address.description, expected)
            XCTAssertEqual(TransportAddress(address.description), address)
        }
    }

    func testRejectsMalformedText() {
        for input in ["1.2.3:5", "1.2.3.4", "1.2.3.256:5", "1.2.3.4:65536", "1.2.3.4:-1", "[::1]", "::1:5", "[1::2::3]:5",
                      "[12345::]:5", "[fe80::1%eth0]:5", "[1:2:3:4:5:6:7:8:9]:5", "[::g]:1", "example.com:80", "", "[:::]:1"] {
            XCTAssertNil(TransportAddress(input), input)
        }
    }

    func testHostAndBytes() {
        let v4 = TransportAddress(host: "192.0.2.1", port: 32853)!
        XCTAssertEqual(v4.family, .ipv4)
        XCTAssertEqual(v4.ipBytes, [192, 0, 2, 1])
        XCTAssertEqual(v4.ipv4Value, 0xC000_0201)
        XCTAssertEqual(v4, TransportAddress(ipv4: 0xC000_0201, port: 32853))
        XCTAssertEqual(TransportAddress(host: "[::1]", port: 9)?.ipBytes, [UInt8](repeating: 0, count: 15) + [1])
        XCTAssertNil(TransportAddress(ipBytes: [1, 2, 3], port: 1))
        XCTAssertNotEqual(TransportAddress("1.2.3.4:5"), TransportAddress("1.2.3.4:6"))
        XCTAssertNotEqual(TransportAddress("0.0.0.1:5"), TransportAddress("[::1]:5"))
    }

    func testUnmappingIPv4() {
        XCTAssertEqual(TransportAddress("[::ffff:10.1.2.3]:7")!.unmappingIPv4, TransportAddress("10.1.2.3:7"))
        XCTAssertEqual(TransportAddress("[::1]:7")!.unmappingIPv4, TransportAddress("[::1]:7"))
    }
}
