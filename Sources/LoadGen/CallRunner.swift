import Caller
import NIOCore
import NIOPosix
import RTP
import SignalingProtocol

/// What every call of a run shares.
public struct CallContext: Sendable {
    public var api: ParleyAPI
    public var settings: LoadSettings
    public var answers: AnswerSet
    public var progress: LoadProgress
    public var runStart: ContinuousClock.Instant
    public var group: EventLoopGroup

    public init(api: ParleyAPI, settings: LoadSettings, answers: AnswerSet, progress: LoadProgress,
                runStart: ContinuousClock.Instant, group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.api = api
        self.settings = settings
        self.answers = answers
        self.progress = progress
        self.runStart = runStart
        self.group = group
    }
}

/// One call of one synthetic caller, from creating its interview to hanging up: joins as a
/// browser does, runs the interview (or, in echo mode, sends its answers and listens for them
/// back), then measures what it observed. Never throws: failures are in the result.
public enum CallRunner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// How often the call wakes up while waiting for signalling.
    static let poll: Duration = .milliseconds(250)

    public static func run(caller index: Int, call: Int, context: CallContext, random: inout SeededRandom) async -> CallResult {
        let settings = context.settings
        let started = ContinuousClock.now
        var result = CallResult(caller: index, call: call, status: .failed,
                                startedAtS: (started - context.runStart) / .seconds(1))
        context.progress.callStarted()
        let impairment = settings.impairment.isActive ? ImpairmentHook(settings: settings.impairment, seed: random.next()) : nil
        var caller: SyntheticCaller?
        var player: AnswerPlayer?
        var completed = false
        var connectedAt: ContinuousClock.Instant?
        do {
            let interview = try await context.api.createInterview(questionCount: settings.questions)
            result.interviewId = interview.id
            let signaling = try await SignalingClient.connect(url: context.api.signalURL(interview), group: context.group)
            do {
                caller = try await SyntheticCaller.join(
                    signaling: signaling, options: .init(keepSamples: false, impairment: impairment), group: context.group)
            } catch {
                await uncancelled { await signaling.close() }
                throw error
            }
            guard let caller else { throw Failure(description: "no caller") }
            connectedAt = try await caller.waitUntilConnected()
            if !settings.dtx { caller.startContinuousAudio(silenceFrame: AnswerSet.silenceFrame) }
            context.progress.connected(1)
            defer { context.progress.connected(-1) }
            let answers = AnswerPlayer(caller: caller)
            player = answers
            let deadline = started + .milliseconds(Int64(settings.callTimeoutS * 1000))
            if settings.echo {
                try await runEcho(caller, answers, context: context, deadline: deadline)
            } else {
                try await runInterview(caller, answers, context: context, deadline: deadline, random: &random)
            }
            completed = true
            result.status = .completed
        } catch {
            if error is CancellationError || Task.isCancelled {
                result.status = .interrupted
            } else {
                result.error = "\(error)"
            }
        }
        if let caller {
            let answerPlayer = player, sendEnd = !completed
            let stats = await uncancelled { () -> RTCPSessionStats? in
                await answerPlayer?.stop()
                let stats = try? await caller.stats()
                await caller.hangUp(sendEnd: sendEnd)
                return stats
            }
            let observations = CallObservations(
                openedAt: caller.signaling.openedAt, connectedAt: connectedAt, signalling: caller.signaling.log.entries,
                packets: caller.receivedPackets, answers: answerPlayer?.played ?? [])
            measure(observations, stats: stats, impairment: impairment?.counts, echo: settings.echo, into: &result)
            if settings.echo, result.status == .completed, result.roundTripsMs.count < observations.answers.count {
                result.status = .failed
                result.error = "\(observations.answers.count - result.roundTripsMs.count) of \(observations.answers.count) answers were not heard back"
            }
        }
        result.durationS = (ContinuousClock.now - started) / .seconds(1)
        context.progress.callEnded(result.status)
        return result
    }

    // MARK: Interview mode

    static func runInterview(_ caller: SyntheticCaller, _ player: AnswerPlayer, context: CallContext,
                             deadline: ContinuousClock.Instant, random: inout SeededRandom) async throws {
        let settings = context.settings
        let clips = context.answers.clips
        let maxAnswers = settings.questions * 3 + 3
        var liveTurns = 0
        var pendingLive = false
        var interviewing = false
        var listeningAfterCut = false
        let silentLimit = ContinuousClock.now + .seconds(20)
        while true {
            try Task.checkCancellation()
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "the interview did not complete within --call-timeout \(settings.callTimeoutS) s")
            }
            guard interviewing || ContinuousClock.now < silentLimit else {
                throw Failure(description: "no interview state within 20 s of connecting (an echo server? then pass --echo)")
            }
            let read = try await caller.signaling.next(timeout: poll)
            if case .element(let entry) = read {
                switch entry.message {
                case .state?, .interviewer?: interviewing = true
                default: break
                }
                switch entry.message {
                case .bargeIn?:
                    // The server cut its own speech because it heard us. The `listening` that follows
                    // means "go on", not "your turn": wait for its reply (or reprompt) as a person would.
                    listeningAfterCut = true
                case .state(.listening, _)? where listeningAfterCut:
                    listeningAfterCut = false
                case .state(.listening, _)?:
                    if !player.inFlight {
                        player.start(clips[player.started % clips.count], after: .milliseconds(Int64(settings.answerDelayS * 1000)), bargeIn: false)
                    }
                case .state(.asking, _)?:
                    // The interviewer starts a question: barge in a little after it starts (past the
                    // server's echo guard), with the configured probability.
                    if !player.inFlight, random.chance(settings.bargeIn) {
                        let delayMs = 800 + Int64(random.unit() * 800)
                        player.start(clips[player.started % clips.count], after: .milliseconds(delayMs), bargeIn: true)
                    }
                case .turnMetrics?:
                    pendingLive = true
                case .complete?:
                    await player.wait()
                    recordLiveTurns(caller, player, context: context, recorded: &liveTurns)
                    // As a browser page would: hang up once the server has closed signalling.
                    while !caller.signaling.log.isFinished, ContinuousClock.now < deadline {
                        _ = try await caller.signaling.next(timeout: .milliseconds(100))
                        if ContinuousClock.now - entry.receivedAt > .seconds(2) { break }
                    }
                    return
                case .error(let code, let message)?:
                    throw Failure(description: "server error \(code.rawValue): \(message)")
                default:
                    break
                }
            } else if case .finished = read {
                throw Failure(description: "signalling closed before the interview completed (close code \(caller.signaling.closeCode.map(String.init) ?? "none"))")
            }
            if player.started > maxAnswers {
                throw Failure(description: "the interviewer kept asking after \(player.started) answers to \(settings.questions) questions")
            }
            if caller.mediaClosed { throw Failure(description: "the media session closed before the interview completed") }
            if pendingLive, recordLiveTurns(caller, player, context: context, recorded: &liveTurns) {
                pendingLive = false
            }
        }
    }

    /// Feeds the progress display with turns whose reply has been heard; true when all answers so far are counted.
    @discardableResult
    static func recordLiveTurns(_ caller: SyntheticCaller, _ player: AnswerPlayer, context: CallContext, recorded: inout Int) -> Bool {
        let played = player.played
        guard recorded < played.count else { return true }
        let observations = CallObservations(openedAt: caller.signaling.openedAt, signalling: caller.signaling.log.entries,
                                            packets: caller.receivedPackets, answers: played)
        let turns = CallAnalyzer.turns(observations)
        while recorded < turns.count, let latency = turns[recorded].endOfSpeechToFirstAudioMs {
            context.progress.turn(latencyMs: latency)
            recorded += 1
        }
        return recorded >= played.count
    }

    // MARK: Echo mode

    /// Echo mode: answers one after another, each followed by listening until its echo has ended.
    static func runEcho(_ caller: SyntheticCaller, _ player: AnswerPlayer, context: CallContext, deadline: ContinuousClock.Instant) async throws {
        let settings = context.settings
        let clips = context.answers.clips
        for n in 0..<settings.questions {
            player.start(clips[n % clips.count], after: .milliseconds(Int64(settings.answerDelayS * 1000)), bargeIn: false)
            await player.wait()
            try Task.checkCancellation()
            guard player.played.count == n + 1 else { throw Failure(description: "answer \(n + 1) could not be sent") }
            // Listen until 600 ms pass without speech, at most 3 s after the answer.
            let sentEnd = player.played[n].span?.end ?? .now
            while ContinuousClock.now < min(deadline, sentEnd + .seconds(3)) {
                try await Task.sleep(for: .milliseconds(100))
                let lastSpeech = caller.receivedPackets.last(where: \.isSpeech)?.at ?? sentEnd
                if ContinuousClock.now - max(lastSpeech, sentEnd) > .milliseconds(600) { break }
            }
            if caller.signaling.log.entries.contains(where: {
                if case .interviewer? = $0.message { return true }
                if case .state? = $0.message { return true }
                return false
            }) {
                throw Failure(description: "the server runs interviews, not echo mode (start it with `parley serve --echo`, or drop --echo)")
            }
            let observations = CallObservations(openedAt: caller.signaling.openedAt, packets: caller.receivedPackets, answers: player.played)
            if let roundTrip = CallAnalyzer.roundTrips(observations).last, let roundTrip {
                context.progress.turn(latencyMs: roundTrip)
            }
            guard ContinuousClock.now < deadline else { throw Failure(description: "the call did not finish within --call-timeout") }
        }
    }

    // MARK: Measuring

    static func measure(_ o: CallObservations, stats: RTCPSessionStats?, impairment: NetworkImpairment.Counts?, echo: Bool,
                        into result: inout CallResult) {
        result.connectMs = o.connectedAt.map { CallAnalyzer.ms($0, since: o.openedAt) }
        let turns = echo ? [] : CallAnalyzer.turns(o)
        result.turns = turns
        result.joinMs = echo ? nil : CallAnalyzer.joinMs(o)
        result.roundTripsMs = echo ? CallAnalyzer.roundTrips(o).compactMap { $0 } : []
        result.timeline = CallAnalyzer.timeline(o, turns: turns)
        result.media = mediaResult(o, stats: stats, impairment: impairment)
    }

    static func mediaResult(_ o: CallObservations, stats: RTCPSessionStats?, impairment: NetworkImpairment.Counts?) -> MediaResult {
        let loss = CallAnalyzer.receiveLoss(o.packets)
        let receiveFraction = loss.expected > 0 ? Double(loss.lost) / Double(loss.expected) : 0
        let receiveBurst = EModel.burstRatio(meanBurstLength: loss.meanBurst, lossFraction: receiveFraction)
        let receiveJitter = stats?.jitterMs ?? 0
        var rtt = stats?.rttMs
        // The server's view of the caller's stream: its latest mediaStats, else its RTCP reports.
        var sendLoss: Double?
        var sendJitter: Double?
        if case .mediaStats(let m)? = o.signalling.last(where: { if case .mediaStats? = $0.message { return true } else { return false } })?.message {
            let expected = m.packetsReceived + m.packetsLost
            sendLoss = expected > 0 ? 100 * Double(m.packetsLost) / Double(expected) : 0
            sendJitter = m.jitterMs
            rtt = rtt ?? m.rttMs
        } else if let stats, let lost = stats.remotePacketsLost, stats.packetsSent > 0 {
            sendLoss = 100 * Double(max(0, lost)) / Double(stats.packetsSent)
            sendJitter = stats.remoteJitterMs
        }
        var sendBurst = 1.0
        if let impairment, impairment.packets > 0 {
            sendBurst = EModel.burstRatio(meanBurstLength: impairment.meanBurstLength,
                                          lossFraction: Double(impairment.dropped) / Double(impairment.packets))
        }
        let mosReceive = EModel.mos(oneWayDelayMs: EModel.oneWayDelayMs(rttMs: rtt, jitterMs: receiveJitter),
                                    lossPercent: 100 * receiveFraction, burstRatio: receiveBurst)
        let mosSend = sendLoss.map {
            EModel.mos(oneWayDelayMs: EModel.oneWayDelayMs(rttMs: rtt, jitterMs: sendJitter ?? 0), lossPercent: $0, burstRatio: sendBurst)
        }
        return MediaResult(
            packetsSent: Int(stats?.packetsSent ?? 0), packetsDroppedByImpairment: impairment?.dropped ?? 0,
            packetsReceived: o.packets.count, receiveLost: loss.lost, receiveLossPercent: 100 * receiveFraction,
            receiveJitterMs: receiveJitter, receiveBurstRatio: receiveBurst, sendLossPercent: sendLoss, sendJitterMs: sendJitter,
            sendBurstRatio: sendBurst, rttMs: rtt, mosReceive: mosReceive, mosSend: mosSend, mos: min(mosReceive, mosSend ?? mosReceive))
    }
}

/// Runs `body` in a task of its own that the caller's cancellation does not reach (cleanup).
func uncancelled<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
    await Task { await body() }.value
}
