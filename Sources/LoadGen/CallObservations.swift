import Caller

/// One answer as the caller sent it.
public struct PlayedAnswer: Sendable {
    public var name: String
    /// When each frame was handed to the socket (may be fewer than the clip's frames if cut short).
    public var sentAt: [ContinuousClock.Instant]
    /// Each sent frame's RTP timestamp (empty when not known).
    public var rtpTimestamps: [UInt32]
    /// Frames of the clip carrying its first and last 10 ms windows at speech level.
    public var onsetFrame: Int
    public var endOfSpeechFrame: Int
    /// Started while the interviewer was asking (`--barge-in`).
    public var bargeInAttempt: Bool

    public init(name: String, sentAt: [ContinuousClock.Instant], rtpTimestamps: [UInt32] = [], onsetFrame: Int, endOfSpeechFrame: Int,
                bargeInAttempt: Bool) {
        self.name = name
        self.sentAt = sentAt
        self.rtpTimestamps = rtpTimestamps
        self.onsetFrame = onsetFrame
        self.endOfSpeechFrame = endOfSpeechFrame
        self.bargeInAttempt = bargeInAttempt
    }

    /// Send time of the frame carrying the answer's speech onset.
    public var onset: ContinuousClock.Instant? {
        sentAt.isEmpty ? nil : sentAt[min(onsetFrame, sentAt.count - 1)]
    }

    /// Send time of the frame carrying the answer's last 10 ms window at speech level (or of the
    /// last frame sent, if the answer was cut short before it).
    public var endOfSpeech: ContinuousClock.Instant? {
        sentAt.isEmpty ? nil : sentAt[min(endOfSpeechFrame, sentAt.count - 1)]
    }

    public var span: (start: ContinuousClock.Instant, end: ContinuousClock.Instant)? {
        guard let first = sentAt.first, let last = sentAt.last else { return nil }
        return (first, last + .milliseconds(20))
    }
}

/// Everything one call observed, for ``CallAnalyzer``.
public struct CallObservations: Sendable {
    public var openedAt: ContinuousClock.Instant
    public var connectedAt: ContinuousClock.Instant?
    public var signalling: [SignalingClient.Entry]
    public var packets: [SyntheticCaller.ReceivedPacket]
    public var answers: [PlayedAnswer]

    public init(openedAt: ContinuousClock.Instant, connectedAt: ContinuousClock.Instant? = nil,
                signalling: [SignalingClient.Entry] = [], packets: [SyntheticCaller.ReceivedPacket] = [],
                answers: [PlayedAnswer] = []) {
        self.openedAt = openedAt
        self.connectedAt = connectedAt
        self.signalling = signalling
        self.packets = packets
        self.answers = answers
    }
}
