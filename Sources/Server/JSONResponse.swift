import Foundation
import HTTPTypes
import Hummingbird

/// Encodes a value as a JSON response (camelCase keys, ISO 8601 dates, sorted keys for stable output).
func jsonResponse<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    return Response(
        status: status,
        headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// Decodes a JSON request body of at most `limit` bytes, with a clear 4xx error otherwise.
func decodeJSONBody<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
    let buffer: ByteBuffer
    do {
        buffer = try await request.body.collect(upTo: limit)
    } catch {
        throw APIError(.contentTooLarge, code: "too_large", "request body is larger than \(limit) bytes")
    }
    guard buffer.readableBytes > 0 else { throw APIError.badRequest("request body is empty; expected a JSON object") }
    do {
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    } catch let DecodingError.keyNotFound(key, _) {
        throw APIError.badRequest("missing field '\(key.stringValue)'")
    } catch let DecodingError.typeMismatch(_, context) {
        throw APIError.badRequest("field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type")
    } catch let DecodingError.valueNotFound(_, context) {
        throw APIError.badRequest("field '\(context.codingPath.map(\.stringValue).joined(separator: "."))' is null")
    } catch {
        throw APIError.badRequest("request body is not valid JSON")
    }
}
