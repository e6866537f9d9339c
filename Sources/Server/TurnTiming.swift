import SignalingProtocol

/// The instants of one turn, end of the candidate's speech → first interviewer audio, all read
/// from one monotonic clock (`ContinuousClock`), and the `turnMetrics` they make.
///
/// The stages are the differences of consecutive instants, so they add up exactly to the total:
///
///     speechEndArrival ─ jitterBufferMs ─▶ speechEndLeftBuffer ─ endpointingMs ─▶ endpointed
///       ─ sttFinalMs ─▶ finalReady ─ policyFirstTokenMs ─▶ policyReady
///       ─ ttsFirstChunkMs ─▶ firstChunk ─ firstPacketOutMs ─▶ first audible reply packet sent
///
/// - `speechEndArrival`: arrival of the packet carrying the candidate's last audible 10 ms
///   window before the endpointer fired (``AudioLevel``, ``SpeechEndLocator``);
///   `speechEndLeftBuffer`: when that audio left the jitter buffer.
/// - `endpointed`: when the endpointer decided the turn was over.
/// - `finalReady`: the final transcript is back; `policyReady`: the interviewer's reply line
///   was handed to speech; `firstChunk`: its first synthesized audio was queued.
/// - first audio: the send time of the first reply packet whose decoded audio has an audible
///   10 ms window (``DecodedLevelProbe``).
///
/// An instant that was never seen (e.g. no chunk was noted) takes the next known instant, so
/// its stage is 0 and the sum still holds. A stage can be negative when a later step happened
/// first (a reply prepared before the final transcript); the sum still holds.
struct TurnTiming: Equatable {
    var speechEndArrival: ContinuousClock.Instant?
    var speechEndLeftBuffer: ContinuousClock.Instant?
    /// The candidate's RTP timestamp of the packet that arrived at `speechEndArrival`.
    var speechEndRTPTimestamp: UInt32?
    var endpointed: ContinuousClock.Instant?
    var finalReady: ContinuousClock.Instant?
    var policyReady: ContinuousClock.Instant?
    var firstChunk: ContinuousClock.Instant?
    /// Set once the reply is on its way: its first audible packet closes the turn.
    var awaitingFirstAudio = false
    /// The interviewer utterances said for this turn (the reply and what follows it).
    var replyIds: Set<String> = []
    /// The question the candidate was answering when the turn ended.
    var questionIndex: Int?

    init(speechEnd: SpeechEndLocator.Window? = nil, endpointed: ContinuousClock.Instant? = nil, questionIndex: Int? = nil) {
        speechEndArrival = speechEnd?.arrival
        speechEndLeftBuffer = speechEnd?.leftBuffer
        speechEndRTPTimestamp = speechEnd?.rtpTimestamp
        self.endpointed = endpointed
        self.questionIndex = questionIndex
    }

    /// Whether a turn is being timed (the candidate's speech ended).
    var isOpen: Bool { speechEndArrival != nil }

    /// The turn's metrics once its first audible reply packet (RTP timestamp
    /// `firstAudioRtpTimestamp`) was sent at `firstAudio`; nil when no speech end was seen.
    func metrics(firstAudio: ContinuousClock.Instant, firstAudioRtpTimestamp: UInt32? = nil) -> TurnMetrics? {
        guard let start = speechEndArrival else { return nil }
        // Fill unknown instants from the next known one (its stage becomes 0).
        var instants: [ContinuousClock.Instant?] = [start, speechEndLeftBuffer, endpointed, finalReady, policyReady, firstChunk, firstAudio]
        for index in stride(from: instants.count - 2, through: 1, by: -1) where instants[index] == nil {
            instants[index] = instants[index + 1]
        }
        let known = instants.compactMap { $0 }
        let spans = zip(known, known.dropFirst()).map { Self.ms($1 - $0) }
        return TurnMetrics(
            endOfSpeechToFirstAudioMs: Self.ms(firstAudio - start),
            jitterBufferMs: spans[0], endpointingMs: spans[1], sttFinalMs: spans[2],
            policyFirstTokenMs: spans[3], ttsFirstChunkMs: spans[4], firstPacketOutMs: spans[5],
            questionIndex: questionIndex, endOfSpeechRtpTimestamp: speechEndRTPTimestamp, firstAudioRtpTimestamp: firstAudioRtpTimestamp)
    }

    static func ms(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
