/// One dispatched server-sent event (WHATWG HTML "Server-sent events", §9.2.6 "Interpreting an
/// event stream").
public struct ServerSentEvent: Sendable, Equatable {
    /// The `event:` field, or "message" when the event had none.
    public var event: String
    /// The `data:` lines joined with "\n" (the final newline removed).
    public var data: String
    /// The last event ID seen so far in the stream (`id:` fields persist across events), if any.
    public var id: String?
    /// A `retry:` reconnection time in milliseconds sent with this event, if any.
    public var retry: Int?

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }

    /// The `data: [DONE]` sentinel that ends an OpenAI-style completion stream.
    public var isDoneSentinel: Bool { data.trimmingWhitespace() == "[DONE]" }
}

/// Why an event stream could not be parsed.
public enum ServerSentEventError: Error, Equatable, CustomStringConvertible {
    /// A line grew beyond ``ServerSentEventParser/maxLineBytes`` without a line ending.
    case lineTooLong(limit: Int)

    public var description: String {
        switch self {
        case .lineTooLong(let limit): "server-sent event line longer than \(limit) bytes"
        }
    }
}

/// An incremental, pure parser for `text/event-stream` bodies, fed raw body bytes in chunks split
/// anywhere (inside a line, between CR and LF, inside a UTF-8 sequence).
///
/// Follows the WHATWG/W3C EventSource processing model:
/// ```
/// stream  = [ bom ] *event
/// event   = *( comment / field ) end-of-line
/// comment = colon *any-char end-of-line
/// field   = 1*name-char [ colon [ space ] *any-char ] end-of-line
/// end-of-line = ( cr lf / cr / lf )
/// ```
/// - A blank line dispatches the event being built (if its data buffer is non-empty).
/// - `data:` appends its value plus "\n" to the data buffer; `event:` sets the type; `id:` sets the
///   last event ID (ignored when it contains NUL); `retry:` is kept when all ASCII digits; other
///   fields are ignored; a line starting with ":" is a comment.
/// - One leading space after the colon is removed from the value.
/// - At end of stream an event not yet terminated by a blank line is discarded (spec rule); see
///   ``hasPendingEvent`` to detect that case (e.g. a truncated LLM stream).
///
/// The OpenAI `data: [DONE]` sentinel is an ordinary event here; check ``ServerSentEvent/isDoneSentinel``.
public struct ServerSentEventParser: Sendable {
    /// Longest line accepted, in bytes; beyond it ``feed(_:)`` throws.
    public let maxLineBytes: Int

    private var line: [UInt8] = []
    private var lastByteWasCR = false
    private var atStreamStart = true
    private var dataBuffer = ""
    private var hasData = false
    private var eventType = ""
    private var lastEventId: String?
    private var retry: Int?

    public init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// True when a `data:` field was received but no blank line has dispatched it yet, or a line
    /// is incomplete.
    public var hasPendingEvent: Bool { hasData || !line.isEmpty }

    /// Feeds the next piece of the body; returns the events completed by it, in order.
    /// - Throws: ``ServerSentEventError/lineTooLong(limit:)``.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) throws -> [ServerSentEvent] where Bytes.Element == UInt8 {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            switch byte {
            case 0x0A:  // LF (or the LF of a CRLF already handled at the CR)
                if lastByteWasCR {
                    lastByteWasCR = false
                    continue
                }
                if let event = endLine() { events.append(event) }
            case 0x0D:  // CR ends a line; a following LF belongs to it
                lastByteWasCR = true
                if let event = endLine() { events.append(event) }
            default:
                lastByteWasCR = false
                guard line.count < maxLineBytes else { throw ServerSentEventError.lineTooLong(limit: maxLineBytes) }
                line.append(byte)
            }
        }
        return events
    }

    /// Processes the line collected so far; returns an event when the line was blank and data is pending.
    private mutating func endLine() -> ServerSentEvent? {
        var bytes = line[...]
        line.removeAll(keepingCapacity: true)
        if atStreamStart {
            atStreamStart = false
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        }
        if bytes.isEmpty { return dispatch() }
        if bytes.first == UInt8(ascii: ":") { return nil }  // comment

        let name: String
        var value: Substring
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            name = String(decoding: bytes[..<colon], as: UTF8.self)
            var valueBytes = bytes[(colon + 1)...]
            if valueBytes.first == UInt8(ascii: " ") { valueBytes = valueBytes.dropFirst() }
            value = Substring(String(decoding: valueBytes, as: UTF8.self))
        } else {
            name = String(decoding: bytes, as: UTF8.self)
            value = ""
        }
        switch name {
        case "data":
            dataBuffer += value
            dataBuffer += "\n"
            hasData = true
        case "event":
            eventType = String(value)
        case "id":
            if !value.contains("\u{0}") { lastEventId = String(value) }
        case "retry":
            if !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { retry = Int(value) }
        default:
            value = ""  // unknown field: ignored
        }
        return nil
    }

    private mutating func dispatch() -> ServerSentEvent? {
        defer {
            dataBuffer = ""
            hasData = false
            eventType = ""
            retry = nil
        }
        guard hasData else { return nil }
        var data = dataBuffer
        if data.hasSuffix("\n") { data.removeLast() }
        return ServerSentEvent(event: eventType.isEmpty ? "message" : eventType, data: data, id: lastEventId, retry: retry)
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation needed).
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
