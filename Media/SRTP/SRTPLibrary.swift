internal import CSRTP

/// Process-wide libsrtp initialisation: `srtp_init()` runs exactly once, on first use
/// (a Swift `static let` is initialised lazily and thread-safely).
enum SRTPLibrary {
    private static let initStatus: UInt32 = srtp_init().rawValue

    /// Initialises libsrtp if needed; throws if that failed.
    static func ensureInitialized() throws {
        try check(srtp_err_status_t(rawValue: initStatus))
    }

    /// libsrtp's version string, e.g. `libsrtp2 2.5.0`.
    static var version: String { String(cString: srtp_get_version_string()) }
}
