/// Reassembles signalling WebSocket messages from data frames (RFC 6455 §5.4) and enforces the
/// message size limit itself, so an oversized message can be answered with `too_large` and close
/// code 1009 (RFC 6455 §7.4.1) instead of the connection just dropping.
///
/// The WebSocket frame limit is set to ``frameLimit(forMessageLimit:)`` — a few times the message
/// limit — so a message somewhat over the limit still arrives whole enough to be answered; a
/// single frame beyond the frame limit is refused by the frame decoder (close 1009, no JSON).
/// Sans-IO: fed frames, returns what they complete.
struct SignalingMessageAssembler {
    /// What a frame completed.
    enum Output: Equatable {
        /// A whole text message, valid UTF-8.
        case text(String)
        /// A whole binary message (not part of the protocol).
        case binary
        /// A text message that is not UTF-8.
        case notUTF8
        /// The message grew past the limit; `bytes` is how many had arrived. Close the connection.
        case tooLarge(bytes: Int)
        /// A continuation frame with no message to continue, or a new message inside one.
        case outOfSequence
    }

    enum Opcode { case text, binary, continuation }

    /// Largest message, in bytes.
    let maxMessageBytes: Int
    private var buffer: [UInt8] = []
    private var isText = true
    private var inMessage = false

    init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// The WebSocket frame limit for a message limit: four times it, at least 16 KiB, capped so
    /// a frame length always fits the decoder.
    static func frameLimit(forMessageLimit limit: Int) -> Int {
        let cap = Int(Int32.max)
        return limit >= cap / 4 ? cap : max(limit * 4, 16 * 1024)
    }

    /// Feeds one data frame; returns a result when the frame completes (or breaks) a message.
    mutating func feed(opcode: Opcode, payload: some Collection<UInt8>, fin: Bool) -> Output? {
        switch opcode {
        case .text, .binary:
            guard !inMessage else {
                reset()
                return .outOfSequence
            }
            inMessage = true
            isText = opcode == .text
        case .continuation:
            guard inMessage else { return .outOfSequence }
        }
        let total = buffer.count + payload.count
        guard total <= maxMessageBytes else {
            reset()
            return .tooLarge(bytes: total)
        }
        buffer += payload
        guard fin else { return nil }
        defer { reset() }
        guard isText else { return .binary }
        guard let text = String(validating: buffer, as: UTF8.self) else { return .notUTF8 }
        return .text(text)
    }

    private mutating func reset() {
        buffer.removeAll(keepingCapacity: false)
        inMessage = false
    }
}
