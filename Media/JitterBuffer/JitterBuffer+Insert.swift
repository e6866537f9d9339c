import RTP

extension JitterBuffer {
    /// Hands one received RTP packet (its payload an Opus packet, RFC 7587) to the buffer.
    ///
    /// - Parameters:
    ///   - packet: the parsed (and SRTP-unprotected) RTP packet.
    ///   - arrival: when it was received, on the same clock as ``pull(now:)``.
    /// - Returns: what happened to it; the same is reflected in ``stats``.
    @discardableResult
    public func insert(packet: RTPPacket, arrival: ContinuousClock.Instant) -> InsertOutcome {
        stats.packetsReceived += 1
        if let current = ssrc, packet.ssrc != current {
            if retiredSSRCs.contains(packet.ssrc) {
                stats.discarded += 1
                return .discarded
            }
            resetStream(ssrc: packet.ssrc)
        } else if ssrc == nil {
            ssrc = packet.ssrc
        }

        var sequence = sequenceUnwrapper.extend(UInt32(packet.sequenceNumber))
        var timestamp = timestampUnwrapper.extend(packet.timestamp)
        if anchor == nil { anchor = (arrival, timestamp) }
        var arrivalMs = streamMs(arrival) ?? 0
        var relativeDelay = arrivalMs - mediaMs(timestamp)

        // A timestamp far off the recent reference is not jitter: drop one such packet,
        // and treat two in a row as a restart of the stream. Arriving much *earlier* than
        // the fastest recent packets is impossible for a network (the timestamp jumped
        // forward), so that side uses the maximum delay as its threshold; arriving much
        // later may be a long stall, so that side waits for `resyncThresholdMs`.
        if let reference = estimator.referenceMs,
           relativeDelay - reference > configuration.resyncThresholdMs
            || reference - relativeDelay > configuration.maxDelayMs {
            wayOffStreak += 1
            guard wayOffStreak >= 2 else {
                stats.discarded += 1
                return .discarded
            }
            let keptSSRC = ssrc
            resetStream(ssrc: keptSSRC)
            sequence = sequenceUnwrapper.extend(UInt32(packet.sequenceNumber))
            timestamp = timestampUnwrapper.extend(packet.timestamp)
            anchor = (arrival, timestamp)
            arrivalMs = 0
            relativeDelay = 0
        } else {
            wayOffStreak = 0
        }

        if buffer.contains(timestamp: timestamp, sequence: sequence) || recentlyPlayed.contains(sequence) {
            stats.duplicates += 1
            return .duplicate
        }
        let isReordered = sequenceUnwrapper.highest.map { sequence < $0 } ?? false
        if isReordered { stats.reordered += 1 }
        _ = sequenceUnwrapper.update(UInt32(packet.sequenceNumber))
        _ = timestampUnwrapper.update(packet.timestamp)

        estimator.add(relativeDelayMs: relativeDelay, arrivalMs: arrivalMs)
        let jitter = estimator.jitter(ofRelativeDelay: relativeDelay)

        if started {
            if timestamp < nextTimestamp {
                // A speech onset right after DTX silence: rewind over the silence rather
                // than drop the first word.
                let rewind = nextTimestamp - timestamp
                if inSilence, queue.isEmpty, lastSequence.map({ sequence == $0 + 1 }) ?? false,
                   Double(rewind) / Self.samplesPerMs <= configuration.maxDelayMs {
                    nextTimestamp = timestamp
                    estimator.raise(forJitterMs: jitter)
                } else {
                    stats.late += 1
                    estimator.raise(forJitterMs: jitter)
                    stats.targetDelayMs = estimator.targetMs
                    return .late
                }
            } else if timestamp == playTimestamp, underrunExpansions > 0 {
                // We had to stretch the playout to wait for this one: it was late too.
                estimator.raise(forJitterMs: jitter)
            }
        }
        stats.targetDelayMs = estimator.targetMs

        buffer.insert(BufferedPacket(timestamp: timestamp, sequence: sequence, payload: packet.payload, arrivalMs: arrivalMs, arrival: arrival))
        while buffer.count > configuration.maxBufferedPackets {
            _ = buffer.removeFirst()
            stats.discarded += 1
        }
        return isReordered ? .reordered : .buffered
    }
}
