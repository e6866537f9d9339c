import Foundation

/// A JSON object key that can be any string.
struct JSONKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Reads the fields of one message object, turning every shape problem into a
/// ``SignalingError`` with code `bad_message` that names the field.
struct MessageFields {
    let container: KeyedDecodingContainer<JSONKey>
    let type: String

    /// Opens the top-level object; throws `bad_message` if it is not one.
    init(_ decoder: Decoder) throws {
        do {
            container = try decoder.container(keyedBy: JSONKey.self)
        } catch {
            throw SignalingError.badMessage("a message must be a JSON object")
        }
        let key = JSONKey("type")
        guard container.contains(key), (try? container.decodeNil(forKey: key)) == false else {
            throw SignalingError.badMessage("missing field \"type\"")
        }
        guard let type = try? container.decode(String.self, forKey: key) else {
            throw SignalingError.badMessage("field \"type\" must be a string")
        }
        self.type = type
    }

    func unknownType() -> SignalingError {
        SignalingError(code: .unknownType, message: "unknown message type \"\(type)\"")
    }

    func optional<T: Decodable>(_ name: String, _: T.Type, kind: String) throws -> T? {
        let key = JSONKey(name)
        guard container.contains(key), (try? container.decodeNil(forKey: key)) == false else { return nil }
        guard let value = try? container.decode(T.self, forKey: key) else {
            throw SignalingError.badMessage("field \"\(name)\" of a \"\(type)\" message must be \(kind)")
        }
        return value
    }

    func required<T: Decodable>(_ name: String, _: T.Type, kind: String) throws -> T {
        guard let value = try optional(name, T.self, kind: kind) else {
            throw SignalingError.badMessage("missing field \"\(name)\" in a \"\(type)\" message")
        }
        return value
    }

    func string(_ name: String) throws -> String { try required(name, String.self, kind: "a string") }
    func optionalString(_ name: String) throws -> String? { try optional(name, String.self, kind: "a string") }
    func int(_ name: String) throws -> Int { try required(name, Int.self, kind: "an integer") }
    func optionalInt(_ name: String) throws -> Int? { try optional(name, Int.self, kind: "an integer") }
    func bool(_ name: String) throws -> Bool { try required(name, Bool.self, kind: "true or false") }
    func double(_ name: String) throws -> Double { try required(name, Double.self, kind: "a number") }
    func optionalDouble(_ name: String) throws -> Double? { try optional(name, Double.self, kind: "a number") }
    func value<T: Decodable & RawRepresentable>(_ name: String, _: T.Type) throws -> T where T.RawValue == String {
        let raw = try string(name)
        guard let value = T(rawValue: raw) else {
            throw SignalingError.badMessage("field \"\(name)\" of a \"\(type)\" message has unknown value \"\(raw)\"")
        }
        return value
    }
}

/// Writes one message object with its `type` discriminator.
struct MessageWriter {
    var container: KeyedEncodingContainer<JSONKey>

    init(_ encoder: Encoder, type: String) throws {
        container = encoder.container(keyedBy: JSONKey.self)
        try container.encode(type, forKey: JSONKey("type"))
    }

    mutating func put<T: Encodable>(_ name: String, _ value: T) throws {
        try container.encode(value, forKey: JSONKey(name))
    }

    /// Writes a number only when present and finite (JSON has no NaN or infinity).
    mutating func put(_ name: String, _ value: Double?) throws {
        if let value, value.isFinite { try container.encode(value, forKey: JSONKey(name)) }
    }

    mutating func putIfPresent<T: Encodable>(_ name: String, _ value: T?) throws {
        if let value { try container.encode(value, forKey: JSONKey(name)) }
    }
}

/// JSON decoding and encoding with the signalling error contract.
enum SignalingJSON {
    /// Decodes `data`, mapping problems to ``SignalingError`` (`too_large`, `bad_json`, or
    /// the `bad_message`/`unknown_type` the message's decoder threw).
    static func decode<T: Decodable>(_: T.Type, from data: Data, maxBytes: Int) throws -> T {
        guard data.count <= maxBytes else {
            throw SignalingError(code: .tooLarge, message: "message is \(data.count) bytes, more than the \(maxBytes)-byte limit")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as SignalingError {
            throw error
        } catch {
            throw SignalingError(code: .badJSON, message: "message is not valid JSON")
        }
    }

    /// Compact JSON text, keys sorted (deterministic output), slashes unescaped. Encoding cannot fail for these types
    /// (non-finite numbers are omitted); should it, a fixed `internal` error message is returned.
    static func text<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            return #"{"type":"error","code":"internal","message":"could not encode a message"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }
}
