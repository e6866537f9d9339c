import AudioCodec
import Foundation
import ICELite
import MediaSession
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ParleyCrypto
import RTP
import SDP
import STUN
import SignalingProtocol
import SpeechOutput

/// A WebRTC caller built on Parley's own media cores in the client role (ICE controlling with
/// aggressive nomination, DTLS client, SRTP, Opus): it joins an interview through the signalling
/// WebSocket exactly as a browser does, sends 48 kHz audio and collects what it hears — every
/// received packet with its arrival time and loudest 10 ms window (``AudioLevel``).
public final class SyntheticCaller: @unchecked Sendable {
    /// How the caller behaves.
    public struct Options: Sendable {
        /// Local address for the media socket.
        public var localHost = "127.0.0.1"
        /// Keep every decoded sample (for tests that analyse the audio); off for load runs.
        public var keepSamples = true
        /// Network emulation for outgoing RTP.
        public var impairment: OutgoingImpairment?

        public init(localHost: String = "127.0.0.1", keepSamples: Bool = true, impairment: OutgoingImpairment? = nil) {
            self.localHost = localHost
            self.keepSamples = keepSamples
            self.impairment = impairment
        }
    }

    /// What the caller has heard and seen so far.
    public struct Received: Sendable {
        /// Decoded 48 kHz mono samples of every audio packet received, in arrival order
        /// (only with ``Options/keepSamples``).
        public var samples: [Int16] = []
        public var packets = 0
        public var events: [MediaSessionEvent] = []
    }

    /// One audio packet as it arrived.
    public struct ReceivedPacket: Sendable, Equatable {
        /// When its datagram reached the machine (the kernel's receive stamp).
        public var at: ContinuousClock.Instant
        public var sequenceNumber: UInt16
        public var timestamp: UInt32
        /// The loudest 10 ms window of its decoded audio, dBFS.
        public var levelDBFS: Float

        public init(at: ContinuousClock.Instant, sequenceNumber: UInt16, timestamp: UInt32, levelDBFS: Float) {
            self.at = at
            self.sequenceNumber = sequenceNumber
            self.timestamp = timestamp
            self.levelDBFS = levelDBFS
        }

        /// Whether it carries speech (a 10 ms window at ``AudioLevel/audibleThresholdDBFS`` or louder).
        public var isSpeech: Bool { AudioLevel.isAudible(Double(levelDBFS)) }
    }

    public let signaling: SignalingClient
    let transport: CallerMediaTransport
    private let received = NIOLockedValueBox(Received())
    private let packetLog = NIOLockedValueBox([ReceivedPacket]())
    private let encoder: OpusEncoder
    private let connection = AsyncLog<Result<ContinuousClock.Instant, MediaSessionCloseReason>>()
    /// RTP timestamps and pacing of outgoing frames (event loop).
    private let timestamps = OutgoingTimestamps()
    private let microphone: Microphone
    private let clipIds = NIOLockedValueBox<UInt64>(0)

    /// Joins: opens the signalling socket at `signalURL`, offers, applies the answer and starts ICE.
    /// Returns once the answer is applied; `waitUntilConnected()` waits for DTLS-SRTP.
    public static func join(signalURL: String, options: Options = Options(),
                            group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> SyntheticCaller {
        let signaling = try await SignalingClient.connect(url: signalURL, group: group)
        do {
            return try await SyntheticCaller(signaling: signaling, options: options, group: group)
        } catch {
            await signaling.close()
            throw error
        }
    }

    /// Joins on an already open signalling connection (closed by ``hangUp(sendEnd:)``).
    public static func join(signaling: SignalingClient, options: Options = Options(),
                            group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> SyntheticCaller {
        try await SyntheticCaller(signaling: signaling, options: options, group: group)
    }

    /// Joins with the default options on `localHost`.
    public static func join(signalURL: String, localHost: String,
                            group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> SyntheticCaller {
        try await join(signalURL: signalURL, options: Options(localHost: localHost), group: group)
    }

    /// Why joining a call failed.
    public enum JoinError: Error, CustomStringConvertible {
        case server(code: String, message: String)
        case noAnswer
        case noUsableCandidate
        case mediaFailed(String)

        public var description: String {
            switch self {
            case .server(let code, let message): "server error \(code): \(message)"
            case .noAnswer: "the server closed signalling without an answer"
            case .noUsableCandidate: "the answer has no UDP candidate this caller can reach"
            case .mediaFailed(let why): "media failed: \(why)"
            }
        }
    }

    private init(signaling: SignalingClient, options: Options, group: EventLoopGroup) async throws {
        self.signaling = signaling
        encoder = try OpusEncoder(sampleRate: 48_000, channels: 1, application: .voip)
        try encoder.setInbandFEC(true)
        let credentials = ICECredentials.random()
        let certificate = try Certificate.generateSelfSigned(commonName: "parley-caller")
        let ssrc = SecureRandom.uint32() | 1
        let offer = try SDPOfferBuilder(iceUfrag: credentials.ufrag, icePwd: credentials.password,
                                        fingerprint: certificate.sdpFingerprint, ssrc: ssrc, cname: "caller").offer()
        try await signaling.send(.offer(sdp: offer))
        var answerSDP: String?
        while answerSDP == nil {
            guard let message = try await signaling.next() else { throw JoinError.noAnswer }
            switch message {
            case .answer(let sdp): answerSDP = sdp
            case .error(let code, let text): throw JoinError.server(code: code.rawValue, message: text)
            default: continue
            }
        }
        let answer = try SessionDescription(parsing: answerSDP ?? "")
        guard let audio = answer.media.first(where: { $0.kind == "audio" && $0.port != 0 }),
              let candidate = (audio.candidates + answer.candidates).first(where: {
                  $0.isUDP && TransportAddress(host: $0.address, port: $0.port)?.family == .ipv4
              }),
              let remoteAddress = TransportAddress(host: candidate.address, port: candidate.port) else {
            throw JoinError.noUsableCandidate
        }
        guard let ufrag = audio.iceUfrag ?? answer.iceUfrag, let pwd = audio.icePwd ?? answer.icePwd,
              let fingerprint = (audio.fingerprints + answer.fingerprints).first,
              let payloadType = audio.payloadTypes.first else {
            throw JoinError.mediaFailed("the answer lacks ICE credentials, a fingerprint or a payload type")
        }
        let remoteFingerprint = try CertificateFingerprint(sdpValue: fingerprint.value)
        let configuration = MediaSessionConfiguration(
            role: .client(remoteAddress: remoteAddress), localCredentials: credentials,
            remoteCredentials: ICECredentials(ufrag: ufrag, password: pwd), certificate: certificate,
            remoteFingerprint: remoteFingerprint, localSSRC: ssrc, cname: "caller", payloadType: payloadType)
        let decoder = try OpusDecoder(sampleRate: 48_000, channels: 1)
        let box = received, log = packetLog, connection = connection, keepSamples = options.keepSamples
        transport = try await CallerMediaTransport.start(
            localHost: options.localHost, group: group, impairment: options.impairment,
            makeSession: { try MediaSession(configuration: configuration, now: .now, wallClock: Date().timeIntervalSince1970) },
            onEvent: { event, arrival in
                switch event {
                case .audio(let packet):
                    let pcm = (try? decoder.decode(packet.payload)) ?? []
                    log.withLockedValue {
                        $0.append(ReceivedPacket(at: arrival, sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp,
                                                 levelDBFS: Float(AudioLevel.loudestWindowDBFS(pcm))))
                    }
                    box.withLockedValue {
                        if keepSamples { $0.samples.append(contentsOf: pcm) }
                        $0.packets += 1
                    }
                    return
                case .connected:
                    connection.append(.success(.now))
                case .closed(let reason):
                    connection.append(.failure(reason))
                    connection.finish()
                default:
                    break
                }
                box.withLockedValue { $0.events.append(event) }
            })
        let transport = transport, timestamps = timestamps
        microphone = Microphone(loop: transport.channel.eventLoop) { payload, startsTalkspurt, now in
            let timestamp = timestamps.next(startingTalkspurt: startsTalkspurt, now: now)
            transport.sendOnLoop(payload: payload, rtpTimestamp: timestamp, marker: startsTalkspurt, now: now)
            return timestamp
        }
    }

    /// Waits until DTLS-SRTP is up (or throws why it never will be); returns when it came up.
    @discardableResult
    public func waitUntilConnected() async throws -> ContinuousClock.Instant {
        switch try await connection.element(at: 0) {
        case .success(let at)?: return at
        case .failure(let reason)?: throw JoinError.mediaFailed("\(reason)")
        case nil: throw JoinError.mediaFailed("closed")
        }
    }

    /// Whether the media session has ended (closed by either side or failed).
    public var mediaClosed: Bool { connection.isFinished }

    // MARK: Sending

    /// Encodes `pcm` (48 kHz mono) with this caller's encoder into 20 ms Opus frames; a trailing
    /// partial frame is padded with silence.
    public func encode(_ pcm: [Int16]) throws -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var offset = 0
        while offset < pcm.count {
            var frame = Array(pcm[offset..<min(offset + 960, pcm.count)])
            if frame.count < 960 { frame += [Int16](repeating: 0, count: 960 - frame.count) }
            frames.append(try encoder.encode(pcm: frame))
            offset += 960
        }
        return frames
    }

    /// Encodes and sends one 20 ms frame (960 samples at 48 kHz) at once.
    public func sendFrame(_ pcm: [Int16]) throws {
        let payload = try encoder.encode(pcm: pcm)
        let transport = transport, timestamps = timestamps
        transport.channel.eventLoop.execute {
            let now = ContinuousClock.now
            let first = timestamps.isFirst
            transport.sendOnLoop(payload: payload, rtpTimestamp: timestamps.next(startingTalkspurt: first, now: now), marker: first, now: now)
        }
    }

    /// Sends `samples` (48 kHz mono) in real time, 20 ms per frame.
    public func play(_ samples: [Int16]) async throws {
        _ = try await send(frames: try encode(Array(samples.prefix(samples.count / 960 * 960))))
    }

    /// Sends pre-encoded 20 ms Opus frames in real time, paced on the caller's event loop after
    /// whatever is queued before them; returns when each frame was handed to the socket (before any
    /// impairment delay) and with which RTP timestamp. Cancelling the task stops the clip.
    public func send(frames: [[UInt8]]) async throws -> [SentFrame] {
        guard !frames.isEmpty else { return [] }
        let loop = transport.channel.eventLoop
        let promise = loop.makePromise(of: [SentFrame].self)
        let id = clipIds.withLockedValue { $0 += 1; return $0 }
        let microphone = microphone
        loop.execute { microphone.enqueue(frames, id: id, promise: promise) }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            loop.execute { microphone.cancel(id: id) }
        }
    }

    /// Sends `silenceFrame` (an encoded 20 ms of silence) whenever no clip is playing, from now
    /// until hang-up, as a browser's microphone track does. Without it the caller sends nothing
    /// between clips (like Opus DTX) and each clip is a talkspurt of its own.
    public func startContinuousAudio(silenceFrame: [UInt8]) {
        let microphone = microphone
        transport.channel.eventLoop.execute { microphone.startContinuous(silenceFrame: silenceFrame) }
    }

    // MARK: Reading

    /// A snapshot of what was received.
    public var receivedSoFar: Received { received.withLockedValue { $0 } }

    /// Every audio packet received so far, in arrival order.
    public var receivedPackets: [ReceivedPacket] { packetLog.withLockedValue { $0 } }

    /// Media statistics of the caller's session (read on its event loop).
    public func stats() async throws -> RTCPSessionStats {
        try await transport.channel.eventLoop.submit { self.transport.session.stats }.get()
    }

    /// Stops all media traffic at once, without DTLS close_notify or RTCP BYE: what the server
    /// sees when the caller's network drops (for consent-freshness and impairment tests).
    public func abandonMedia() async {
        try? await transport.channel.close()
    }

    /// Hangs up: sends `end` (when asked and still open), closes media and signalling.
    public func hangUp(sendEnd: Bool = true) async {
        let microphone = microphone
        try? await transport.channel.eventLoop.submit { microphone.stop() }.get()
        if sendEnd, !signaling.log.isFinished { try? await signaling.send(.end) }
        await transport.close()
        await signaling.close()
    }
}
