import ParleyCrypto
import XCTest

/// `Certificate` and `CertificateFingerprint` (RFC 8122 §5).
final class CertificateTests: XCTestCase {
    func testGeneratedCertificateHasSDPFingerprintFormat() throws {
        let certificate = try Certificate.generateSelfSigned(commonName: "parley-test")
        let sdp = certificate.sdpFingerprint
        XCTAssertNotNil(sdp.range(of: #"^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$"#, options: .regularExpression), sdp)
        XCTAssertEqual(certificate.fingerprint(.sha256).bytes.count, 32)
        XCTAssertEqual(certificate.fingerprint(.sha1).bytes.count, 20)
        XCTAssertEqual(certificate.fingerprint(.sha1).algorithmName, "sha-1")
        // The fingerprint is the digest of the DER certificate: PEM body decoded.
        let pem = try certificate.pemCertificate()
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try XCTUnwrap(Data(base64Encoded: body))
        XCTAssertEqual(Digest.sha256.hash(Array(der)), certificate.fingerprint(.sha256).bytes)
    }

    func testTwoCertificatesDiffer() throws {
        let a = try Certificate.generateSelfSigned()
        let b = try Certificate.generateSelfSigned()
        XCTAssertNotEqual(a.fingerprint(), b.fingerprint())
    }

    func testPEMRoundTripKeepsFingerprintAndKey() throws {
        let original = try Certificate.generateSelfSigned(commonName: "round-trip", validity: .seconds(86_400 * 365))
        let certificatePEM = try original.pemCertificate()
        let keyPEM = try original.pemPrivateKey()
        XCTAssertTrue(certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
        XCTAssertTrue(keyPEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let loaded = try Certificate(pemCertificate: certificatePEM, pemPrivateKey: keyPEM)
        XCTAssertEqual(loaded.sdpFingerprint, original.sdpFingerprint)
        XCTAssertEqual(try loaded.pemPrivateKey(), keyPEM)
        let notAfter = try XCTUnwrap(loaded.notAfter)
        XCTAssertEqual(notAfter.timeIntervalSinceNow, 86_400 * 365, accuracy: 120)
    }

    func testMismatchedKeyIsRejected() throws {
        let a = try Certificate.generateSelfSigned()
        let b = try Certificate.generateSelfSigned()
        XCTAssertThrowsError(try Certificate(pemCertificate: a.pemCertificate(), pemPrivateKey: b.pemPrivateKey())) { error in
            XCTAssertTrue(error is OpenSSLError, "\(error)")
        }
    }

    func testGarbagePEMIsRejected() throws {
        let good = try Certificate.generateSelfSigned()
        XCTAssertThrowsError(try Certificate(pemCertificate: "not a certificate", pemPrivateKey: good.pemPrivateKey()))
        XCTAssertThrowsError(try Certificate(pemCertificate: good.pemCertificate(), pemPrivateKey: ""))
    }

    func testFingerprintParsing() throws {
        let value = "sha-256 " + (0 ..< 32).map { String(format: "%02X", $0 * 7 % 256) }.joined(separator: ":")
        let parsed = try CertificateFingerprint(sdpValue: value)
        XCTAssertEqual(parsed.algorithm, .sha256)
        XCTAssertEqual(parsed.bytes, (0 ..< 32).map { UInt8($0 * 7 % 256) })
        XCTAssertEqual(parsed.sdpValue, value)
        // Case-insensitive hash name and hex digits.
        XCTAssertEqual(try CertificateFingerprint(sdpValue: value.uppercased().lowercased()), parsed)
        XCTAssertEqual(try CertificateFingerprint(sdpValue: "SHA-256 " + value.dropFirst(8).lowercased()), parsed)
    }

    func testMalformedFingerprintsThrow() {
        let cases: [(String, CertificateFingerprint.ParseError)] = [
            ("", .malformed("")),
            ("sha-256", .malformed("sha-256")),
            ("md5 AB:CD", .unsupportedAlgorithm("md5")),
            ("sha-256 AB:CD", .wrongLength(algorithm: "sha-256", expected: 32, actual: 2)),
            ("sha-1 ABC:DE", .malformed("sha-1 ABC:DE")),
            ("sha-1 ZZ:00", .malformed("sha-1 ZZ:00")),
            ("sha-1 AB::CD", .malformed("sha-1 AB::CD")),
        ]
        for (input, expected) in cases {
            XCTAssertThrowsError(try CertificateFingerprint(sdpValue: input), input) { error in
                XCTAssertEqual(error as? CertificateFingerprint.ParseError, expected, input)
            }
        }
    }
}
