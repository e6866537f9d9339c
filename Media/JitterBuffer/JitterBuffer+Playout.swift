import AudioCodec

extension JitterBuffer {
    /// Returns the next 20 ms of audio: 960 samples of 48 kHz mono PCM. Call it every
    /// 20 ms with the current time (same clock as the arrivals).
    ///
    /// Before the first packet has waited the target delay, and during DTX, the frame is
    /// comfort silence. Decisions taken here: start, expand (grow the delay), accelerate
    /// (drop a frame), catch up (skip when the delay exceeds the maximum), and for each
    /// missing frame FEC recovery, PLC, or DTX silence.
    public func pull(now: ContinuousClock.Instant) -> PlayoutFrame {
        guard let nowMs = streamMs(now) else { return silenceFrame() }
        if !started {
            guard startIfReady(nowMs: nowMs) else {
                updateDelayStats(nowMs: nowMs)
                return silenceFrame()
            }
        }
        updateDelayStats(nowMs: nowMs)

        // Shrink the delay when the queue cannot fill this pull by itself. (Not only when it is
        // empty: a talkspurt that starts off the 20 ms grid — its timestamp comes from the sender's
        // clock — leaves part of a frame queued at every pull from then on, and a delay grown while
        // waiting for a late packet would stay for the rest of the call.) Grow it only from an
        // empty queue, as before.
        if queue.count < Self.frameSamples {
            let delay = playoutDelayMs(nowMs: nowMs)
            let target = estimator.targetMs
            if delay > configuration.maxDelayMs + Self.frameMs {
                catchUp(nowMs: nowMs, delay: delay, target: target)
            } else if delay >= target + Self.frameMs - configuration.accelerateHysteresisMs,
                      let frame = accelerate(nowMs: nowMs, excessMs: delay - target,
                                             silentOnly: delay < target + Self.frameMs + configuration.accelerateHysteresisMs) {
                return finish(frame)
            } else if queue.isEmpty, delay < estimator.growthTargetMs, !buffer.isEmpty, !inSilence,
                      lastDecodedSilent || lastExpandMs.map({ nowMs - $0 >= configuration.expandIntervalMs }) ?? true {
                appendExpansion()
                lastExpandMs = nowMs
            }
        }
        while queue.count < Self.frameSamples {
            produceChunk(nowMs: nowMs)
        }
        let taken = queue.take(Self.frameSamples)
        return finish(PlayoutFrame(samples: taken.samples, kind: taken.kind, bufferDelayMs: taken.bufferDelayMs,
                                   windowArrivals: taken.windowArrivals, windowRTPTimestamps: taken.windowRTPTimestamps))
    }

    // MARK: Decisions

    private func startIfReady(nowMs: Double) -> Bool {
        guard let first = buffer.first else { return false }
        let delay = nowMs - mediaMs(first.timestamp) - (estimator.referenceMs ?? 0)
        guard delay >= estimator.targetMs else { return false }
        started = true
        nextTimestamp = first.timestamp
        lastSequence = first.sequence - 1
        return true
    }

    /// The delay is beyond the maximum (e.g. after a long outage or a timestamp jump):
    /// skip whole frames until it is back at the target.
    private func catchUp(nowMs: Double, delay: Double, target: Double) {
        let frames = Int(((delay - target) / Self.frameMs).rounded(.down))
        guard frames > 0 else { return }
        nextTimestamp += Int64(frames * Self.frameSamples)
        while let first = buffer.first, first.timestamp < nextTimestamp {
            _ = buffer.removeFirst()
            lastSequence = max(lastSequence ?? first.sequence, first.sequence)
            recentlyPlayed.insert(first.sequence)
            stats.discarded += 1
        }
        stats.acceleratedFrames += frames
    }

    /// Drops one 20 ms frame: decodes the next two frames and cross-fades the first into
    /// the second. Free when the dropped frame is silent, otherwise rate-limited. Returns
    /// nil (having possibly decoded ahead into the queue) when it does not apply.
    /// - Parameter silentOnly: drop only a silent frame (the delay is less than a frame plus the
    ///   hysteresis above the target: a single expansion leaves it there, and without dropping
    ///   in the next silence it would stay a frame above the target for the rest of the call).
    private func accelerate(nowMs: Double, excessMs: Double, silentOnly: Bool) -> PlayoutFrame? {
        guard buffer.packet(at: nextTimestamp) != nil else {
            // In a DTX gap, skipping silence costs nothing: skip all of the excess delay at once
            // (keeping the last frame before the next talkspurt). A sender that pauses without
            // DTX frames leaves the buffer stretching its last frames for a late packet, which
            // adds up to the maximum delay by the time the next talkspurt arrives; skipping one
            // frame per pull would start that talkspurt up to the maximum delay late.
            if let future = buffer.earliest(after: nextTimestamp), isDTXGap(before: future) {
                let gapFrames = Int((future.timestamp - nextTimestamp) / Int64(Self.frameSamples))
                let frames = min(max(1, Int((excessMs / Self.frameMs).rounded(.down))), gapFrames - 1)
                if frames > 0 {
                    nextTimestamp += Int64(frames * Self.frameSamples)
                    stats.acceleratedFrames += frames
                }
            }
            return nil
        }
        let rateAllowed = lastAccelerateMs.map { nowMs - $0 >= configuration.accelerateIntervalMs } ?? true
        decodeAvailable(upTo: Self.frameSamples, nowMs: nowMs)
        guard queue.count >= Self.frameSamples, queue.segments.allSatisfy({ $0.kind == .decoded }) else { return nil }
        let firstFrame = queue.segments.flatMap { $0.samples }.prefix(Self.frameSamples)
        let silent = PCMLevel.rms(firstFrame) < silenceRMS
        guard silent || (rateAllowed && !silentOnly) else { return nil }
        decodeAvailable(upTo: 2 * Self.frameSamples, nowMs: nowMs)
        guard queue.count >= 2 * Self.frameSamples, queue.segments.allSatisfy({ $0.kind == .decoded }) else { return nil }
        let dropped = queue.take(Self.frameSamples)
        let kept = queue.take(Self.frameSamples)
        stats.acceleratedFrames += 1
        if !silent { lastAccelerateMs = nowMs }
        return Self.crossFade(dropped, into: kept)
    }

    /// One 20 ms frame from two (accelerate): `dropped` fades out as `kept` fades in. Each 10 ms
    /// window of the result counts as carried by the packet that contributes most of its energy,
    /// so where speech ends inside the pair the audible part stays with the packet that carried
    /// it (the turn metrics' end of speech), not with the quiet one after it.
    static func crossFade(_ dropped: OutputQueue.Taken, into kept: OutputQueue.Taken) -> PlayoutFrame {
        let count = min(dropped.samples.count, kept.samples.count)
        var mixed = [Int16](repeating: 0, count: count)
        let n = Double(count)
        let windows = min(dropped.windowArrivals.count, kept.windowArrivals.count)
        var droppedEnergy = [Double](repeating: 0, count: windows)
        var keptEnergy = [Double](repeating: 0, count: windows)
        for i in 0..<count {
            let w = (Double(i) + 0.5) / n
            let fromDropped = Double(dropped.samples[i]) * (1 - w), fromKept = Double(kept.samples[i]) * w
            mixed[i] = Int16(clamping: Int((fromDropped + fromKept).rounded()))
            guard windows > 0 else { continue }
            let window = min(i / PlayoutFrame.windowSamples, windows - 1)
            droppedEnergy[window] += fromDropped * fromDropped
            keptEnergy[window] += fromKept * fromKept
        }
        var arrivals: [ContinuousClock.Instant?] = []
        var timestamps: [UInt32?] = []
        for window in 0..<windows {
            let fromKept = keptEnergy[window] > droppedEnergy[window]
                || (keptEnergy[window] == droppedEnergy[window] && window >= windows / 2)
            arrivals.append(fromKept ? kept.windowArrivals[window] : dropped.windowArrivals[window])
            timestamps.append(fromKept ? kept.windowRTPTimestamps[window] : dropped.windowRTPTimestamps[window])
        }
        return PlayoutFrame(samples: mixed, kind: .accelerated, bufferDelayMs: dropped.bufferDelayMs ?? kept.bufferDelayMs,
                            windowArrivals: arrivals, windowRTPTimestamps: timestamps)
    }

    /// Inserts one frame without consuming the timeline, to grow the delay.
    private func appendExpansion() {
        let samples = lastDecodedSilent ? [Int16](repeating: 0, count: Self.frameSamples) : concealment(Self.frameSamples)
        queue.append(samples, kind: .expanded, advancesTimeline: false)
        stats.expandedFrames += 1
    }

    // MARK: Producing audio

    /// Whether the gap before `future` is DTX: no sequence number is missing.
    func isDTXGap(before future: BufferedPacket) -> Bool {
        guard let last = lastSequence else { return false }
        return future.sequence == last + 1
    }

    /// Decodes buffered packets that are next in line (no concealment) until the queue
    /// holds `samples`.
    private func decodeAvailable(upTo samples: Int, nowMs: Double) {
        while queue.count < samples, let packet = buffer.packet(at: nextTimestamp) {
            play(packet, nowMs: nowMs)
        }
    }

    /// Appends the next piece of the timeline (or an expansion) to the queue.
    private func produceChunk(nowMs: Double) {
        if let packet = buffer.packet(at: nextTimestamp) {
            play(packet, nowMs: nowMs)
            return
        }
        if let future = buffer.earliest(after: nextTimestamp) {
            let gap = Int(future.timestamp - nextTimestamp)
            if isDTXGap(before: future) {
                let count = min(gap, Self.frameSamples)
                queue.append([Int16](repeating: 0, count: count), kind: .silence, advancesTimeline: true)
                nextTimestamp += Int64(count)
                inSilence = true
                return
            }
            inSilence = false
            // Frames already played while waiting for the missing packet stand in for it:
            // reclassify them as concealment instead of concealing the slot again.
            let covered = min(underrunExpansions, gap / Self.frameSamples)
            if covered > 0 {
                nextTimestamp += Int64(covered * Self.frameSamples)
                underrunExpansions = 0
                stats.expandedFrames -= covered
                stats.concealedFrames += covered
                return
            }
            let lostSamples = (min(gap, Self.frameSamples) / 120) * 120
            guard lostSamples > 0 else {
                nextTimestamp = future.timestamp  // sub-2.5 ms misalignment: nothing to fill
                return
            }
            if lostSamples == gap, OpusFECProbe.hasInBandFEC(future.payload),
               let recovered = try? decoder.decodeFEC(from: future.payload, frameSamples: lostSamples) {
                queue.append(recovered, kind: .fecRecovered, advancesTimeline: true, arrival: future.arrival,
                             rtpTimestamp: UInt32(truncatingIfNeeded: future.timestamp))
                stats.fecRecoveredFrames += 1
                consecutiveConcealed = 0
            } else {
                queue.append(concealment(lostSamples), kind: .concealed, advancesTimeline: true)
                stats.concealedFrames += 1
            }
            nextTimestamp += Int64(lostSamples)
            return
        }
        // Nothing buffered: the stream paused (DTX, silence) or the next packet is late.
        if lastDecodedWasDTX || lastDecodedSilent || inSilence {
            queue.append([Int16](repeating: 0, count: Self.frameSamples), kind: .silence, advancesTimeline: true)
            nextTimestamp += Int64(Self.frameSamples)
            inSilence = true
        } else if playoutDelayMs(nowMs: nowMs) + Self.frameMs <= configuration.maxDelayMs {
            queue.append(concealment(Self.frameSamples), kind: .expanded, advancesTimeline: false)
            stats.expandedFrames += 1
            underrunExpansions += 1
        } else {
            queue.append(concealment(Self.frameSamples), kind: .concealed, advancesTimeline: true)
            stats.concealedFrames += 1
            nextTimestamp += Int64(Self.frameSamples)
        }
    }

    /// Decodes one buffered packet into the queue (or conceals it if it is corrupt).
    private func play(_ buffered: BufferedPacket, nowMs: Double) {
        guard let packet = buffer.remove(at: buffered.timestamp) else { return }
        if let last = lastSequence, packet.sequence > last + 1 {
            stats.lost += Int(packet.sequence - last - 1)
        }
        lastSequence = max(lastSequence ?? packet.sequence, packet.sequence)
        recentlyPlayed.insert(packet.sequence)
        underrunExpansions = 0
        inSilence = false

        if let pcm = try? decoder.decode(packet.payload), !pcm.isEmpty {
            let delay = nowMs - packet.arrivalMs
            queue.append(pcm, kind: .decoded, advancesTimeline: true, bufferDelayMs: delay, arrival: packet.arrival,
                         rtpTimestamp: UInt32(truncatingIfNeeded: packet.timestamp))
            nextTimestamp = packet.timestamp + Int64(pcm.count)
            stats.decodedPackets += 1
            stats.totalBufferDelayMs += delay
            lastDecodedWasDTX = packet.payload.count <= 2
            lastDecodedSilent = PCMLevel.rms(pcm[...]) < silenceRMS
            consecutiveConcealed = 0
            return
        }
        // Malformed or empty payload: a lost frame that happens to have a header.
        stats.lost += 1
        var samples = Self.frameSamples
        if let next = buffer.earliest(after: packet.timestamp) {
            samples = max(120, (min(Int(next.timestamp - packet.timestamp), Self.frameSamples) / 120) * 120)
        }
        queue.append(concealment(samples), kind: .concealed, advancesTimeline: true)
        stats.concealedFrames += 1
        nextTimestamp = packet.timestamp + Int64(samples)
    }

    /// Opus PLC for `samples`, faded out after the configured run of concealed frames.
    private func concealment(_ samples: Int) -> [Int16] {
        consecutiveConcealed += 1
        let fadeAt = configuration.fadeAfterConcealedFrames + 1
        if consecutiveConcealed > fadeAt { return [Int16](repeating: 0, count: samples) }
        var pcm = (try? decoder.concealLoss(frameSamples: samples)) ?? []
        if pcm.count != samples { pcm = [Int16](repeating: 0, count: samples) }
        if consecutiveConcealed == fadeAt {
            let n = Double(samples)
            for i in pcm.indices { pcm[i] = Int16(Double(pcm[i]) * (1 - Double(i) / n)) }
        }
        return pcm
    }

    // MARK: Output bookkeeping

    private func silenceFrame() -> PlayoutFrame {
        stats.silenceFrames += 1
        return PlayoutFrame(samples: [Int16](repeating: 0, count: Self.frameSamples), kind: .silence,
                            windowArrivals: [nil, nil], windowRTPTimestamps: [nil, nil])
    }

    private func finish(_ frame: PlayoutFrame) -> PlayoutFrame {
        switch frame.kind {
        case .decoded, .accelerated: stats.decodedFrames += 1
        case .silence: stats.silenceFrames += 1
        case .fecRecovered, .concealed, .expanded: break
        }
        return frame
    }

    private func updateDelayStats(nowMs: Double) {
        stats.targetDelayMs = estimator.targetMs
        guard started else {
            stats.currentDelayMs = 0
            stats.bufferedMs = buffer.last.map { Double($0.timestamp - buffer.first!.timestamp) / Self.samplesPerMs + Self.frameMs } ?? 0
            return
        }
        stats.currentDelayMs = playoutDelayMs(nowMs: nowMs)
        if let last = buffer.last {
            stats.bufferedMs = max(0, Double(last.timestamp + Int64(Self.frameSamples) - playTimestamp) / Self.samplesPerMs)
        } else {
            stats.bufferedMs = Double(queue.timelineSamples) / Self.samplesPerMs
        }
    }
}
