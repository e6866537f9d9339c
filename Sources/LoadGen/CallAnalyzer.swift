import Caller
import Foundation
import SignalingProtocol

/// Turns a call's observations into its measurements (pure: same observations, same result).
///
/// Shared definitions with the server: the end of an answer's speech is the send time of the
/// packet carrying its last 10 ms window at or above −41 dBFS; the first audio of the reply is the
/// arrival of the first packet after it whose decoded audio has such a window. Arrivals are the
/// kernel's receive stamps. The server's `turnMetrics` name its two boundary packets by RTP
/// timestamp, which pairs them with the right answer and lets the caller time the very same
/// packets on its own clock.
public enum CallAnalyzer {
    /// Gaps shorter than this between speech packets belong to one interviewer span.
    public static let spanGap: Duration = .milliseconds(300)

    /// Milliseconds from `origin` to `instant`, to the microsecond.
    public static func ms(_ instant: ContinuousClock.Instant, since origin: ContinuousClock.Instant) -> Double {
        round3((instant - origin) / .milliseconds(1))
    }

    /// Join time: WebSocket open → the first interviewer packet at speech level.
    public static func joinMs(_ o: CallObservations) -> Double? {
        o.packets.first(where: \.isSpeech).map { ms($0.at, since: o.openedAt) }
    }

    /// One result per answer, in order.
    public static func turns(_ o: CallObservations) -> [TurnResult] {
        let speech = o.packets.filter(\.isSpeech)
        let metrics = o.signalling.filter { if case .turnMetrics? = $0.message { return true } else { return false } }
            .map { (receivedAt: $0.receivedAt, fields: numericFields($0.text)) }
        // Metrics naming the candidate packet that ended the turn pair up with the answer that sent
        // it; older servers' metrics pair up by time.
        let identified = metrics.filter { $0.fields["endOfSpeechRtpTimestamp"] != nil }
        let unidentified = metrics.filter { $0.fields["endOfSpeechRtpTimestamp"] == nil }
        let bargeIns = o.signalling.filter { if case .bargeIn? = $0.message { return true } else { return false } }
        var results: [TurnResult] = []
        for (index, answer) in o.answers.enumerated() {
            var turn = TurnResult(index: index, answer: answer.name, bargeInAttempt: answer.bargeInAttempt, bargedIn: false)
            guard let onset = answer.onset, let end = answer.endOfSpeech else {
                results.append(turn)
                continue
            }
            let next = o.answers.dropFirst(index + 1).first
            let nextOnset = next?.onset
            let nextEnd = next?.endOfSpeech
            turn.onsetAtMs = ms(onset, since: o.openedAt)
            turn.endOfSpeechAtMs = ms(end, since: o.openedAt)
            let firstAudio = speech.first(where: { packet in packet.at > end && (nextOnset.map { packet.at < $0 } ?? true) })
            if let first = firstAudio {
                turn.firstAudioAtMs = ms(first.at, since: o.openedAt)
                turn.endOfSpeechToFirstAudioMs = ms(first.at, since: end)
            }
            if let server = serverMetrics(for: answer, metrics: identified, unidentified: unidentified,
                                          after: end, before: nextEnd) {
                turn.server = server
                if let total = server["endOfSpeechToFirstAudioMs"] {
                    if let mine = turn.endOfSpeechToFirstAudioMs { turn.callerMinusServerMs = round3(mine - total) }
                    compareBoundaries(&turn, server: server, total: total, answer: answer, received: o.packets,
                                      callersFirstAudio: firstAudio)
                }
            }
            if let cut = bargeIns.first(where: { $0.receivedAt >= onset && $0.receivedAt <= end + .seconds(1) }) {
                turn.bargedIn = true
                let windowEnd = min(end, cut.receivedAt + .seconds(1))
                if let last = speech.last(where: { $0.at >= onset && $0.at <= windowEnd }) {
                    turn.bargeInStopMs = ms(last.at, since: onset)
                }
            }
            results.append(turn)
        }
        return results
    }

    typealias MetricsEntry = (receivedAt: ContinuousClock.Instant, fields: [String: Double])

    /// The server's `turnMetrics` for `answer`: the one whose end-of-speech packet is among the
    /// answer's frames (the latest such, when the server ended a turn inside the answer too);
    /// else, for metrics without packet identities, the first received after the answer's end of
    /// speech and before the next answer's.
    static func serverMetrics(for answer: PlayedAnswer, metrics identified: [MetricsEntry], unidentified: [MetricsEntry],
                              after end: ContinuousClock.Instant, before nextEnd: ContinuousClock.Instant?) -> [String: Double]? {
        let frameOf = Dictionary(answer.rtpTimestamps.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let mine = identified.compactMap { entry -> (frame: Int, fields: [String: Double])? in
            guard let stamp = entry.fields["endOfSpeechRtpTimestamp"].flatMap(UInt32.init(exactly:)), let frame = frameOf[stamp] else { return nil }
            return (frame, entry.fields)
        }
        if let latest = mine.max(by: { $0.frame < $1.frame }) { return latest.fields }
        return unidentified.first { m in m.receivedAt > end && (nextEnd.map { m.receivedAt < $0 } ?? true) }?.fields
    }

    /// Times the server's own two boundary packets on the caller's clock (send of its
    /// end-of-speech packet → arrival of its first audio packet), and says whether they are the
    /// packets the caller chose by its own definitions.
    static func compareBoundaries(_ turn: inout TurnResult, server: [String: Double], total: Double, answer: PlayedAnswer,
                                  received: [SyntheticCaller.ReceivedPacket], callersFirstAudio: SyntheticCaller.ReceivedPacket?) {
        guard let endStamp = server["endOfSpeechRtpTimestamp"].flatMap(UInt32.init(exactly:)),
              let frame = answer.rtpTimestamps.firstIndex(of: endStamp), frame < answer.sentAt.count else { return }
        turn.serverEndOfSpeechFrameOffset = frame - min(answer.endOfSpeechFrame, answer.sentAt.count - 1)
        guard let audioStamp = server["firstAudioRtpTimestamp"].flatMap(UInt32.init(exactly:)),
              let packet = received.first(where: { $0.timestamp == audioStamp }) else { return }
        turn.serverFirstAudioIsCallers = callersFirstAudio.map { $0.timestamp == audioStamp } ?? false
        turn.serverPacketsMinusServerMs = round3(ms(packet.at, since: answer.sentAt[frame]) - total)
    }

    /// Echo mode: each answer's speech onset sent → the first packet at speech level received after
    /// it (before the next answer starts).
    public static func roundTrips(_ o: CallObservations) -> [Double?] {
        let speech = o.packets.filter(\.isSpeech)
        return o.answers.enumerated().map { index, answer in
            guard let onset = answer.onset else { return nil }
            let nextStart = o.answers.dropFirst(index + 1).first?.sentAt.first
            return speech.first { packet in packet.at > onset && (nextStart.map { packet.at < $0 } ?? true) }.map { ms($0.at, since: onset) }
        }
    }

    /// Answer spans, interviewer speech spans and event markers.
    public static func timeline(_ o: CallObservations, turns: [TurnResult]) -> CallTimeline {
        var timeline = CallTimeline()
        for answer in o.answers {
            guard let span = answer.span else { continue }
            timeline.answers.append(.init(startMs: ms(span.start, since: o.openedAt), endMs: ms(span.end, since: o.openedAt)))
        }
        var current: (start: ContinuousClock.Instant, end: ContinuousClock.Instant)?
        for packet in o.packets where packet.isSpeech {
            if let span = current, packet.at - span.end <= spanGap {
                current = (span.start, packet.at + .milliseconds(20))
            } else {
                if let span = current {
                    timeline.interviewer.append(.init(startMs: ms(span.start, since: o.openedAt), endMs: ms(span.end, since: o.openedAt)))
                }
                current = (packet.at, packet.at + .milliseconds(20))
            }
        }
        if let span = current {
            timeline.interviewer.append(.init(startMs: ms(span.start, since: o.openedAt), endMs: ms(span.end, since: o.openedAt)))
        }
        if let connected = o.connectedAt { timeline.markers.append(.init(atMs: ms(connected, since: o.openedAt), label: "connected")) }
        for turn in turns {
            if let at = turn.endOfSpeechAtMs { timeline.markers.append(.init(atMs: at, label: "end of speech \(turn.index + 1)")) }
            if let at = turn.firstAudioAtMs { timeline.markers.append(.init(atMs: at, label: "first audio \(turn.index + 1)")) }
        }
        for entry in o.signalling {
            switch entry.message {
            case .bargeIn?: timeline.markers.append(.init(atMs: ms(entry.receivedAt, since: o.openedAt), label: "bargeIn"))
            case .complete?: timeline.markers.append(.init(atMs: ms(entry.receivedAt, since: o.openedAt), label: "complete"))
            default: break
            }
        }
        timeline.markers.sort { $0.atMs < $1.atMs }
        let ends = [timeline.answers.last?.endMs, timeline.interviewer.last?.endMs, timeline.markers.last?.atMs].compactMap { $0 }
        timeline.endMs = ends.max() ?? 0
        return timeline
    }

    /// Loss in the received stream from its sequence numbers: packets expected between the first
    /// and the highest received, those missing, and the mean length of the runs of missing ones.
    public static func receiveLoss(_ packets: [SyntheticCaller.ReceivedPacket]) -> (expected: Int, lost: Int, meanBurst: Double) {
        guard let first = packets.first else { return (0, 0, 0) }
        var extended: [Int64] = []
        extended.reserveCapacity(packets.count)
        var last = Int64(first.sequenceNumber)
        for packet in packets {
            var delta = Int64(packet.sequenceNumber) - (last & 0xFFFF)
            if delta > 32768 { delta -= 65536 } else if delta < -32768 { delta += 65536 }
            let value = last + delta
            extended.append(value)
            last = max(last, value)
        }
        let unique = Array(Set(extended)).sorted()
        guard let low = unique.first, let high = unique.last else { return (0, 0, 0) }
        let expected = Int(high - low + 1)
        var lost = 0, bursts = 0
        for (a, b) in zip(unique, unique.dropFirst()) where b - a > 1 {
            lost += Int(b - a - 1)
            bursts += 1
        }
        return (expected, lost, bursts == 0 ? 0 : Double(lost) / Double(bursts))
    }

    /// The numeric fields of a JSON object message (the `turnMetrics` fields, whatever the server adds).
    static func numericFields(_ text: String) -> [String: Double] {
        guard let object = try? JSONDecoder().decode([String: NumberOrOther].self, from: Data(text.utf8)) else { return [:] }
        return object.compactMapValues(\.number)
    }

    /// A JSON value that is kept only when it is a number (not a boolean, string, …).
    private struct NumberOrOther: Decodable {
        let number: Double?
        init(from decoder: Decoder) throws {
            number = try? decoder.singleValueContainer().decode(Double.self)
        }
    }
}
