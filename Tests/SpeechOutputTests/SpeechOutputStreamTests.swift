import AudioCodec
import SpeechOutput
import XCTest

final class SpeechOutputStreamTests: XCTestCase {
    private let t0 = ContinuousClock.now

    /// Two utterances separated by silence: 20 ms frames, timestamps following wall time
    /// (×48) across the gap, and the marker only on the first frame of each talkspurt.
    func testTimestampsContinuousAcrossUtterancesAndMarkerPerTalkspurt() throws {
        let initial: UInt32 = 0xFFFF_F000  // wraps during the test
        let stream = try SpeechOutputStream(settings: SpeechOutputSettings(initialTimestamp: initial))
        let pacer = Pacer<Int>(epoch: t0)
        pacer.register(1, source: stream, now: t0)
        XCTAssertTrue(try stream.enqueue(utteranceId: "a", pcm: SpeechTestAudio.tone(frequency: 300, sampleRate: 48000, milliseconds: 300), sampleRate: 48000))
        stream.finishUtterance("a")

        var sent: [PacedFrame<Int>] = []
        for slot in 0..<80 {
            if slot == 40 {
                try stream.enqueue(utteranceId: "b", pcm: SpeechTestAudio.tone(frequency: 500, sampleRate: 48000, milliseconds: 200), sampleRate: 48000)
                stream.finishUtterance("b")
            }
            sent += pacer.tick(now: pacer.slotTime(Int64(slot)))
        }

        // 15 + 1 hangover frames for "a", 10 + 1 for "b"; nothing in the silence between.
        XCTAssertEqual(sent.count, 27)
        XCTAssertEqual(sent.filter { $0.frame.utteranceId == "a" }.count, 15)
        XCTAssertEqual(sent.filter { $0.frame.utteranceId == "b" }.count, 10)
        for paced in sent {
            XCTAssertEqual(try OpusPacket.sampleCount(paced.frame.payload), 960, "every frame is exactly 20 ms")
            let elapsedMs = t0.duration(to: paced.slotTime) / .milliseconds(1)
            XCTAssertEqual(paced.frame.rtpTimestamp &- initial, UInt32(elapsedMs * 48), "ts − ts0 = wall time × 48")
        }
        for (previous, next) in zip(sent, sent.dropFirst()) {
            let wallMs = (previous.slotTime.duration(to: next.slotTime)) / .milliseconds(1)
            XCTAssertEqual(Double(next.frame.rtpTimestamp &- previous.frame.rtpTimestamp), wallMs * 48, accuracy: 0.001)
        }
        let markers = sent.enumerated().filter { $0.element.frame.marker }.map(\.offset)
        XCTAssertEqual(markers, [0, 16], "marker on the first frame of each talkspurt only")
        XCTAssertEqual(sent[16].frame.utteranceId, "b")
        XCTAssertEqual(sent[16].frame.rtpTimestamp &- initial, 40 * 960)
        XCTAssertEqual(sent[15].frame.kind, .hangoverSilence)

        let events = stream.pollEvents()
        XCTAssertEqual(events, [
            .utteranceStarted(id: "a", at: t0),
            .utteranceFinished(id: "a", at: pacer.slotTime(14)),
            .utteranceStarted(id: "b", at: pacer.slotTime(40)),
            .utteranceFinished(id: "b", at: pacer.slotTime(49)),
        ])
        XCTAssertEqual(sent.last?.frame.playedSamples, 0)
        XCTAssertEqual(sent.filter { $0.frame.utteranceId == "b" }.last?.frame.playedSamples, 9600)
        print("timestamps: \(sent.count) frames, markers at frames \(markers), gap of \(40 - 16) silent slots, ts advanced \(sent[16].frame.rtpTimestamp &- sent[15].frame.rtpTimestamp) over it")
    }

    /// Back-to-back utterances share a talkspurt: one marker, no hangover between.
    func testQueuedUtterancesPlayBackToBack() throws {
        let stream = try SpeechOutputStream(settings: SpeechOutputSettings(hangoverFrames: 0))
        try stream.enqueue(utteranceId: "a", pcm: [Int16](repeating: 1000, count: 1500), sampleRate: 48000)
        try stream.enqueue(utteranceId: "b", pcm: [Int16](repeating: 1000, count: 960), sampleRate: 48000)
        stream.finishUtterance("a")
        stream.finishUtterance("b")
        let frames = drive(stream, from: t0, slots: 0..<5).map(\.frame)
        XCTAssertEqual(frames.map(\.utteranceId), ["a", "a", "b"])
        XCTAssertEqual(frames.map(\.marker), [true, false, false])
        XCTAssertEqual(frames.map(\.playedSamples), [960, 1500, 960])
    }

    /// TTS slower than real time: silence frames inside the talkspurt (no marker, no gap),
    /// and the utterance resumes where it stopped.
    func testUnderrunSendsSilenceWithinTalkspurt() throws {
        let stream = try SpeechOutputStream()
        try stream.enqueue(utteranceId: "u", pcm: [Int16](repeating: 2000, count: 1000), sampleRate: 48000)
        var frames = drive(stream, from: t0, slots: 0..<3).map(\.frame)
        try stream.enqueue(utteranceId: "u", pcm: [Int16](repeating: 2000, count: 2000), sampleRate: 48000)
        stream.finishUtterance("u")
        frames += drive(stream, from: t0, slots: 3..<8).map(\.frame)

        XCTAssertEqual(frames.map(\.kind), [.speech, .underrunSilence, .underrunSilence, .speech, .speech, .speech, .hangoverSilence])
        XCTAssertEqual(frames.map(\.marker), [true, false, false, false, false, false, false])
        XCTAssertEqual(frames.map(\.playedSamples), [960, 960, 960, 1920, 2880, 3000, 0])
        XCTAssertEqual(frames.map(\.rtpTimestamp), (0..<7).map { UInt32($0 * 960) })
        XCTAssertEqual(stream.stats.underrunFrames, 2)
        XCTAssertEqual(stream.stats.speechFrames, 4)
        XCTAssertEqual(stream.pollEvents().last, .utteranceFinished(id: "u", at: t0 + .milliseconds(100)))
        print("underrun: kinds \(frames.map(\.kind))")
    }

    /// A TTS stall longer than maxUnderrunSilenceMs ends the talkspurt; audio resumes with a marker.
    func testLongUnderrunEndsTalkspurt() throws {
        let stream = try SpeechOutputStream(settings: SpeechOutputSettings(maxUnderrunSilenceMs: 60))
        try stream.enqueue(utteranceId: "u", pcm: [Int16](repeating: 2000, count: 960), sampleRate: 48000)
        let first = drive(stream, from: t0, slots: 0..<8)
        XCTAssertEqual(first.map(\.slot), [0, 1, 2, 3], "one speech frame, 60 ms of underrun silence, then quiet")
        XCTAssertEqual(first.map(\.frame.kind), [.speech, .underrunSilence, .underrunSilence, .underrunSilence])
        XCTAssertEqual(stream.speaking?.utteranceId, "u", "still the current utterance (barge-in applies)")
        try stream.enqueue(utteranceId: "u", pcm: [Int16](repeating: 2000, count: 960), sampleRate: 48000)
        let resumed = try XCTUnwrap(stream.nextFrame(now: t0 + .milliseconds(160)))
        XCTAssertEqual(resumed.kind, .speech)
        XCTAssertTrue(resumed.marker, "a new talkspurt after the gap")
        XCTAssertEqual(resumed.rtpTimestamp, 8 * 960)
        XCTAssertEqual(resumed.playedSamples, 1920)
    }

    /// If the pacer drops a talkspurt's first slot, the marker moves to the first frame sent.
    func testMarkerSurvivesSkippedFirstFrame() throws {
        let stream = try SpeechOutputStream()
        try stream.enqueue(utteranceId: "u", pcm: [Int16](repeating: 2000, count: 4800), sampleRate: 48000)
        stream.skipFrame(now: t0)
        let frame = try XCTUnwrap(stream.nextFrame(now: t0 + .milliseconds(20)))
        XCTAssertTrue(frame.marker)
        XCTAssertEqual(frame.rtpTimestamp, 960)
        XCTAssertEqual(frame.playedSamples, 1920, "the skipped slot's audio was consumed")
        XCTAssertFalse(try XCTUnwrap(stream.nextFrame(now: t0 + .milliseconds(40))).marker)
        XCTAssertEqual(stream.stats.skippedFrames, 1)
        XCTAssertEqual(stream.pollEvents(), [.utteranceStarted(id: "u", at: t0)])
    }

    /// An utterance waits for a full frame (or its end) before starting.
    func testStartsOnlyWithAFullFrameOrWhenFinished() throws {
        let stream = try SpeechOutputStream()
        try stream.enqueue(utteranceId: "u", pcm: [Int16](repeating: 100, count: 500), sampleRate: 48000)
        XCTAssertNil(stream.nextFrame(now: t0))
        XCTAssertNil(stream.speaking)
        stream.finishUtterance("u")
        let frame = try XCTUnwrap(stream.nextFrame(now: t0 + .milliseconds(20)))
        XCTAssertEqual(frame.playedSamples, 500)
        XCTAssertTrue(frame.marker)
        XCTAssertEqual(frame.rtpTimestamp, 960, "the silent slot still advanced the clock")
    }

    /// cancelAll: the next slots send only encoded silence, queued audio is dropped, late chunks refused.
    func testCancelDropsQueuedAudio() throws {
        let stream = try SpeechOutputStream()
        try stream.enqueue(utteranceId: "a", pcm: [Int16](repeating: 3000, count: 48000), sampleRate: 48000,
                           words: [SpokenWord(word: "one", startSample: 0), SpokenWord(word: "two", startSample: 9600),
                                   SpokenWord(word: "three", startSample: 19200)])
        try stream.enqueue(utteranceId: "b", pcm: [Int16](repeating: 3000, count: 48000), sampleRate: 48000)
        stream.finishUtterance("b")
        XCTAssertEqual(drive(stream, from: t0, slots: 0..<5).count, 5)
        XCTAssertEqual(stream.speaking?.utteranceId, "a")
        _ = stream.pollEvents()

        let cut = stream.cancelAll(now: t0 + .milliseconds(90))
        XCTAssertEqual(cut.interrupted?.utteranceId, "a")
        XCTAssertEqual(cut.interrupted?.playedSamples, 4800)
        XCTAssertEqual(cut.interrupted?.atMs, 100)
        XCTAssertEqual(cut.interrupted?.heardText, "one", "exactly half of 'one' (4800 of 9600 samples) was sent")
        XCTAssertEqual(cut.droppedUtteranceIds, ["b"])
        XCTAssertEqual(cut.cancelledUtteranceIds, ["a", "b"])
        let after = stream.nextFrame(now: t0 + .milliseconds(100))
        XCTAssertEqual(after?.kind, .hangoverSilence, "the cut is followed by encoded silence, none of the cut speech")
        XCTAssertNil(after?.utteranceId)
        XCTAssertEqual(after?.playedSamples, 0)
        XCTAssertEqual(stream.bufferedSamples, 0)
        XCTAssertNil(stream.speaking)
        XCTAssertFalse(try stream.enqueue(utteranceId: "a", pcm: [1, 2, 3], sampleRate: 48000), "late TTS chunk refused")
        XCTAssertTrue(stream.isRetired("b"))
        XCTAssertEqual(stream.pollEvents(), [
            .utteranceInterrupted(id: "a", playedSamples: 4800, heardText: "one", atMs: 100),
            .utteranceDropped(id: "b"),
        ])

        try stream.enqueue(utteranceId: "c", pcm: [Int16](repeating: 3000, count: 960), sampleRate: 48000)
        let next = try XCTUnwrap(stream.nextFrame(now: t0 + .milliseconds(120)))
        XCTAssertFalse(next.marker, "right after the cut's silence: the same talkspurt")
        XCTAssertEqual(next.rtpTimestamp, 6 * 960, "slots 0–4 speech, slot 5 the cut's silence, slot 6 now")
        XCTAssertEqual(next.kind, .speech, "a new utterance ends the cut's silence early")
    }

    /// The heard-text rule: a word counts once half of its span (to the next word) was sent.
    func testHeardTextHalfWordRule() throws {
        let words = [SpokenWord(word: "one", startSample: 0), SpokenWord(word: "two", startSample: 9600),
                     SpokenWord(word: "three", startSample: 19200), SpokenWord(word: "four", startSample: 28800)]
        let cases: [(frames: Int, heard: String)] = [
            (4, ""),                // 3840 of "one"'s 9600
            (5, "one"),             // 4800 ≥ 9600 / 2
            (14, "one"),            // "two" 3840 of 9600 played
            (15, "one two"),        // "two" 4800 of 9600
            (25, "one two three"),  // 24000: "three" 4800 of 9600
            (34, "one two three"),  // 32640: "four" 3840 of 9600 (ends at 38400)
            (35, "one two three four"),
        ]
        for (frames, heard) in cases {
            let stream = try SpeechOutputStream()
            try stream.enqueue(utteranceId: "u", pcm: [Int16](repeating: 500, count: 38400), sampleRate: 48000, words: words)
            stream.finishUtterance("u")
            _ = drive(stream, from: t0, slots: 0..<frames)
            XCTAssertEqual(stream.cancelAll(now: t0).interrupted?.heardText, heard, "after \(frames) frames")
        }
    }

    /// Comfort-noise mode fills every silent slot at about the configured level.
    func testComfortNoiseMode() throws {
        let stream = try SpeechOutputStream(settings: SpeechOutputSettings(silence: .comfortNoise(levelDBFS: -50), hangoverFrames: 0))
        let frames = drive(stream, from: t0, slots: 0..<50).map(\.frame)
        XCTAssertEqual(frames.count, 50)
        XCTAssertEqual(frames.filter(\.marker).count, 1, "one continuous stream: only its first packet is marked")
        XCTAssertTrue(frames.allSatisfy { $0.kind == .comfortNoise })
        let level = 20 * log10(SpeechTestAudio.rms(try SpeechTestAudio.decode(frames).dropFirst(4800)) / 32768)
        XCTAssertEqual(level, -50, accuracy: 6)
    }

    /// Opus DTX mode: only the encoder's comfort-noise updates are sent in silence.
    func testOpusDTXModeSendsOnlyUpdates() throws {
        let stream = try SpeechOutputStream(settings: SpeechOutputSettings(silence: .opusDTX, hangoverFrames: 0))
        try stream.enqueue(utteranceId: "u", pcm: SpeechTestAudio.tone(frequency: 300, sampleRate: 48000, milliseconds: 200), sampleRate: 48000)
        stream.finishUtterance("u")
        let frames = drive(stream, from: t0, slots: 0..<100)
        let silent = frames.filter { $0.frame.kind == .comfortNoise }
        XCTAssertEqual(frames.filter { $0.frame.kind == .speech }.count, 10)
        XCTAssertLessThan(silent.count, 30, "most of 1.8 s of silence is not sent")
        XCTAssertTrue(silent.allSatisfy { $0.frame.payload.count > 2 })
        for (index, entry) in frames.enumerated() where index > 0 {
            let gap = entry.slot - frames[index - 1].slot
            XCTAssertEqual(entry.frame.marker, gap > 1, "marker after every gap, slot \(entry.slot)")
            XCTAssertEqual(entry.frame.rtpTimestamp, UInt32(entry.slot * 960))
        }
        print("opusDTX: \(silent.count) comfort-noise updates in 90 silent slots at slots \(silent.map(\.slot))")
    }

    func testBadInputThrows() throws {
        let stream = try SpeechOutputStream()
        try stream.enqueue(utteranceId: "u", pcm: [0, 0], sampleRate: 22050)
        XCTAssertThrowsError(try stream.enqueue(utteranceId: "u", pcm: [0], sampleRate: 16000)) { error in
            XCTAssertEqual(error as? SpeechOutputError, .sampleRateChanged(utteranceId: "u", was: 22050, now: 16000))
        }
        stream.finishUtterance("u")
        XCTAssertThrowsError(try stream.enqueue(utteranceId: "u", pcm: [0], sampleRate: 22050)) { error in
            XCTAssertEqual(error as? SpeechOutputError, .utteranceAlreadyFinished("u"))
        }
        XCTAssertThrowsError(try stream.enqueue(utteranceId: "v", pcm: [0], sampleRate: 0)) { error in
            XCTAssertEqual(error as? SpeechOutputError, .unsupportedSampleRate(0))
        }
        XCTAssertThrowsError(try SpeechOutputStream(settings: SpeechOutputSettings(bitrate: 10)))
        XCTAssertThrowsError(try SpeechOutputStream(settings: SpeechOutputSettings(expectedPacketLossPercent: 101)))
    }
}

final class ExpectedPacketLossTests: XCTestCase {
    func testReportedLossSteersTheEncoderWithinBounds() throws {
        let stream = try SpeechOutputStream()
        XCTAssertEqual(stream.expectedLossPercent, 5)
        stream.updateExpectedPacketLoss(percent: 6)
        XCTAssertEqual(stream.expectedLossPercent, 5, "changes under 2 points are ignored")
        stream.updateExpectedPacketLoss(percent: 12)
        XCTAssertEqual(stream.expectedLossPercent, 12)
        stream.updateExpectedPacketLoss(percent: 90)
        XCTAssertEqual(stream.expectedLossPercent, 30)
        stream.updateExpectedPacketLoss(percent: -4)
        XCTAssertEqual(stream.expectedLossPercent, 0)
    }
}
