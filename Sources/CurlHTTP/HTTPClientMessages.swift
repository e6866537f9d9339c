/// One HTTP header field, in the order it was sent or received.
public struct HTTPHeaderField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP request for ``CurlClient`` (HTTP/1.1 semantics, RFC 9110).
///
/// Named `HTTPClientRequest` (not `HTTPRequest`) so it never clashes with swift-http-types'
/// `HTTPRequest`, which Hummingbird re-exports.
public struct HTTPClientRequest: Sendable, Equatable {
    /// "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", … (sent as given).
    public var method: String
    /// Absolute URL, e.g. "http://127.0.0.1:8080/v1/chat/completions".
    public var url: String
    public var headers: [HTTPHeaderField]
    /// Request body; nil sends none (a POST with nil sends an empty body).
    public var body: [UInt8]?
    /// Limit for the whole transfer; nil means no limit.
    public var timeout: Duration?
    /// Limit for connecting (DNS + TCP + TLS); nil uses curl's 300 s default.
    public var connectTimeout: Duration?
    /// Follow 3xx redirects (up to 10).
    public var followRedirects: Bool

    public init(method: String = "GET", url: String, headers: [HTTPHeaderField] = [], body: [UInt8]? = nil,
                timeout: Duration? = .seconds(30), connectTimeout: Duration? = .seconds(5), followRedirects: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.followRedirects = followRedirects
    }
}

/// Status line and headers of a response (of the final response, after any redirects
/// or `100 Continue`).
public struct HTTPClientResponseHead: Sendable, Equatable {
    public var status: Int
    public var headers: [HTTPHeaderField]

    public init(status: Int, headers: [HTTPHeaderField]) {
        self.status = status
        self.headers = headers
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// A complete HTTP response from ``CurlClient/perform(request:)``.
public struct HTTPClientResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [HTTPHeaderField]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeaderField], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        HTTPClientResponseHead(status: status, headers: headers).header(name)
    }

    /// The body decoded as UTF-8 (invalid bytes replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// What a streaming callback wants the transfer to do next.
public enum HTTPStreamControl: Sendable, Equatable {
    case `continue`
    /// Abort the transfer now; curl closes the connection.
    case stop
}

/// How a streamed transfer ended.
public struct HTTPStreamResult: Sendable, Equatable {
    public var head: HTTPClientResponseHead
    /// Body bytes delivered to the callback.
    public var bytesReceived: Int
    /// True when a callback returned ``HTTPStreamControl/stop`` or ``CurlClient/cancel()`` was called.
    public var wasAborted: Bool

    public init(head: HTTPClientResponseHead, bytesReceived: Int, wasAborted: Bool) {
        self.head = head
        self.bytesReceived = bytesReceived
        self.wasAborted = wasAborted
    }
}
