import Foundation
import HTTPTypes
import Hummingbird

/// An error answered to an HTTP client as `{"error": {"code", "message"}}` (PROTOCOL.md) with a
/// fitting status; never a stack trace.
public struct APIError: Error, HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String

    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var headers: HTTPFields { [.contentType: "application/json; charset=utf-8"] }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ErrorBody(error: .init(code: code, message: message))
        let data = (try? JSONEncoder().encode(body)) ?? Data("{\"error\":{\"code\":\"internal\",\"message\":\"\"}}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let code: String
            let message: String
        }
        let error: Detail
    }

    static func unauthorized(_ message: String = "missing or wrong bearer token") -> APIError {
        APIError(.unauthorized, code: "unauthorized", message)
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message) }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "bad_request", message) }
}
