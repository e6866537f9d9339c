import Foundation
import Logging
import ParleyCrypto

/// Loads Parley's DTLS certificate from the data directory, or makes and saves a new one
/// (ECDSA P-256, a year's validity) when there is none or it expires within a day.
enum CertificateStore {
    static func loadOrCreate(configuration: ServerConfiguration, logger: Logger) throws -> Certificate {
        let certificatePath = configuration.certificatePath
        let keyPath = configuration.privateKeyPath
        if let certificatePEM = try? String(contentsOfFile: certificatePath, encoding: .utf8),
           let keyPEM = try? String(contentsOfFile: keyPath, encoding: .utf8) {
            do {
                let certificate = try Certificate(pemCertificate: certificatePEM, pemPrivateKey: keyPEM)
                if let notAfter = certificate.notAfter, notAfter > Date().addingTimeInterval(86_400) {
                    logger.info("loaded DTLS certificate", metadata: ["fingerprint": "\(certificate.sdpFingerprint)"])
                    return certificate
                }
                logger.notice("DTLS certificate expires soon; making a new one")
            } catch {
                logger.warning("DTLS certificate in the data directory is unusable; making a new one", metadata: ["error": "\(error)"])
            }
        }
        let certificate = try Certificate.generateSelfSigned(commonName: "parley", validity: .seconds(365 * 86_400))
        try certificate.pemCertificate().write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try certificate.pemPrivateKey().write(toFile: keyPath, atomically: true, encoding: .utf8)
        chmod(keyPath, 0o600)
        logger.info("made a new DTLS certificate", metadata: ["fingerprint": "\(certificate.sdpFingerprint)"])
        return certificate
    }
}
