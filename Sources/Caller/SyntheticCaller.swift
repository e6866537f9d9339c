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

/// A WebRTC caller built on Parley's own media cores in the client role (ICE controlling with
/// aggressive nomination, DTLS client, SRTP, Opus): it joins an interview through the signalling
/// WebSocket exactly as a browser does, sends 48 kHz audio and collects what it hears.
public final class SyntheticCaller: @unchecked Sendable {
    /// What the caller has heard and seen so far.
    public struct Received: Sendable {
        /// Decoded 48 kHz mono samples of every audio packet received, in arrival order.
        public var samples: [Int16] = []
        public var packets = 0
        public var events: [MediaSessionEvent] = []
    }

    public let signaling: SignalingClient
    let transport: CallerMediaTransport
    private let received = NIOLockedValueBox(Received())
    private let encoder: OpusEncoder
    private var rtpTimestamp: UInt32 = UInt32.random(in: 0...UInt32.max)
    private var sentFrames = 0
    private let connected: AsyncStream<Result<Void, MediaSessionCloseReason>>
    private var connectedIterator: AsyncStream<Result<Void, MediaSessionCloseReason>>.AsyncIterator

    /// Joins: opens the signalling socket at `signalURL`, offers, applies the answer and starts ICE.
    /// Returns once the answer is applied; `waitUntilConnected()` waits for DTLS-SRTP.
    public static func join(signalURL: String, localHost: String = "127.0.0.1",
                            group: EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> SyntheticCaller {
        let signaling = try await SignalingClient.connect(url: signalURL, group: group)
        do {
            return try await SyntheticCaller(signaling: signaling, localHost: localHost, group: group)
        } catch {
            await signaling.close()
            throw error
        }
    }

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

    private init(signaling: SignalingClient, localHost: String, group: EventLoopGroup) async throws {
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
        let (stream, continuation) = AsyncStream.makeStream(of: Result<Void, MediaSessionCloseReason>.self)
        connected = stream
        connectedIterator = stream.makeAsyncIterator()
        let decoder = try OpusDecoder(sampleRate: 48_000, channels: 1)
        let box = received
        transport = try await CallerMediaTransport.start(
            localHost: localHost, group: group,
            makeSession: { try MediaSession(configuration: configuration, now: .now, wallClock: Date().timeIntervalSince1970) },
            onEvent: { event in
                switch event {
                case .audio(let packet):
                    let pcm = (try? decoder.decode(packet.payload)) ?? []
                    box.withLockedValue {
                        $0.samples.append(contentsOf: pcm)
                        $0.packets += 1
                    }
                    return
                case .connected:
                    continuation.yield(.success(()))
                case .closed(let reason):
                    continuation.yield(.failure(reason))
                    continuation.finish()
                default:
                    break
                }
                box.withLockedValue { $0.events.append(event) }
            })
    }

    /// Waits until DTLS-SRTP is up (or throws why it never will be).
    public func waitUntilConnected() async throws {
        switch await connectedIterator.next() {
        case .success?: return
        case .failure(let reason)?: throw JoinError.mediaFailed("\(reason)")
        case nil: throw JoinError.mediaFailed("closed")
        }
    }

    /// Encodes and sends one 20 ms frame (960 samples at 48 kHz).
    public func sendFrame(_ pcm: [Int16]) throws {
        let payload = try encoder.encode(pcm: pcm)
        transport.send(payload: payload, rtpTimestamp: rtpTimestamp, marker: sentFrames == 0)
        rtpTimestamp &+= UInt32(pcm.count)
        sentFrames += 1
    }

    /// Sends `samples` (48 kHz mono) in real time, 20 ms per frame.
    public func play(_ samples: [Int16]) async throws {
        let clock = ContinuousClock()
        var due = clock.now
        var offset = 0
        while offset + 960 <= samples.count {
            try sendFrame(Array(samples[offset..<offset + 960]))
            offset += 960
            due = due + .milliseconds(20)
            try await clock.sleep(until: due, tolerance: .milliseconds(1))
        }
    }

    /// A snapshot of what was received.
    public var receivedSoFar: Received { received.withLockedValue { $0 } }

    /// Media statistics of the caller's session (read on its event loop).
    public func stats() async throws -> RTCPSessionStats {
        try await transport.channel.eventLoop.submit { self.transport.session.stats }.get()
    }

    /// Stops all media traffic at once, without DTLS close_notify or RTCP BYE: what the server
    /// sees when the caller's network drops (for consent-freshness and impairment tests).
    public func abandonMedia() async {
        try? await transport.channel.close()
    }

    /// Hangs up: sends `end`, closes media and signalling.
    public func hangUp(sendEnd: Bool = true) async {
        if sendEnd { try? await signaling.send(.end) }
        await transport.close()
        await signaling.close()
    }
}
