/// A signalling failure with a wire code and a human-readable message.
///
/// Thrown by ``ClientMessage/init(json:maxBytes:)`` and ``ServerMessage/init(json:maxBytes:)``;
/// ``message`` (the ``ServerMessage/error(code:message:)`` value) is what to send back.
public struct SignalingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: SignalingErrorCode
    public var message: String

    public init(code: SignalingErrorCode, message: String) {
        self.code = code
        self.message = message
    }

    /// The `{"type":"error",…}` message reporting this error.
    public var serverMessage: ServerMessage { .error(code: code, message: message) }

    public var description: String { "\(code.rawValue): \(message)" }

    static func badMessage(_ message: String) -> SignalingError { SignalingError(code: .badMessage, message: message) }
}
