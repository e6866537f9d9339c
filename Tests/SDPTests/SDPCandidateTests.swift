import XCTest
import SDP

/// ICE candidate lines (RFC 8839 §5.1) and priorities (RFC 8445 §5.1.2.1).
final class SDPCandidateTests: XCTestCase {
    func testParseCases() throws {
        struct Case {
            let text: String
            let foundation: String, component: UInt16, transport: String, priority: UInt32
            let address: String, port: UInt16, type: SDPCandidate.CandidateType
            var raddr: String? = nil, rport: UInt16? = nil
            var extensions: [String] = []
        }
        let cases: [Case] = [
            Case(text: "candidate:1708624883 1 udp 2122194687 192.0.2.2 50822 typ host generation 0 network-id 1",
                 foundation: "1708624883", component: 1, transport: "udp", priority: 2122194687,
                 address: "192.0.2.2", port: 50822, type: .host, extensions: ["generation 0", "network-id 1"]),
            Case(text: "a=candidate:2930854419 1 udp 2122265343 fd00::2 55652 typ host generation 0 network-id 2",
                 foundation: "2930854419", component: 1, transport: "udp", priority: 2122265343,
                 address: "fd00::2", port: 55652, type: .host, extensions: ["generation 0", "network-id 2"]),
            Case(text: "2608684903 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active generation 0 network-id 1",
                 foundation: "2608684903", component: 1, transport: "tcp", priority: 1518214911,
                 address: "192.0.2.2", port: 9, type: .host, extensions: ["tcptype active", "generation 0", "network-id 1"]),
            Case(text: "candidate:842163049 1 udp 1677729535 203.0.113.7 61000 typ srflx raddr 10.0.0.5 rport 61000 generation 0 ufrag dp0w network-cost 999",
                 foundation: "842163049", component: 1, transport: "udp", priority: 1677729535,
                 address: "203.0.113.7", port: 61000, type: .serverReflexive, raddr: "10.0.0.5", rport: 61000,
                 extensions: ["generation 0", "ufrag dp0w", "network-cost 999"]),
            Case(text: "candidate:3 2 UDP 16777214 198.51.100.1 3478 typ relay raddr 0.0.0.0 rport 0",
                 foundation: "3", component: 2, transport: "UDP", priority: 16777214,
                 address: "198.51.100.1", port: 3478, type: .relayed, raddr: "0.0.0.0", rport: 0),
            Case(text: "candidate:0 1 UDP 2122252543 3f9a1d6a-2b0c-4d1c-9f1e-8c7b6a5d4e3f.local 54321 typ host",
                 foundation: "0", component: 1, transport: "UDP", priority: 2122252543,
                 address: "3f9a1d6a-2b0c-4d1c-9f1e-8c7b6a5d4e3f.local", port: 54321, type: .host),
            Case(text: "candidate:f957a2332b1715da3b0ef8ba684454eb 1 udp 2130706431 192.0.2.2 55299 typ host",
                 foundation: "f957a2332b1715da3b0ef8ba684454eb", component: 1, transport: "udp", priority: 2130706431,
                 address: "192.0.2.2", port: 55299, type: .host),
        ]
        for c in cases {
            let candidate = try SDPCandidate(parsing: c.text)
            XCTAssertEqual(candidate.foundation, c.foundation, c.text)
            XCTAssertEqual(candidate.component, c.component, c.text)
            XCTAssertEqual(candidate.transport, c.transport, c.text)
            XCTAssertEqual(candidate.priority, c.priority, c.text)
            XCTAssertEqual(candidate.address, c.address, c.text)
            XCTAssertEqual(candidate.port, c.port, c.text)
            XCTAssertEqual(candidate.type, c.type, c.text)
            XCTAssertEqual(candidate.relatedAddress, c.raddr, c.text)
            XCTAssertEqual(candidate.relatedPort, c.rport, c.text)
            XCTAssertEqual(candidate.extensions.map { "\($0.name) \($0.value)" }, c.extensions, c.text)
            // Serializing and parsing again gives the same candidate.
            XCTAssertEqual(try SDPCandidate(parsing: candidate.value), candidate, c.text)
        }
    }

    func testMalformedCandidates() {
        let bad = [
            "",
            "candidate:",
            "candidate:1 1 udp 2122194687 192.0.2.2 50822 typ",                // no type
            "candidate:1 1 udp 2122194687 192.0.2.2 50822 host host",          // "typ" missing
            "candidate:1 0 udp 2122194687 192.0.2.2 50822 typ host",           // component 0
            "candidate:1 257 udp 2122194687 192.0.2.2 50822 typ host",         // component > 256
            "candidate:1 1 udp 4294967296 192.0.2.2 50822 typ host",           // priority overflow
            "candidate:1 1 udp 0 192.0.2.2 50822 typ host",                    // priority 0
            "candidate:1 1 udp -5 192.0.2.2 50822 typ host",
            "candidate:1 1 udp 2122194687 192.0.2.2 65536 typ host",           // port overflow
            "candidate:1 1 udp 2122194687 192.0.2.2 port typ host",
            "candidate:" + String(repeating: "a", count: 33) + " 1 udp 1 192.0.2.2 1 typ host", // foundation > 32
            "candidate:f-1 1 udp 1 192.0.2.2 1 typ host",                      // '-' not an ice-char
            "candidate:1 1 udp 1 192.0.2.2 1 typ srflx raddr",                 // extension without value
            "candidate:1 1 udp 1 192.0.2.2 1 typ srflx raddr 10.0.0.1 rport x",
        ]
        for text in bad {
            XCTAssertThrowsError(try SDPCandidate(parsing: text), text) { error in
                XCTAssertNotNil(error as? SDPError, text)
            }
        }
    }

    func testPriority() {
        // RFC 8445 §5.1.2.1 with the §5.1.2.2 recommended host preference 126.
        XCTAssertEqual(SDPCandidate.priority(typePreference: 126, localPreference: 65535, component: 1), 2_130_706_431)
        XCTAssertEqual(SDPCandidate.priority(typePreference: 126, localPreference: 65534, component: 1), 2_130_706_175)
        XCTAssertEqual(SDPCandidate.priority(typePreference: 126, localPreference: 65535, component: 2), 2_130_706_430)
        XCTAssertEqual(SDPCandidate.priority(typePreference: 100, localPreference: 65535, component: 1), 1_694_498_815)
        XCTAssertEqual(SDPCandidate.priority(typePreference: 0, localPreference: 0, component: 1), 255)
    }

    func testFoundationDependsOnTypeAddressAndTransport() {
        let a = SDPCandidate.foundation(type: .host, baseAddress: "10.0.0.1")
        XCTAssertEqual(a, SDPCandidate.foundation(type: .host, baseAddress: "10.0.0.1"))
        XCTAssertNotEqual(a, SDPCandidate.foundation(type: .host, baseAddress: "10.0.0.2"))
        XCTAssertNotEqual(a, SDPCandidate.foundation(type: .serverReflexive, baseAddress: "10.0.0.1"))
        XCTAssertNotEqual(a, SDPCandidate.foundation(type: .host, baseAddress: "10.0.0.1", transport: "tcp"))
        XCTAssertTrue(a.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && (1...32).contains(a.count))
    }
}
