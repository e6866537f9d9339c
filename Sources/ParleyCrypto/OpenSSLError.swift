internal import COpenSSL

/// An error reported by OpenSSL, with the text of its error queue.
///
/// Every failing OpenSSL call in `ParleyCrypto` is turned into one of these; no
/// OpenSSL error code or pointer leaves this module.
public struct OpenSSLError: Error, CustomStringConvertible, Sendable {
    /// The operation that failed, e.g. `"HMAC"`.
    public let operation: String
    /// OpenSSL's own explanation (its error queue), possibly empty.
    public let detail: String

    public var description: String { detail.isEmpty ? "\(operation) failed" : "\(operation) failed: \(detail)" }

    /// Builds an error from the current thread's OpenSSL error queue and clears it.
    static func drain(_ operation: String) -> OpenSSLError {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return OpenSSLError(operation: operation, detail: messages.joined(separator: "; "))
    }
}
