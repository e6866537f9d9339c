import Foundation
import Interview
import JitterBuffer
import Logging
import NIOCore
import SignalingProtocol
import Speech
import SpeechOutput
import SpeexDSP
import Storage
import VoiceActivity

/// Runs one interview over one call, on the media event loop: the candidate's jitter-buffered
/// audio is resampled to 16 kHz and endpointed (VAD); each finished turn is transcribed off the
/// loop; the interview state machine decides what the interviewer says; its lines are synthesized
/// (streamed) into the call's outgoing speech; a confirmed onset while the interviewer speaks is a
/// barge-in. Everything the candidate should see goes out through `outbox`, in order; everything
/// said is stored as it happens.
final class InterviewConductor {
    let interviewId: String
    private var machine: InterviewMachine
    private let audio: CallAudio
    private let eventLoop: EventLoop
    private let database: ParleyDatabase
    private let transcriber: any UtteranceTranscriber
    private let synthesizer: any StreamingSynthesizer
    private let outbox: AsyncStream<ServerMessage>.Continuation
    private let logger: Logger
    private let prompt: String
    private let interviewerBridge: LLMInterviewerBridge?
    private let metrics: ServerMetrics?
    /// Live captions of the candidate's turns (nil when `PARLEY_LIVE_CAPTIONS` is off).
    private var captions: CallCaptions?
    /// Interviewer lines synthesized ahead while the candidate answers (`PARLEY_PREEMPTIVE_REPLIES`).
    private var preemptive: PreemptiveSpeech?
    /// Each turn streamed to the transcription service while spoken (`PARLEY_STT_STREAMING`).
    private var sttStream: CallSTTStream?

    private let resampler: Resampler
    private let vad: VoiceActivityDetector
    private var endpointer = Endpointer<ContinuousClock.Instant>()
    private var bargeIn = BargeInController()
    private var startedAt: ContinuousClock.Instant?

    /// 16 kHz audio of the turn in progress, with ~300 ms of audio before its onset.
    private var turnAudio: [Int16] = []
    private var preRoll: [Int16] = []
    private static let preRollSamples = 4_800
    private var turnStart: ContinuousClock.Instant?
    private var lastFrameEnergy: Float = -100

    /// Texts of interviewer utterances by id, and the synthesis chain.
    private var lines: [String: String] = [:]
    private var synthesisQueue: [(id: String, text: String)] = []
    private var synthesisTask: Task<Void, Never>?
    private var synthesizingId: String?
    private var cancelledIds: Set<String> = []

    /// Latency of the turn in progress (end of speech → first interviewer audio).
    private var turn = TurnTiming()
    /// Recent candidate audio windows, to find the last audible one when a turn ends.
    private var speechEnds: SpeechEndLocator
    /// Decodes the reply's first frames as the caller will, to find its first audible packet.
    private let replyProbe = try? DecodedLevelProbe()
    private let hangover: Duration
    private var turnNumber = 0
    private var seq = 0
    /// Whether this conductor picked up an interview a previous connection left.
    private(set) var resuming = false

    init(interview: InterviewRecord, audio: CallAudio, eventLoop: EventLoop, database: ParleyDatabase,
         transcriber: any UtteranceTranscriber, synthesizer: any StreamingSynthesizer,
         outbox: AsyncStream<ServerMessage>.Continuation, logger: Logger, tuning: VoiceTuning = VoiceTuning(),
         interviewerBridge: LLMInterviewerBridge? = nil, metrics: ServerMetrics? = nil) throws {
        self.interviewerBridge = interviewerBridge
        self.metrics = metrics
        hangover = .milliseconds(tuning.vadHangoverMs)
        speechEnds = SpeechEndLocator(memory: .milliseconds(tuning.vadHangoverMs) + .seconds(2))
        interviewId = interview.id
        self.audio = audio
        self.eventLoop = eventLoop
        self.database = database
        self.transcriber = transcriber
        self.synthesizer = synthesizer
        self.outbox = outbox
        self.logger = logger
        let questions = QuestionPlanner.plan(
            role: interview.role, type: InterviewType(rawValue: interview.type) ?? .mixed,
            level: InterviewLevel(rawValue: interview.level) ?? .mid, techstack: interview.techstack,
            count: interview.questionCount, seed: QuestionPlanner.seed(from: interview.id))
        let context = InterviewContext(
            role: interview.role, candidateName: interview.candidateName, techstack: interview.techstack, questions: questions)
        // A candidate coming back (new connection, or after a server restart) within the grace
        // period resumes where the interview stood.
        var settings = InterviewSettings()
        // With a chat model the machine asks for each reply and waits this long for its first words.
        if interviewerBridge != nil { settings.externalPolicyTimeoutMs = 4_000 }
        if let saved = try? database.interviewState(interviewId: interview.id),
           Date().timeIntervalSince(saved.savedAt) * 1000 < Double(settings.reconnectGraceMs),
           let state = try? JSONDecoder().decode(InterviewMachineState.self, from: Data(saved.json.utf8)),
           state.phase != .completed {
            machine = InterviewMachine(context: context, settings: settings, restoring: state)
            resuming = true
        } else {
            machine = InterviewMachine(context: context, settings: settings)
        }
        prompt = ([interview.role] + interview.techstack).joined(separator: ", ")
        resampler = try Resampler(inputRate: 48_000, outputRate: 16_000)
        vad = try VoiceActivityDetector()
        var endpointing = Endpointer<ContinuousClock.Instant>.Settings()
        endpointing.minimumOnset = .milliseconds(tuning.vadOnsetMs)
        endpointing.hangover = .milliseconds(tuning.vadHangoverMs)
        endpointing.speechThreshold = tuning.vadSpeechThreshold
        endpointing.continueThreshold = tuning.vadContinueThreshold
        endpointer = Endpointer(settings: endpointing)
        bargeIn = BargeInController(settings: BargeInSettings(
            minimumOnsetMs: tuning.bargeInOnsetMs, minimumEnergyDB: tuning.bargeInEnergyDB, echoGuardMs: tuning.bargeInEchoGuardMs))
        seq = (try? database.nextUtteranceSeq(interviewId: interview.id)) ?? 0
        audio.receivedLevels = try ReceivedLevelProbe()
        audio.onPlayout = { [weak self] frame, due, pulledAt in self?.heard(frame, at: due, pulledAt: pulledAt) }
        audio.onFrameSent = { [weak self] frame, sentAt in self?.sent(frame, at: sentAt) }
        if let fallback = transcriber as? FallbackTranscriber, let open = fallback.openStream {
            let prompt = prompt
            sttStream = CallSTTStream { open(prompt) }
        }
        if tuning.liveCaptions {
            captions = CallCaptions(
                questions: questions.map(\.text) + questions.flatMap(\.topics), role: interview.role, techstack: interview.techstack,
                intervalMs: tuning.captionIntervalMs, eventLoop: eventLoop, outbox: outbox,
                nextSeq: { [weak self] in self?.seq ?? 0 }, onPartial: { [weak self] in self?.foresee($0) })
            if tuning.preemptiveReplies, interviewerBridge == nil { preemptive = PreemptiveSpeech(synthesizer: synthesizer) }
        }
    }

    var isCompleted: Bool { machine.isCompleted }

    // MARK: Driving (media event loop)

    func start(now: ContinuousClock.Instant) {
        guard startedAt == nil else { return }
        startedAt = now
        if resuming {
            apply(machine.handle(.disconnected, now: now), now: now)
            apply(machine.handle(.reconnected, now: now), now: now)
        } else {
            apply(machine.handle(.start, now: now), now: now)
        }
    }

    /// Called on every media tick: machine deadlines and the speech stream's events.
    func tick(now: ContinuousClock.Instant) {
        guard startedAt != nil else { return }
        for event in audio.speech.pollEvents() { handle(event) }
        if let deadline = machine.nextDeadline(), deadline <= now {
            apply(machine.handle(.tick, now: now), now: now)
        }
    }

    func candidateTyped(_ text: String, now: ContinuousClock.Instant) {
        apply(machine.handle(.candidateTyped(text: text), now: now), now: now)
    }

    func candidateEnded(now: ContinuousClock.Instant) {
        apply(machine.handle(.candidateEnded, now: now), now: now)
    }

    func disconnected(now: ContinuousClock.Instant) {
        apply(machine.handle(.disconnected, now: now), now: now)
        stopSynthesis()
    }

    private func ms(_ instant: ContinuousClock.Instant) -> Int64 {
        guard let startedAt else { return 0 }
        return Int64(((instant - startedAt) / .milliseconds(1)).rounded())
    }

    // MARK: Candidate audio

    private func heard(_ frame: PlayoutFrame, at due: ContinuousClock.Instant, pulledAt: ContinuousClock.Instant) {
        guard startedAt != nil else { return }
        for (index, level) in AudioLevel.windowLevelsDBFS(frame.samples, windowSamples: PlayoutFrame.windowSamples).enumerated() {
            let arrival = index < frame.windowArrivals.count ? frame.windowArrivals[index] : nil
            let timestamp = arrival == nil ? nil : (index < frame.windowRTPTimestamps.count ? frame.windowRTPTimestamps[index] : nil)
            // A window a packet carried counts as loud as that packet was as sent (see ReceivedLevelProbe).
            let sentLevel = timestamp.flatMap { audio.receivedLevels?.levelDBFS(ofPacket: $0) }
            speechEnds.record(.init(arrival: arrival ?? pulledAt, leftBuffer: pulledAt,
                                    end: due + .milliseconds(10 * (index + 1)), levelDBFS: sentLevel ?? level, rtpTimestamp: timestamp))
        }
        let samples16k = resampler.process(frame.samples)
        let frames = vad.process(samples16k)
        if turnStart == nil {
            preRoll += samples16k
            if preRoll.count > Self.preRollSamples { preRoll.removeFirst(preRoll.count - Self.preRollSamples) }
        } else {
            turnAudio += samples16k
        }
        for (index, vadFrame) in frames.enumerated() {
            lastFrameEnergy = vadFrame.energyDBFS
            let frameEnd = due + .milliseconds(10 * (index + 1))
            if let event = endpointer.process(vadFrame, now: frameEnd) { endpointed(event, now: frameEnd, pulledAt: pulledAt) }
            considerBargeIn(now: frameEnd)
        }
        if turnStart != nil {
            captions?.turnAudio(turnAudio)
            sttStream?.turnAudio(turnAudio)
        }
    }

    private func endpointed(_ event: EndpointerEvent<ContinuousClock.Instant>, now: ContinuousClock.Instant, pulledAt: ContinuousClock.Instant) {
        switch event {
        case .speechStarted(let at):
            turnStart = at
            turnAudio = preRoll
            preRoll.removeAll()
            captions?.turnStarted(turnAudio)
            sttStream?.turnStarted(turnAudio)
            apply(machine.handle(.candidateSpeechStarted, now: now), now: now)
        case .speechEnded(let at):
            guard let start = turnStart else { return }
            turnStart = nil
            let samples = turnAudio
            turnAudio.removeAll()
            let speechEnd = speechEnds.speechEnd(from: at - hangover, through: now, speechEndedAt: at)
            turn = TurnTiming(speechEnd: speechEnd ?? .init(arrival: pulledAt, leftBuffer: pulledAt, end: now, levelDBFS: AudioLevel.silenceDBFS),
                              endpointed: pulledAt, questionIndex: machine.state.questionIndex)
            transcribe(samples, startMs: ms(start), endMs: ms(at), caption: captions?.turnEnded(samples),
                       stream: sttStream?.turnEnded(samples))
        }
    }

    private func considerBargeIn(now: ContinuousClock.Instant) {
        guard let start = turnStart, audio.speech.speaking != nil else { return }
        let durationMs = Int(((now - start) / .milliseconds(1)).rounded())
        let decision = bargeIn.speechOnset(at: start, durationMs: durationMs, energyDB: Double(lastFrameEnergy), stream: audio.speech)
        guard case .bargeIn(let cut) = decision else { return }
        for id in cut.cancelledUtteranceIds + cut.droppedUtteranceIds { cancelledIds.insert(id) }
        stopSynthesis()
        outbox.yield(.bargeIn(utteranceId: cut.utteranceId, heardText: cut.heardText, atMs: cut.atMs))
        apply(machine.handle(.bargeIn(utteranceId: cut.utteranceId, heardText: cut.heardText, atMs: Int64(cut.atMs)), now: now), now: now)
    }

    private func transcribe(_ samples: [Int16], startMs: Int64, endMs: Int64,
                            caption: (turn: Int, final: @Sendable () async -> Transcript?)? = nil,
                            stream: WhisperStreamSession? = nil) {
        let transcriber = transcriber, prompt = prompt, loop = eventLoop, logger = logger
        Task { [weak self] in
            let text: String
            do {
                text = try await transcriber.transcribe(samples16k: samples, prompt: prompt, captionFinal: caption?.final, stream: stream).text
            } catch {
                logger.warning("transcription failed", metadata: ["error": "\(error)"])
                text = ""
            }
            loop.execute {
                guard let self else { return }
                let now = ContinuousClock.now
                self.turn.finalReady = now
                let seq = self.seq
                let actions = self.machine.handle(.candidateFinal(text: text, startMs: startMs, endMs: endMs), now: now)
                // Store the answer before telling the candidate it was heard: a crash right after
                // the message must not lose it.
                let (records, others) = (actions.filter(\.isRecord), actions.filter { !$0.isRecord })
                self.apply(records, now: now)
                if let caption { self.captions?.finalReady(turn: caption.turn, seq: seq, text: text) }
                if !text.isEmpty {
                    self.outbox.yield(.transcript(role: .candidate, text: text, final: true, seq: seq))
                }
                self.apply(others, now: now)
                self.preemptive?.discardUnclaimed()
            }
        }
    }

    // MARK: Interviewer speech

    private func handle(_ event: SpeechOutputEvent) {
        let now = ContinuousClock.now
        switch event {
        case .utteranceStarted(let id, let at):
            // Store the line as soon as it is heard (completed or cut later), then announce it.
            storeProvisional(id: id, text: lines[id] ?? "", at: at)
            outbox.yield(.interviewer(text: lines[id] ?? "", utteranceId: id))
            apply(machine.handle(.interviewerUtteranceStarted(id: id), now: now), now: now)
        case .utteranceFinished(let id, _):
            apply(machine.handle(.interviewerUtteranceFinished(id: id), now: now), now: now)
        case .utteranceInterrupted, .utteranceDropped:
            break
        }
    }

    /// The candidate's answer so far reads `partial` (while they speak, or the caption final while
    /// the service's final is awaited): prepare the reply if it cannot depend on the rest.
    private func foresee(_ partial: String) {
        guard let preemptive, turnStart != nil || (turn.isOpen && turn.finalReady == nil) else { return }
        preemptive.expect(machine.previewReplyLines(toAnswer: partial, now: .now))
    }

    private func say(id: String, text: String) {
        preemptive?.claim(id: id, text: text)
        lines[id] = text
        synthesisQueue.append((id, text))
        synthesizeNext()
    }

    /// Synthesizes queued lines one after another, streaming each into the speech output.
    private func synthesizeNext() {
        guard synthesisTask == nil, !synthesisQueue.isEmpty else { return }
        let (id, text) = synthesisQueue.removeFirst()
        guard !cancelledIds.contains(id) else { return synthesizeNext() }
        synthesizingId = id
        let stream = preemptive?.stream(for: id) ?? synthesizer.synthesize(text)
        let loop = eventLoop
        synthesisTask = Task { [weak self] in
            do {
                for try await chunk in stream {
                    let keepGoing = try await loop.submit { () -> Bool in
                        guard let self, !self.cancelledIds.contains(id) else { return false }
                        if self.turn.replyIds.contains(id), self.turn.firstChunk == nil { self.turn.firstChunk = .now }
                        let words = chunk.words.map { SpokenWord(word: $0.word, startSample: $0.startSample) }
                        return (try? self.audio.speech.enqueue(utteranceId: id, pcm: chunk.samples, sampleRate: chunk.sampleRate, words: words)) ?? false
                    }.get()
                    if !keepGoing { break }
                }
            } catch {
                self?.logger.warning("speech synthesis failed", metadata: ["error": "\(error)"])
            }
            loop.execute {
                guard let self else { return }
                self.audio.speech.finishUtterance(id)
                self.synthesisTask = nil
                self.synthesizingId = nil
                self.synthesizeNext()
            }
        }
    }

    private func stopSynthesis() {
        preemptive?.discardAll()
        if let id = synthesizingId { cancelledIds.insert(id) }
        for queued in synthesisQueue { cancelledIds.insert(queued.id) }
        synthesisQueue.removeAll()
        synthesisTask?.cancel()
    }

    // MARK: Machine actions

    private func apply(_ actions: [InterviewAction], now: ContinuousClock.Instant) {
        defer { if actions.contains(where: \.changesDurableState) { saveState() } }
        for action in actions {
            switch action {
            case .say(let id, let text, _):
                if turn.isOpen, turn.policyReady == nil {
                    turn.policyReady = .now  // the clock, not `now`: that may be a playout slot time
                    turn.awaitingFirstAudio = true
                }
                if turn.awaitingFirstAudio { turn.replyIds.insert(id) }
                say(id: id, text: text)
            case .stopSpeaking:
                audio.speech.cancelAll(now: now)
                stopSynthesis()
            case .setState(let state, let questionIndex):
                if let wire = SignalingProtocol.InterviewState(rawValue: state.rawValue) {
                    outbox.yield(.state(wire, questionIndex: questionIndex))
                }
            case .recordUtterance(let utterance):
                store(utterance)
            case .requestReply(let requestId, let input):
                requestReply(requestId, input: input)
            case .complete:
                saveReport(final: true)
                scoreWithModel()
                try? database.updateStatus(interviewId: interviewId, status: "completed")
                outbox.yield(.complete(interviewId: interviewId))
            case .markDisconnected:
                saveReport(final: false)
                try? database.markDisconnected(interviewId: interviewId)
            }
        }
    }

    /// Streams the chat model's wording of the machine's next reply back into the machine,
    /// segment by segment, so speech starts on the first clause.
    private func requestReply(_ requestId: Int, input: PolicyInput) {
        guard let bridge = interviewerBridge else { return }
        let plan = bridge.plan(for: input)
        guard let prompt = bridge.prompt(for: input, plan: plan) else {
            apply(machine.handle(.policyReply(requestId: requestId, segments: plan.segments, isComplete: true), now: .now), now: .now)
            return
        }
        let loop = eventLoop
        Task { [weak self] in
            var index = 0
            do {
                for try await segment in bridge.policy.reply(to: prompt) {
                    let tagged = PolicySegment(segment.text, kind: bridge.kind(ofSegment: index, plan: plan))
                    index += 1
                    loop.execute {
                        guard let self else { return }
                        self.apply(self.machine.handle(.policyReply(requestId: requestId, segments: [tagged], isComplete: false), now: .now), now: .now)
                    }
                }
            } catch {
                self?.logger.warning("chat reply failed", metadata: ["error": "\(error)"])
            }
            loop.execute {
                guard let self else { return }
                self.apply(self.machine.handle(.policyReply(requestId: requestId, segments: [], isComplete: true), now: .now), now: .now)
            }
        }
    }

    /// Interviewer lines stored when they started playing, by text, awaiting their final form.
    private var provisional: [(text: String, seq: Int)] = []

    private func storeProvisional(id: String, text: String, at: ContinuousClock.Instant) {
        let startMs = Int(ms(at))
        do {
            try database.append(UtteranceRecord(
                interviewId: interviewId, seq: seq, role: "interviewer", text: text, startMs: startMs, endMs: startMs,
                questionIndex: machine.state.questionIndex))
            provisional.append((text, seq))
            seq += 1
        } catch {
            logger.error("could not store an utterance", metadata: ["interview": "\(interviewId)", "error": "\(error)"])
        }
    }

    private func store(_ utterance: RecordedUtterance) {
        if utterance.role == .interviewer, let index = provisional.firstIndex(where: { $0.text == utterance.text }) {
            let row = provisional.remove(at: index)
            do {
                try database.completeUtterance(
                    interviewId: interviewId, seq: row.seq, startMs: Int(utterance.startMs), endMs: Int(utterance.endMs),
                    interrupted: utterance.interrupted, heardText: utterance.heardText, questionIndex: utterance.questionIndex)
            } catch {
                logger.error("could not update an utterance", metadata: ["interview": "\(interviewId)", "error": "\(error)"])
            }
            return
        }
        do {
            try database.append(UtteranceRecord(
                interviewId: interviewId, seq: seq, role: utterance.role.rawValue, text: utterance.text,
                startMs: Int(utterance.startMs), endMs: Int(utterance.endMs), interrupted: utterance.interrupted,
                heardText: utterance.heardText, questionIndex: utterance.questionIndex))
            seq += 1
        } catch {
            logger.error("could not store an utterance", metadata: ["interview": "\(interviewId)", "error": "\(error)"])
        }
    }

    private func saveState() {
        do {
            let json = String(decoding: try JSONEncoder().encode(machine.state), as: UTF8.self)
            try database.saveInterviewState(interviewId: interviewId, json: json)
        } catch {
            logger.error("could not save the interview state", metadata: ["interview": "\(interviewId)", "error": "\(error)"])
        }
    }

    /// Scores the answers so far (deterministic rule-based scorer) and stores the report.
    private func saveReport(final: Bool) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            let json = String(decoding: try encoder.encode(machine.report()), as: UTF8.self)
            try database.saveReport(interviewId: interviewId, json: json, final: final)
        } catch {
            logger.error("could not store the report", metadata: ["interview": "\(interviewId)", "error": "\(error)"])
        }
    }

    /// With a chat model configured, replaces the embedded report by the model's structured
    /// scores once they are in (the embedded report is served meanwhile, and stays on failure).
    private func scoreWithModel() {
        guard let scorer = interviewerBridge?.reportScorer else { return }
        let context = machine.context, answers = machine.state.answers
        let database = database, interviewId = interviewId, logger = logger
        Task {
            guard let report = await scorer.score(context: context, answers: answers, logger: logger) else { return }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            do {
                try database.saveReport(interviewId: interviewId, json: String(decoding: try encoder.encode(report), as: UTF8.self), final: true)
            } catch {
                logger.error("could not store the model's report", metadata: ["interview": "\(interviewId)", "error": "\(error)"])
            }
        }
    }

    /// An outgoing frame was written: the first one of the reply whose decoded audio is
    /// audible closes the turn. Every frame sent is decoded, in order, as the caller's decoder
    /// does (a decoder started fresh at the reply heard its first frame at −56 dBFS where the
    /// caller's, and the PCM, had −29).
    private func sent(_ frame: OutgoingFrame, at sentAt: ContinuousClock.Instant) {
        let decoded = replyProbe?.loudestWindowDBFS(ofPayload: frame.payload)
        guard turn.awaitingFirstAudio else { return }
        let level = decoded ?? frame.levelDBFS
        guard let id = frame.utteranceId, turn.replyIds.contains(id), AudioLevel.isAudible(level) else { return }
        reportTurn(firstAudio: sentAt, rtpTimestamp: frame.rtpTimestamp)
    }

    private func reportTurn(firstAudio: ContinuousClock.Instant, rtpTimestamp: UInt32) {
        defer { turn = TurnTiming() }
        guard let metrics = turn.metrics(firstAudio: firstAudio, firstAudioRtpTimestamp: rtpTimestamp) else { return }
        turnNumber += 1
        self.metrics?.record(metrics)
        outbox.yield(.turnMetrics(metrics))
        try? database.recordTurnMetrics(interviewId: interviewId, turn: turnNumber, json: ServerMessage.turnMetrics(metrics).jsonText())
    }
}

extension InterviewAction {
    var isRecord: Bool {
        if case .recordUtterance = self { return true }
        return false
    }

    /// Actions after which the interview's saved state must be brought up to date.
    var changesDurableState: Bool {
        switch self {
        case .setState, .recordUtterance, .complete, .markDisconnected: true
        case .say, .stopSpeaking, .requestReply: false
        }
    }
}
