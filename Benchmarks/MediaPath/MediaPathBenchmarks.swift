import AudioCodec
import Benchmark
import ICELite
import MediaSession
import RTP
import SRTP
import STUN

/// Parley's media path, per operation: what one RTP packet, one Opus frame or one STUN check costs.
///
/// Per-packet benchmarks run 1000 operations per sample (`scalingFactor: .kilo`); results are
/// shown per operation. Fixtures (keys, protected packet batches, connected sessions, encoded
/// audio) are built in each benchmark's setup hook, outside the measurement.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        warmupIterations: 10,
        maxDuration: .seconds(2),
        maxIterations: 1_000_000)

    registerPacketBenchmarks()
    registerSessionBenchmarks()
    registerOpusBenchmarks()
    registerSTUNBenchmarks()
    registerEchoBenchmarks()
    registerAudioChainBenchmarks()  // AudioChainBenchmarks.swift
}

/// Holds a benchmark's fixture from its setup hook to its teardown hook.
final class Box<Value> {
    var value: Value?

    func get() throws -> Value {
        guard let value else { throw FixtureError("fixture missing: setup did not run or failed") }
        return value
    }
}

/// The configuration of a per-packet benchmark: 1000 operations per sample.
private func perPacket(_ setup: @escaping Benchmark.BenchmarkSetupHook,
                       teardown: @escaping Benchmark.BenchmarkTeardownHook) -> Benchmark.Configuration {
    .init(scalingFactor: .kilo, setup: setup, teardown: teardown)
}

/// The configuration of a per-frame (Opus) benchmark: one frame per sample.
private func perFrame(_ setup: @escaping Benchmark.BenchmarkSetupHook,
                      teardown: @escaping Benchmark.BenchmarkTeardownHook) -> Benchmark.Configuration {
    .init(scalingFactor: .one, setup: setup, teardown: teardown)
}

// MARK: 1–2. Receive and send path per packet (SRTP + RTP, no session)

private func registerPacketBenchmarks() {
    for profile in SRTPProfile.allCases {
        let box = Box<SRTPFixture>()
        let setup: Benchmark.BenchmarkSetupHook = { box.value = try SRTPFixture(profile: profile, audio: .shared) }
        let teardown: Benchmark.BenchmarkTeardownHook = { box.value = nil }

        // RFC 7983 demux + rtcp-mux check + SRTP unprotect + RTP parse: what the server does per received packet.
        Benchmark("Receive packet (demux+unprotect+parse) \(profile.rawValue)",
                  configuration: perPacket(setup, teardown: teardown)) { benchmark in
            let fixture = try box.get()
            try fixture.reserve(benchmark.scaledIterations.count)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let datagram = fixture.nextDatagram()
                guard DatagramKind(classifying: datagram) == .rtp, !RTPPacket.isRTCP(datagram: datagram) else {
                    throw FixtureError("datagram not classified as RTP")
                }
                let plain = try fixture.receiver.unprotectRTP(datagram)
                blackHole(try RTPPacket(parsing: plain))
            }
        }

        // RTP serialize + SRTP protect: what the server does per sent packet.
        Benchmark("Send packet (serialize+protect) \(profile.rawValue)",
                  configuration: perPacket(setup, teardown: teardown)) { benchmark in
            let fixture = try box.get()
            let payload = AudioFixture.shared.serverFrames[0]
            for _ in benchmark.scaledIterations {
                let (sequenceNumber, timestamp) = fixture.nextSendHeader()
                let packet = RTPPacket(payloadType: SRTPFixture.payloadType, sequenceNumber: sequenceNumber,
                                       timestamp: timestamp, ssrc: 0x1111, payload: payload)
                blackHole(try fixture.serverSender.protectRTP(try packet.serialize()))
            }
        }
    }
}

// MARK: 3. Full MediaSession receive and send

private func registerSessionBenchmarks() {
    let box = Box<SessionFixture>()
    let setup: Benchmark.BenchmarkSetupHook = { box.value = try SessionFixture(audio: .shared) }
    let teardown: Benchmark.BenchmarkTeardownHook = { box.value = nil }

    // handle(datagram:from:now:) on a connected server session (negotiated profile: AEAD-AES-128-GCM),
    // then taking the `.audio` event out, as the UDP transport does.
    Benchmark("Session receive (handle+pollEvent)", configuration: perPacket(setup, teardown: teardown)) { benchmark in
        let fixture = try box.get()
        try fixture.reserve(benchmark.scaledIterations.count)
        let server = fixture.server
        let now = fixture.now
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            server.handle(datagram: fixture.nextDatagram(), from: SessionFixture.clientAddress, now: now)
            guard case .audio(let packet) = server.pollEvent() else { throw FixtureError("no audio event") }
            blackHole(packet)
        }
    }

    // sendAudio + drainTransmits on a connected server session.
    Benchmark("Session send (sendAudio+drainTransmits)", configuration: perPacket(setup, teardown: teardown)) { benchmark in
        let fixture = try box.get()
        let server = fixture.server
        let now = fixture.now
        let payload = AudioFixture.shared.serverFrames[0]
        var timestamp: UInt32 = 0
        for _ in benchmark.scaledIterations {
            guard server.sendAudio(payload: payload, rtpTimestamp: timestamp, marker: false, now: now) else {
                throw FixtureError("sendAudio refused")
            }
            blackHole(server.drainTransmits())
            timestamp &+= UInt32(AudioFixture.frameSamples)
        }
    }
}

// MARK: 4. Opus

private func registerOpusBenchmarks() {
    let decoder = Box<OpusDecoder>()
    var frame = 0
    var decodeConfiguration = perFrame({
        decoder.value = try OpusDecoder(sampleRate: 48_000, channels: 1)
        frame = 0
    }, teardown: { decoder.value = nil })
    decodeConfiguration.metrics += [opusPayloadBytes]
    // Decodes the browser-encoded frames (32 kbit/s), as the server does with received audio.
    Benchmark("Opus decode 20 ms (48 kHz mono)", configuration: decodeConfiguration) { benchmark in
        let decoder = try decoder.get()
        let opusFrames = AudioFixture.shared.opusFrames
        var bytes = 0
        for _ in benchmark.scaledIterations {
            let packet = opusFrames[frame % opusFrames.count]
            bytes += packet.count
            blackHole(try decoder.decode(packet))
            frame &+= 1
        }
        benchmark.measurement(opusPayloadBytes, bytes / benchmark.scaledIterations.count)
    }

    let encoder = Box<OpusEncoder>()
    var encodeConfiguration = perFrame({
        encoder.value = try OpusEncoder(sampleRate: 48_000, channels: 1, application: .voip)
        frame = 0
    }, teardown: { encoder.value = nil })
    encodeConfiguration.metrics += [opusPayloadBytes]
    // Encodes with the server's settings (VOIP, libopus default bitrate and complexity).
    Benchmark("Opus encode 20 ms (48 kHz mono, VOIP)", configuration: encodeConfiguration) { benchmark in
        let encoder = try encoder.get()
        let pcmFrames = AudioFixture.shared.pcmFrames
        var bytes = 0
        for _ in benchmark.scaledIterations {
            let packet = try encoder.encode(pcm: pcmFrames[frame % pcmFrames.count])
            bytes += packet.count
            blackHole(packet)
            frame &+= 1
        }
        benchmark.measurement(opusPayloadBytes, bytes / benchmark.scaledIterations.count)
    }
}

/// Size of each encoded 20 ms frame (the RTP payload), to show the test audio is realistic.
private let opusPayloadBytes = BenchmarkMetric.custom("Opus payload (bytes)", polarity: .prefersSmaller, useScalingFactor: false)

// MARK: 5. STUN

private func registerSTUNBenchmarks() {
    let fixture = STUNFixture()

    // Parse + FINGERPRINT (CRC-32) + MESSAGE-INTEGRITY (HMAC-SHA1) of a browser's Binding request.
    Benchmark("STUN parse+verify Binding request", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            let message = try STUNMessage(parsing: fixture.request)
            guard message.verifyFingerprint(), message.verifyMessageIntegrity(key: fixture.key) else {
                throw FixtureError("Binding request did not verify")
            }
            blackHole(message)
        }
    }

    // A Binding success response: XOR-MAPPED-ADDRESS + MESSAGE-INTEGRITY + FINGERPRINT.
    let transactionID = (try? STUNMessage(parsing: fixture.request).transactionID) ?? .random()
    Benchmark("STUN build Binding success", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(STUNMessage(type: .bindingSuccess, transactionID: transactionID,
                                  attributes: [.xorMappedAddress(fixture.source)])
                .serialize(messageIntegrityKey: fixture.key, fingerprint: true))
        }
    }

    // The whole ICE-lite check: parse, verify, role checks, response, consent refresh.
    let agent = Box<ICELiteAgent>()
    let now = ContinuousClock.now
    Benchmark("ICE-lite handle Binding request", configuration: perPacket({
        agent.value = ICELiteAgent(localCredentials: fixture.server, remoteCredentials: fixture.browser, now: now)
    }, teardown: { agent.value = nil })) { benchmark in
        var state = try agent.get()
        for _ in benchmark.scaledIterations {
            let outputs = state.handle(stunBytes: fixture.request, from: fixture.source, now: now)
            guard case .transmit = outputs.first else { throw FixtureError("no Binding response") }
            blackHole(outputs)
        }
        agent.value = state
    }
}

// MARK: 6. Echo per frame (what `parley serve --echo` does per packet)

private func registerEchoBenchmarks() {
    // Raw cores: unprotect + parse + Opus decode + Opus encode + serialize + protect.
    struct Echo {
        let srtp: SRTPFixture
        let decoder: OpusDecoder
        let encoder: OpusEncoder
    }
    /// The server's echo encoder settings (in-band FEC on, as `EchoPipeline` sets).
    func echoEncoder() throws -> OpusEncoder {
        let encoder = try OpusEncoder(sampleRate: 48_000, channels: 1, application: .voip)
        try encoder.setInbandFEC(true)
        return encoder
    }

    let profile = SRTPProfile.aeadAes128Gcm
    let box = Box<Echo>()
    Benchmark("Echo frame (unprotect+parse+decode+encode+serialize+protect) \(profile.rawValue)",
              configuration: perFrame({
                  box.value = Echo(srtp: try SRTPFixture(profile: profile, audio: .shared, batchSize: 20_000),
                                   decoder: try OpusDecoder(sampleRate: 48_000, channels: 1), encoder: try echoEncoder())
              }, teardown: { box.value = nil })) { benchmark in
        let echo = try box.get()
        try echo.srtp.reserve(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let datagram = echo.srtp.nextDatagram()
            guard DatagramKind(classifying: datagram) == .rtp, !RTPPacket.isRTCP(datagram: datagram) else {
                throw FixtureError("datagram not classified as RTP")
            }
            let received = try RTPPacket(parsing: try echo.srtp.receiver.unprotectRTP(datagram))
            let pcm = try echo.decoder.decode(received.payload)
            let (sequenceNumber, _) = echo.srtp.nextSendHeader()
            let reply = RTPPacket(payloadType: SRTPFixture.payloadType, sequenceNumber: sequenceNumber,
                                  timestamp: received.timestamp, ssrc: 0x1111, payload: try echo.encoder.encode(pcm: pcm))
            blackHole(try echo.srtp.serverSender.protectRTP(try reply.serialize()))
        }
    }

    // The same through the server's MediaSession: handle + pollEvent + decode + encode + sendAudio + drainTransmits.
    struct SessionEcho {
        let session: SessionFixture
        let decoder: OpusDecoder
        let encoder: OpusEncoder
    }
    let sessionBox = Box<SessionEcho>()
    Benchmark("Echo frame via MediaSession (handle+decode+encode+sendAudio)",
              configuration: perFrame({
                  sessionBox.value = SessionEcho(session: try SessionFixture(audio: .shared, batchSize: 20_000),
                                                 decoder: try OpusDecoder(sampleRate: 48_000, channels: 1),
                                                 encoder: try echoEncoder())
              }, teardown: { sessionBox.value = nil })) { benchmark in
        let echo = try sessionBox.get()
        try echo.session.reserve(benchmark.scaledIterations.count)
        let server = echo.session.server
        let now = echo.session.now
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            server.handle(datagram: echo.session.nextDatagram(), from: SessionFixture.clientAddress, now: now)
            guard case .audio(let packet) = server.pollEvent() else { throw FixtureError("no audio event") }
            let pcm = try echo.decoder.decode(packet.payload)
            guard server.sendAudio(payload: try echo.encoder.encode(pcm: pcm), rtpTimestamp: packet.timestamp,
                                   marker: false, now: now) else { throw FixtureError("sendAudio refused") }
            blackHole(server.drainTransmits())
        }
    }
}
