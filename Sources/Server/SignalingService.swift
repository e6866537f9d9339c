import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import MediaSession
import Metrics
import Speech
import SignalingProtocol
import Storage

/// The signalling WebSocket of PROTOCOL.md (`/v1/interviews/{id}/signal?token=…`): SDP offer/answer
/// and live events, one live session per interview.
final class SignalingService: Sendable {
    let database: ParleyDatabase
    let transcriber: any UtteranceTranscriber
    let synthesizer: any StreamingSynthesizer
    let interviewerBridge: LLMInterviewerBridge?
    let media: MediaServer
    let configuration: ServerConfiguration
    let adminToken: String
    let logger: Logger
    let live = LiveSessions()

    init(database: ParleyDatabase, media: MediaServer, configuration: ServerConfiguration, adminToken: String, logger: Logger) {
        self.database = database
        self.media = media
        self.configuration = configuration
        self.adminToken = adminToken
        self.logger = logger
        let fallbacks = Counter(label: "parley_stt_fallbacks_total")
        let sttDeadline = Duration.milliseconds(configuration.sttDeadlineMs)
        let embeddedSTT = PocketSphinxTranscriber()
        if !configuration.echo { embeddedSTT.warmUp() }
        var transcriber = FallbackTranscriber(
            primary: OpenAITranscriber(settings: .init(
                baseURL: configuration.sttURL, apiKey: configuration.sttAPIKey, model: configuration.sttModel,
                requestTimeout: min(.seconds(5), sttDeadline), deadline: sttDeadline)),
            fallback: embeddedSTT,
            // A hard stop a little after the service's own deadline, whatever the service does.
            deadline: sttDeadline + .milliseconds(250),
            onFallback: { error in
                fallbacks.increment()
                logger.warning("transcription service failed; PocketSphinx answered this turn", metadata: ["error": "\(error)"])
            })
        if configuration.sttStreaming != .off {
            let support = STTStreamSupport(), auto = configuration.sttStreaming == .auto
            let url = configuration.sttURL, key = configuration.sttAPIKey
            transcriber.openStream = { prompt in
                guard !auto || support.isUsable else { return nil }
                return WhisperStreamSession(baseURL: url, apiKey: key, prompt: prompt, onUnsupported: {
                    if auto {
                        support.markUnsupported()
                        logger.info("the transcription service has no stream routes; each turn is sent in one request")
                    }
                })
            }
        }
        self.transcriber = transcriber
        let policyFallbacks = Counter(label: "parley_llm_fallbacks_total")
        interviewerBridge = configuration.llmURL.map { url in
            let chat = OpenAIChatClient.Settings(baseURL: url, apiKey: configuration.llmAPIKey, model: configuration.llmModel)
            return LLMInterviewerBridge(policy: OpenAIChatPolicy(
                chat: chat,
                onFallback: { error in
                    policyFallbacks.increment()
                    logger.warning("chat model failed; the rule-based line was spoken", metadata: ["error": "\(error)"])
                }), reportScorer: LLMReportScorer(settings: chat))
        }
        let embedded = ESpeakStreamingSynthesizer()
        if let url = configuration.ttsURL {
            let ttsFallbacks = Counter(label: "parley_tts_fallbacks_total")
            synthesizer = FallbackSynthesizer(
                primary: OpenAISpeechSynthesizer(settings: .init(
                    baseURL: url, apiKey: configuration.ttsAPIKey, model: configuration.ttsModel, voice: configuration.ttsVoice)),
                fallback: embedded,
                onFallback: { error in
                    ttsFallbacks.increment()
                    logger.warning("speech service failed; eSpeak NG spoke instead", metadata: ["error": "\(error)"])
                })
        } else {
            synthesizer = embedded
        }
    }

    func register(on router: Router<BasicWebSocketRequestContext>) {
        router.ws("/v1/interviews/:id/signal") { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let id = context.requestContext.parameters.get("id") ?? ""
            let token = context.request.uri.queryParameters.get("token")
            let connection = SignalingConnection(service: self, interviewId: id, outbound: outbound)
            await connection.run(token: token, inbound: inbound)
        }
    }
}

/// One signalling WebSocket connection.
final class SignalingConnection: @unchecked Sendable {
    let service: SignalingService
    let interviewId: String
    let outbound: WebSocketOutboundWriter
    private var call: MediaCall?
    private var eventsTask: Task<Void, Never>?

    init(service: SignalingService, interviewId: String, outbound: WebSocketOutboundWriter) {
        self.service = service
        self.interviewId = interviewId
        self.outbound = outbound
    }

    func run(token: String?, inbound: WebSocketInboundStream) async {
        let owner = ObjectIdentifier(self)
        guard let interview = await authorize(token: token) else { return }
        guard await service.live.claim(interview.id, owner: owner) else {
            await send(.error(code: .sessionInProgress, message: "this interview already has a live session"))
            try? await outbound.close(.unknown(SignalingCloseCode.sessionInProgress), reason: "session in progress")
            return
        }
        defer {
            eventsTask?.cancel()
            interviewOutbox?.cancel()
            if let call { service.media.close(call) }
            let live = service.live
            Task { await live.release(interview.id, owner: owner) }
        }
        var assembler = SignalingMessageAssembler(maxMessageBytes: service.configuration.maxMessageBytes)
        do {
            for try await frame in inbound {
                let opcode: SignalingMessageAssembler.Opcode = switch frame.opcode {
                case .text: .text
                case .binary: .binary
                case .continuation: .continuation
                }
                switch assembler.feed(opcode: opcode, payload: frame.data.readableBytesView, fin: frame.fin) {
                case nil:
                    continue
                case .tooLarge(let bytes):
                    await send(.error(code: .tooLarge, message: "a message may hold at most \(assembler.maxMessageBytes) bytes (this one reached \(bytes))"))
                    try? await outbound.close(.messageTooLarge, reason: "message too large")
                    return
                case .outOfSequence:
                    await send(.error(code: .badMessage, message: "a continuation frame out of sequence"))
                case .binary:
                    await send(.error(code: .badMessage, message: "binary messages are not part of the protocol"))
                case .notUTF8:
                    await send(.error(code: .badJSON, message: "a text message must be UTF-8"))
                case .text(let text):
                    let parsed: ClientMessage
                    do {
                        parsed = try ClientMessage(json: text, maxBytes: assembler.maxMessageBytes)
                    } catch let error as SignalingError {
                        await send(error.serverMessage)
                        continue
                    } catch {
                        await send(.error(code: .badMessage, message: "unreadable message"))
                        continue
                    }
                    if await !handle(parsed, interview: interview) { return }
                }
            }
        } catch {
            // A broken connection, or a frame over the frame limit (the frame decoder has
            // already answered with close 1009): nothing more can be said on it.
            service.logger.debug("signalling connection ended", metadata: ["interview": "\(interview.id)", "error": "\(error)"])
        }
    }

    /// Checks the join token (or the admin token); sends the documented error and closes otherwise.
    private func authorize(token: String?) async -> InterviewRecord? {
        let record = try? service.database.interview(id: interviewId)
        guard let token, let record else {
            await send(.error(code: record == nil && token != nil ? .notFound : .unauthorized,
                              message: token == nil ? "missing token" : "no such interview"))
            try? await outbound.close(.unknown(token == nil ? SignalingCloseCode.unauthorized : SignalingCloseCode.notFound), reason: nil)
            return nil
        }
        let isAdmin = ConstantTime.equal(token, service.adminToken)
        guard isAdmin || (ConstantTime.equal(token, record.joinToken) && record.joinTokenExpiresAt > Date()) else {
            await send(.error(code: .unauthorized, message: "the join token is wrong or has expired"))
            try? await outbound.close(.unknown(SignalingCloseCode.unauthorized), reason: nil)
            return nil
        }
        guard record.status != "completed" else {
            await send(.error(code: .badState, message: "this interview is already completed"))
            try? await outbound.close(.normalClosure, reason: nil)
            return nil
        }
        return record
    }

    /// Handles one message; false ends the connection.
    private func handle(_ message: ClientMessage, interview: InterviewRecord) async -> Bool {
        switch message {
        case .offer(let sdp):
            guard call == nil else {
                await send(.error(code: .badState, message: "an offer was already answered on this connection"))
                return true
            }
            do {
                let (answer, call) = try await service.media.open(offerSDP: sdp, echo: service.configuration.echo)
                self.call = call
                if !service.configuration.echo {
                    try await startInterview(interview, on: call)
                }
                await send(.answer(sdp: answer))
                try? service.database.updateStatus(interviewId: interview.id, status: "in_progress")
                watch(call, interviewId: interview.id)
            } catch {
                await send(.error(code: .badSDP, message: "\(error)"))
            }
            return true
        case .candidate:
            // Parley is ICE-lite: it learns the peer's address from its checks (RFC 8445 §2.5).
            return true
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return true }
            if let call, !service.configuration.echo {
                service.media.withConductor(of: call) { conductor, now in conductor.candidateTyped(trimmed, now: now) }
                return true
            }
            do {
                let seq = try service.database.nextUtteranceSeq(interviewId: interview.id)
                try service.database.append(UtteranceRecord(interviewId: interview.id, seq: seq, role: "candidate",
                                                             text: trimmed, startMs: 0, endMs: 0))
                await send(.transcript(role: .candidate, text: trimmed, final: true, seq: seq))
            } catch {
                service.logger.error("could not store a typed answer", metadata: ["error": "\(error)"])
                await send(.error(code: .internal, message: "could not store the answer"))
            }
            return true
        case .end:
            if let call, !service.configuration.echo, interviewOutbox != nil {
                // The interviewer says goodbye; `complete` follows from the interview itself.
                service.media.withConductor(of: call) { conductor, now in conductor.candidateEnded(now: now) }
                return true
            }
            if let call { service.media.close(call) }
            call = nil
            try? service.database.updateStatus(interviewId: interview.id, status: "completed")
            await send(.complete(interviewId: interview.id))
            try? await outbound.close(.normalClosure, reason: nil)
            return false
        }
    }

    private var interviewOutbox: Task<Void, Never>?

    /// Attaches an interview conductor to the call; its messages go out in order, and the socket
    /// closes after `complete`.
    private func startInterview(_ interview: InterviewRecord, on call: MediaCall) async throws {
        let (messages, outbox) = AsyncStream.makeStream(of: ServerMessage.self)
        let service = service
        try await service.media.attach(call) { call, loop in
            try InterviewConductor(interview: interview, audio: call.audio, eventLoop: loop, database: service.database,
                                   transcriber: service.transcriber, synthesizer: service.synthesizer,
                                   outbox: outbox, logger: service.logger, tuning: service.configuration.tuning,
                                   interviewerBridge: service.interviewerBridge, metrics: service.media.metrics)
        }
        interviewOutbox = Task { [weak self] in
            for await message in messages {
                await self?.send(message)
                if case .complete = message {
                    try? await Task.sleep(for: .milliseconds(200))
                    try? await self?.outbound.close(.normalClosure, reason: nil)
                    break
                }
            }
        }
    }

    private func watch(_ call: MediaCall, interviewId: String) {
        let logger = service.logger
        let database = service.database
        eventsTask = Task { [weak self] in
            for await event in call.events {
                switch event {
                case .session(.connected(let profile)):
                    logger.info("media connected", metadata: ["interview": "\(interviewId)", "srtp": "\(profile)"])
                case .session(.closed(let reason)):
                    logger.info("media closed", metadata: ["interview": "\(interviewId)", "reason": "\(reason)"])
                    // A completed interview stays completed (the page may hang up right after `complete`).
                    if reason != .localClose, (try? database.markDisconnected(interviewId: interviewId)) == true {
                        await self?.send(.error(code: .disconnected, message: "media \(reason)"))
                    }
                case .stats(let stats, let pacingJitterMaxMs):
                    await self?.send(.mediaStats(MediaStats(
                        packetsSent: Int(stats.packetsSent), packetsReceived: Int(stats.packetsReceived),
                        packetsLost: Int(stats.packetsLost), fractionLost: stats.fractionLost, jitterMs: stats.jitterMs,
                        rttMs: stats.rttMs, remoteFractionLost: stats.remoteFractionLost, pacingJitterMaxMs: pacingJitterMaxMs)))
                default:
                    break
                }
            }
        }
    }

    func send(_ message: ServerMessage) async {
        try? await outbound.write(.text(message.jsonText()))
    }
}
