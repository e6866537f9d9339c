internal import CCurl

/// A failed transfer: libcurl's `CURLcode` with `curl_easy_strerror`'s text and, when
/// curl gave one, the more specific message from its error buffer.
public struct CurlError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The `CURLcode` value (e.g. 7 = couldn't connect, 28 = timed out).
    public var code: Int
    /// `curl_easy_strerror(code)`.
    public var message: String
    /// Curl's error-buffer text for this transfer ("Failed to connect to 127.0.0.1 port 1…"), or "".
    public var detail: String

    public init(code: Int, message: String, detail: String = "") {
        self.code = code
        self.message = message
        self.detail = detail
    }

    init(_ code: CURLcode, detail: String = "") {
        self.code = Int(code.rawValue)
        self.message = curl_easy_strerror(code).map { String(cString: $0) } ?? "unknown curl error"
        self.detail = detail
    }

    /// The server refused the connection or could not be reached (`CURLE_COULDNT_CONNECT`).
    public var isConnectionFailure: Bool { code == Int(CURLE_COULDNT_CONNECT.rawValue) }
    /// The name did not resolve (`CURLE_COULDNT_RESOLVE_HOST`).
    public var isResolveFailure: Bool { code == Int(CURLE_COULDNT_RESOLVE_HOST.rawValue) }
    /// The connect or total timeout expired (`CURLE_OPERATION_TIMEDOUT`).
    public var isTimeout: Bool { code == Int(CURLE_OPERATION_TIMEDOUT.rawValue) }
    /// The transfer was stopped by ``CurlClient/cancel()`` (`CURLE_ABORTED_BY_CALLBACK`).
    public var isCancelled: Bool { code == Int(CURLE_ABORTED_BY_CALLBACK.rawValue) }

    public var description: String {
        detail.isEmpty ? "curl error \(code): \(message)" : "curl error \(code): \(message) — \(detail)"
    }

    /// An error raised before curl ran (bad argument); uses `CURLE_BAD_FUNCTION_ARGUMENT`.
    static func badArgument(_ detail: String) -> CurlError {
        CurlError(CURLE_BAD_FUNCTION_ARGUMENT, detail: detail)
    }
}
