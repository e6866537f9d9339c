import Benchmark

/// Parley's per-call audio chains, per 20 ms frame (one call sends and receives 50 of each per
/// second), on speech-like audio (``SpeechLikeFixture``), with the server's settings:
///
/// - inbound: SRTP unprotect (AEAD-AES-128-GCM) → RTP parse → jitter buffer insert + pull (Opus
///   decode) → speexdsp 48 → 16 kHz → VAD (2 × 10 ms) → endpointer (``InboundChainFixture``);
/// - outbound: `SpeechOutputStream` enqueue + `nextFrame` (Opus encode; with 22.05 kHz TTS
///   chunks also the resampler) → RTP serialize → SRTP protect (``OutboundChainFixture``);
/// - one event loop's `Pacer` serving 200 streams per tick (``PacerFixture``);
/// - the inbound stages and the speech-output stage alone (``InboundStagesFixture``).
///
/// Every benchmark is one frame (or one pacer tick) per sample; all names start with "Chain",
/// so `swift package benchmark --filter "Chain.*"` runs exactly these.
func registerAudioChainBenchmarks() {
    registerChainBenchmarks()
    registerPacerBenchmarks()
    registerChainStageBenchmarks()
}

/// One frame (or tick) per sample.
private func perFrame(_ setup: @escaping Benchmark.BenchmarkSetupHook,
                      teardown: @escaping Benchmark.BenchmarkTeardownHook) -> Benchmark.Configuration {
    .init(scalingFactor: .one, setup: setup, teardown: teardown)
}

// MARK: Whole chains

private func registerChainBenchmarks() {
    let inbound = Box<InboundChainFixture>()
    Benchmark("Chain inbound frame (unprotect+parse+jitter+decode+resample+VAD+endpoint)",
              configuration: perFrame({
                  inbound.value = try InboundChainFixture(audio: .shared, batchSize: 30_000)
              }, teardown: { inbound.value = nil })) { benchmark in
        let chain = try inbound.get()
        try chain.reserve(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try chain.frame())
        }
    }

    for rate in [48_000, 22_050] {
        let outbound = Box<OutboundChainFixture>()
        let label = rate == 48_000 ? "48 kHz" : "22.05 kHz TTS"
        let steps = rate == 48_000 ? "enqueue+encode+serialize+protect" : "enqueue+resample+encode+serialize+protect"
        Benchmark("Chain outbound frame \(label) (\(steps))",
                  configuration: perFrame({
                      outbound.value = try OutboundChainFixture(audio: .shared, inputRate: rate)
                  }, teardown: { outbound.value = nil })) { benchmark in
            let chain = try outbound.get()
            for _ in benchmark.scaledIterations {
                blackHole(try chain.frame())
            }
        }
    }
}

// MARK: Pacer with 200 streams

private func registerPacerBenchmarks() {
    for speaking in [true, false] {
        let box = Box<PacerFixture>()
        let label = speaking ? "speaking" : "silent"
        // One tick = one 20 ms slot of all 200 streams: the per-stream-frame cost is the figure / 200.
        // Speaking streams get their next 20 ms enqueued before the measurement starts, so the
        // figure is `Pacer.tick` alone: 200 × `nextFrame` (Opus encode) plus the pacer's bookkeeping.
        Benchmark("Chain Pacer tick \(PacerFixture.streamCount) \(label) streams (per tick)",
                  configuration: perFrame({
                      box.value = try PacerFixture(audio: .shared, speaking: speaking)
                  }, teardown: { box.value = nil })) { benchmark in
            let fixture = try box.get()
            for _ in benchmark.scaledIterations { try fixture.feed() }
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try fixture.tick())
            }
        }
    }
}

// MARK: Stages

private func registerChainStageBenchmarks() {
    let stages = Box<InboundStagesFixture>()
    let setup: Benchmark.BenchmarkSetupHook = { stages.value = try InboundStagesFixture(audio: .shared) }
    let teardown: Benchmark.BenchmarkTeardownHook = { stages.value = nil }

    Benchmark("Chain stage jitter buffer insert+pull (Opus decode)", configuration: perFrame(setup, teardown: teardown)) { benchmark in
        let fixture = try stages.get()
        for _ in benchmark.scaledIterations { blackHole(try fixture.jitterFrame()) }
    }

    Benchmark("Chain stage resample 48k to 16k (960 to 320 samples)", configuration: perFrame(setup, teardown: teardown)) { benchmark in
        let fixture = try stages.get()
        for _ in benchmark.scaledIterations { blackHole(fixture.resampleFrame()) }
    }

    Benchmark("Chain stage VAD 2x10 ms + endpointer", configuration: perFrame(setup, teardown: teardown)) { benchmark in
        let fixture = try stages.get()
        for _ in benchmark.scaledIterations { blackHole(fixture.vadFrame()) }
    }

    let outbound = Box<OutboundChainFixture>()
    Benchmark("Chain stage speech output enqueue+nextFrame 48 kHz (Opus encode)",
              configuration: perFrame({
                  outbound.value = try OutboundChainFixture(audio: .shared, inputRate: 48_000)
              }, teardown: { outbound.value = nil })) { benchmark in
        let fixture = try outbound.get()
        for _ in benchmark.scaledIterations { blackHole(try fixture.speechFrame()) }
    }
}
