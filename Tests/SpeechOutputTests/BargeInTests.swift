import ESpeakNG
import SpeechOutput
import XCTest

final class BargeInTests: XCTestCase {
    private let t0 = ContinuousClock.now

    /// A stream speaking a 3 s utterance that started at `t0`, 25 frames in.
    private func speakingStream() throws -> SpeechOutputStream {
        let stream = try SpeechOutputStream()
        try stream.enqueue(utteranceId: "q1", pcm: SpeechTestAudio.tone(frequency: 220, sampleRate: 48000, milliseconds: 3000), sampleRate: 48000)
        stream.finishUtterance("q1")
        XCTAssertEqual(drive(stream, from: t0, slots: 0..<25).count, 25)
        return stream
    }

    /// Noise, coughs and echo do not cut the interviewer.
    func testFalseBargeInGuards() throws {
        let settings = BargeInSettings(minimumOnsetMs: 200, minimumEnergyDB: -45, echoGuardMs: 250)
        let cases: [(name: String, onsetMs: Int, durationMs: Int, energyDB: Double, expected: BargeInRejection)] = [
            ("cough (too short)", 300, 120, -20, .tooShort(durationMs: 120)),
            ("just under the minimum", 300, 199, -20, .tooShort(durationMs: 199)),
            ("background noise (too quiet)", 300, 400, -55, .tooQuiet(energyDB: -55)),
            ("own voice leaking back (echo guard)", 120, 220, -25, .withinEchoGuard(msAfterUtteranceStart: 120)),
            ("echo at the start", 0, 300, -25, .withinEchoGuard(msAfterUtteranceStart: 0)),
        ]
        for testCase in cases {
            let stream = try speakingStream()
            var controller = BargeInController(settings: settings)
            let decision = controller.speechOnset(at: t0 + .milliseconds(testCase.onsetMs), durationMs: testCase.durationMs,
                                                  energyDB: testCase.energyDB, stream: stream)
            XCTAssertEqual(decision, .ignored(testCase.expected), testCase.name)
            let next = stream.nextFrame(now: t0 + .milliseconds(500))
            XCTAssertEqual(next?.kind, .speech, "\(testCase.name): audio not cut")
            XCTAssertEqual(stream.speaking?.utteranceId, "q1")
            XCTAssertEqual(controller.bargeIns, 0)
        }

        var idle = BargeInController(settings: settings)
        let silentStream = try SpeechOutputStream()
        XCTAssertEqual(idle.speechOnset(at: t0, durationMs: 500, energyDB: -10, stream: silentStream), .ignored(.notSpeaking))
        XCTAssertEqual(idle.rejections["notSpeaking"], 1)
    }

    /// A real onset fires once; speech that began before the utterance is not echo.
    func testBargeInFiresOnceAndSpeechBeforeUtteranceIsNotEcho() throws {
        let stream = try speakingStream()
        var controller = BargeInController(settings: BargeInSettings(minimumOnsetMs: 200, minimumEnergyDB: -45, echoGuardMs: 250))
        let onset = t0 - .milliseconds(50)
        XCTAssertEqual(controller.speechOnset(at: onset, durationMs: 100, energyDB: -30, stream: stream), .ignored(.tooShort(durationMs: 100)))
        let decision = controller.speechOnset(at: onset, durationMs: 200, energyDB: -30, stream: stream)
        let bargeIn = try XCTUnwrap(decision.bargeIn)
        XCTAssertEqual(bargeIn.utteranceId, "q1")
        XCTAssertEqual(bargeIn.atMs, 500)
        XCTAssertEqual(bargeIn.decidedAt, t0 + .milliseconds(150))
        let silence = SpeechOutputSettings().cutSilenceFrames
        for slot in 0..<silence {
            XCTAssertEqual(stream.nextFrame(now: t0 + .milliseconds(500 + 20 * slot))?.kind, .hangoverSilence, "the cut: encoded silence only")
        }
        XCTAssertNil(stream.nextFrame(now: t0 + .milliseconds(500 + 20 * silence)))
        XCTAssertEqual(controller.speechOnset(at: onset, durationMs: 300, energyDB: -30, stream: stream), .ignored(.alreadyHandled))
        XCTAssertEqual(controller.bargeIns, 1)
    }

    /// Parley speaks an eSpeak NG sentence streamed chunk by chunk (TTS running ≤100 ms
    /// ahead of playback); the candidate starts speaking at `onset`; the VAD confirms at
    /// `onset + minimumOnsetMs`. The last interviewer frame leaves no later than
    /// `onset + minimumOnsetMs + 20 ms`, the TTS stream is stopped, and the heard text is
    /// a prefix of the sentence within one word of what was played.
    func testBargeInCutsESpeakSentenceInTime() throws {
        let synthesizer = try ESpeakSynthesizer.shared()
        let text = "Thank you for joining us today. Could you tell me about a project you are proud of, and what your role in it was?"
        let allWords = try synthesizer.synthesize(text: text).words
        let settings = BargeInSettings(minimumOnsetMs: 200, minimumEnergyDB: -45, echoGuardMs: 250)

        let start = t0
        let pacer = Pacer<String>(epoch: start)
        let stream = try SpeechOutputStream(settings: SpeechOutputSettings(initialTimestamp: 1000))
        pacer.register("call", source: stream, now: start)
        var controller = BargeInController(settings: settings)
        let onset = start + .milliseconds(1234)
        let confirmation = onset + .milliseconds(settings.minimumOnsetMs)

        var slot: Int64 = 0
        var sent: [PacedFrame<String>] = []
        var decision: BargeInDecision?
        var words48k: [SpokenWord] = []
        func step() {  // one 20 ms tick of the fabricated clock, VAD confirmation delivered in time order
            let tickTime = pacer.slotTime(slot)
            if decision == nil, confirmation <= tickTime {
                decision = controller.speechOnset(at: onset, durationMs: settings.minimumOnsetMs, energyDB: -22, stream: stream)
            }
            sent += pacer.tick(now: tickTime)
            slot += 1
        }

        let summary = try synthesizer.synthesize(text: text) { chunk in
            let words = chunk.words.map { SpokenWord(word: $0.word, startSample: $0.startSample) }
            words48k += chunk.words.map { SpokenWord(word: $0.word, startSample: $0.startSample * 48000 / synthesizer.sampleRate) }
            guard (try? stream.enqueue(utteranceId: "q1", pcm: chunk.samples, sampleRate: synthesizer.sampleRate, words: words)) == true else {
                return .stop  // cancelled by barge-in: stop the TTS stream in flight
            }
            while stream.bufferedSamples > 4800 { step() }
            return .continue
        }
        if !summary.wasCancelled { stream.finishUtterance("q1") }
        for _ in 0..<100 { step() }  // two more seconds

        let bargeIn = try XCTUnwrap(decision?.bargeIn, "barge-in fired")
        XCTAssertTrue(summary.wasCancelled, "the TTS stream in flight was cancelled")
        XCTAssertLessThan(summary.totalSamples, allWords.last.map { $0.startSample } ?? 0, "synthesis stopped before the end")

        let speech = sent.filter { $0.frame.utteranceId == "q1" }
        let lastFrame = try XCTUnwrap(speech.last)
        let lastAfterOnsetMs = onset.duration(to: lastFrame.slotTime) / .milliseconds(1)
        let bound = Double(settings.minimumOnsetMs + 20)
        XCTAssertLessThanOrEqual(lastAfterOnsetMs, bound, "last interviewer frame ≤ onset + minimumOnsetMs + 20 ms")
        let afterCut = sent.filter { $0.slotTime > confirmation }
        XCTAssertTrue(afterCut.allSatisfy { $0.frame.kind == .hangoverSilence && $0.frame.utteranceId == nil },
                      "after the cut only the hangover's encoded silence is sent")
        XCTAssertLessThanOrEqual(afterCut.count, SpeechOutputSettings().cutSilenceFrames)
        let framesAfterOnset = sent.filter { $0.slotTime > onset }.count

        // Heard text: a prefix of the sentence, within one word of the words that started.
        let heard = bargeIn.heardWords
        XCTAssertFalse(heard.isEmpty)
        XCTAssertEqual(heard, Array(allWords.map(\.word).prefix(heard.count)), "heard text is a prefix of the utterance")
        let started = words48k.filter { $0.startSample <= bargeIn.playedSamples }.count
        XCTAssertTrue((started - 1)...started ~= heard.count, "within one word of what was played (\(started) words started)")
        XCTAssertEqual(bargeIn.playedSamples, speech.last?.frame.playedSamples)
        XCTAssertEqual(bargeIn.atMs, bargeIn.playedSamples / 48)
        XCTAssertTrue(text.hasPrefix(heard.first ?? "?"))

        let events = stream.pollEvents()
        XCTAssertEqual(events.first, .utteranceStarted(id: "q1", at: start))
        XCTAssertTrue(events.contains(.utteranceInterrupted(id: "q1", playedSamples: bargeIn.playedSamples,
                                                            heardText: bargeIn.heardText, atMs: bargeIn.atMs)))
        XCTAssertFalse(events.contains { if case .utteranceFinished = $0 { return true } else { return false } })
        print("barge-in: onset at 1234 ms, confirmed at \(1234 + settings.minimumOnsetMs) ms; last interviewer frame \(lastAfterOnsetMs) ms after onset (bound \(bound)); \(framesAfterOnset) frames after onset; atMs \(bargeIn.atMs); heard \"\(bargeIn.heardText)\" (\(heard.count) of \(allWords.count) words, \(started) started); TTS delivered \(summary.totalSamples) samples then stopped")
    }
}
