/// What one synthetic call measured, as it goes into `parley-load-report.json`. Times named
/// `…AtMs` are milliseconds since the call's WebSocket opened; durations are milliseconds.
public struct CallResult: Sendable, Codable {
    /// How a call ended.
    public enum Status: String, Sendable, Codable {
        /// The interview reached `complete` (echo mode: every answer was heard back).
        case completed
        case failed
        /// Stopped by Ctrl-C.
        case interrupted
    }

    public var caller: Int
    /// The caller's nth call, from 0.
    public var call: Int
    public var interviewId: String?
    public var status: Status
    public var error: String?
    /// Seconds from the start of the run to the start of this call.
    public var startedAtS: Double
    public var durationS: Double
    /// WebSocket open → DTLS-SRTP connected.
    public var connectMs: Double?
    /// WebSocket open → first interviewer audio (interview mode).
    public var joinMs: Double?
    public var turns: [TurnResult] = []
    /// Echo mode: speech onset sent → its echo's onset received, per answer.
    public var roundTripsMs: [Double] = []
    public var media: MediaResult?
    /// The call's timeline (kept for the report's sample call only).
    public var timeline: CallTimeline?

    public init(caller: Int, call: Int, status: Status, startedAtS: Double) {
        self.caller = caller
        self.call = call
        self.status = status
        self.startedAtS = startedAtS
        durationS = 0
    }
}

/// One answer and the interviewer's reply to it.
public struct TurnResult: Sendable, Codable, Equatable {
    public var index: Int
    /// The answer clip spoken.
    public var answer: String
    /// The caller started this answer while the interviewer was asking (`--barge-in`).
    public var bargeInAttempt: Bool
    /// The server sent `bargeIn` during this answer.
    public var bargedIn: Bool
    public var onsetAtMs: Double?
    public var endOfSpeechAtMs: Double?
    public var firstAudioAtMs: Double?
    /// End of speech (send time of the packet carrying the answer's last 10 ms window at speech
    /// level) → first audio (arrival of the first reply packet with a 10 ms window at speech level).
    public var endOfSpeechToFirstAudioMs: Double?
    /// The server's `turnMetrics` for this turn, every numeric field.
    public var server: [String: Double]?
    /// Caller-side minus the server's `endOfSpeechToFirstAudioMs`.
    public var callerMinusServerMs: Double?
    /// The server's end-of-speech packet, counted in frames from the caller's own (0: the same
    /// packet; negative: the server ended the turn earlier in the answer).
    public var serverEndOfSpeechFrameOffset: Int?
    /// Whether the server's first audible reply packet is the one the caller found first.
    public var serverFirstAudioIsCallers: Bool?
    /// The server's two boundary packets timed on the caller's clock (its end-of-speech packet
    /// sent → its first audio packet received) minus the server's figure: how far the two ends'
    /// clocks and instruments disagree on the same interval.
    public var serverPacketsMinusServerMs: Double?
    /// Barge-in onset sent → last interviewer packet at speech level received.
    public var bargeInStopMs: Double?
}

/// Media statistics of a call, both directions.
public struct MediaResult: Sendable, Codable, Equatable {
    public var packetsSent: Int
    /// Packets the sender-side impairment dropped.
    public var packetsDroppedByImpairment: Int
    public var packetsReceived: Int
    /// Interviewer → caller: packets missing from the received sequence.
    public var receiveLost: Int
    public var receiveLossPercent: Double
    /// RFC 3550 interarrival jitter of the received stream.
    public var receiveJitterMs: Double
    public var receiveBurstRatio: Double
    /// Caller → interviewer, as the server reported it (`mediaStats`, else RTCP).
    public var sendLossPercent: Double?
    public var sendJitterMs: Double?
    public var sendBurstRatio: Double
    public var rttMs: Double?
    /// E-model estimates (``EModel``) of each direction, and the lower of the two.
    public var mosReceive: Double
    public var mosSend: Double?
    public var mos: Double
}

/// Spans and markers of one call for the report's timeline (ms since the WebSocket opened).
public struct CallTimeline: Sendable, Codable, Equatable {
    /// A stretch of audio, ms since the WebSocket opened.
    public struct Span: Sendable, Codable, Equatable {
        public var startMs: Double
        public var endMs: Double
    }

    /// An instant worth marking (end of speech, first audio, bargeIn, complete, connected).
    public struct Marker: Sendable, Codable, Equatable {
        public var atMs: Double
        public var label: String
    }

    public var answers: [Span] = []
    public var interviewer: [Span] = []
    public var markers: [Marker] = []
    public var endMs: Double = 0
}
