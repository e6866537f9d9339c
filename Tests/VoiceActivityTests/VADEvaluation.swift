import Foundation
import VoiceActivity

/// Runs ``VoiceActivityDetector`` + ``Endpointer`` over one corpus condition and scores it.
struct VADConditionResult: Codable {
    var condition: String
    var noise: String
    var snrDB: Double?
    var frames: Int
    var speechFrames: Int
    var precision: Double
    var recall: Double
    /// Frame F1 of the speech class (the detector's per-frame `isSpeech`).
    var f1: Double
    /// Fraction of non-speech frames called non-speech.
    var specificity: Double
    /// F1 of a detector that calls every frame speech (the floor any F1 must beat).
    var alwaysSpeechF1: Double
    /// Median of (`.speechStarted` decision time − true onset), ms.
    var medianOnsetDecisionDelayMs: Double?
    /// Median of (onset time carried by `.speechStarted` − true onset), ms.
    var medianOnsetErrorMs: Double?
    /// Median of (`.speechEnded` decision time − true end), ms.
    var medianEndDecisionDelayMs: Double?
    var sentences: Int
    var onsetsMeasured: Int
    var endsMeasured: Int
    /// Sentences with no `.speechStarted` near their onset and not inside an ongoing turn.
    var missedOnsets: Int
    /// `.speechStarted` decisions far from any sentence (noise taken for speech).
    var falseOnsets: Int
}

enum VADEvaluation {
    static let frameMs = 10

    static func evaluate(
        _ condition: VADCorpus.Condition, corpus: VADCorpus,
        detectorSettings: VoiceActivityDetector.Settings = .init(),
        endpointerSettings: Endpointer<ContinuousClock.Instant>.Settings = .init(),
        featuresCSV: URL? = nil
    ) throws -> VADConditionResult {
        let detector = try VoiceActivityDetector(settings: detectorSettings)
        let frames = detector.process(condition.samples)
        let labels = corpus.labels
        let count = min(frames.count, labels.count)

        var tp = 0, fp = 0, fn = 0
        for i in 0..<count {
            switch (frames[i].isSpeech, labels[i]) {
            case (true, true): tp += 1
            case (true, false): fp += 1
            case (false, true): fn += 1
            case (false, false): break
            }
        }
        let precision = tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0
        let recall = tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0
        let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        let speechFrames = labels.prefix(count).filter { $0 }.count
        let nonSpeechFrames = count - speechFrames
        let specificity = nonSpeechFrames > 0 ? Double(nonSpeechFrames - fp) / Double(nonSpeechFrames) : 0
        let alwaysSpeechF1 = count > 0 ? 2 * Double(speechFrames) / Double(count + speechFrames) : 0

        if let featuresCSV {
            var csv = "label,probability,bandSNRDB,energyAboveFloorDB,z,periodicity,flatness,speex,energyDBFS\n"
            for i in 0..<count {
                let f = frames[i].features
                csv += "\(labels[i] ? 1 : 0),\(frames[i].probability),\(f.bandSNRDB),\(f.energyAboveFloorDB),\(f.energyZScore),\(f.periodicity),\(f.spectralFlatness),\(f.speexProbability),\(frames[i].energyDBFS)\n"
            }
            try csv.write(to: featuresCSV, atomically: true, encoding: .utf8)
        }

        // Endpointer, with stream time mapped onto ContinuousClock instants.
        var endpointer = Endpointer<ContinuousClock.Instant>(settings: endpointerSettings)
        let t0 = ContinuousClock.now
        func ms(_ instant: ContinuousClock.Instant) -> Double { VADEvaluation.milliseconds(t0.duration(to: instant)) }
        var starts: [(atMs: Double, decisionMs: Double)] = []
        var ends: [(atMs: Double, decisionMs: Double)] = []
        for (i, frame) in frames.enumerated() {
            let now = t0 + .milliseconds((i + 1) * frameMs)
            switch endpointer.process(frame, now: now) {
            case .speechStarted(let at)?: starts.append((ms(at), ms(now)))
            case .speechEnded(let at)?: ends.append((ms(at), ms(now)))
            case nil: break
            }
        }

        var onsetDelays: [Double] = [], onsetErrors: [Double] = [], endDelays: [Double] = []
        var missed = 0
        let sentences = corpus.sentences
        for (index, sentence) in sentences.enumerated() {
            let onsetMs = Double(sentence.onsetFrame * frameMs)
            let endMs = Double(sentence.endFrame * frameMs)
            let nextOnsetMs = index + 1 < sentences.count ? Double(sentences[index + 1].onsetFrame * frameMs) : .infinity
            if let start = starts.first(where: { $0.decisionMs >= onsetMs - 200 && $0.decisionMs <= onsetMs + 1000 }) {
                onsetDelays.append(start.decisionMs - onsetMs)
                onsetErrors.append(start.atMs - onsetMs)
            } else if !inTurn(at: onsetMs, starts: starts, ends: ends) {
                missed += 1
            }
            if let end = ends.first(where: { $0.decisionMs >= endMs }), end.decisionMs < nextOnsetMs {
                endDelays.append(end.decisionMs - endMs)
            }
        }
        let falseOnsets = starts.filter { start in
            !sentences.contains { s in
                start.decisionMs >= Double(s.onsetFrame * frameMs) - 200 && start.decisionMs <= Double(s.endFrame * frameMs) + 200
            }
        }.count

        return VADConditionResult(
            condition: condition.name, noise: condition.noise?.rawValue ?? "none", snrDB: condition.snrDB,
            frames: count, speechFrames: speechFrames,
            precision: precision, recall: recall, f1: f1, specificity: specificity, alwaysSpeechF1: alwaysSpeechF1,
            medianOnsetDecisionDelayMs: median(onsetDelays), medianOnsetErrorMs: median(onsetErrors),
            medianEndDecisionDelayMs: median(endDelays),
            sentences: sentences.count, onsetsMeasured: onsetDelays.count, endsMeasured: endDelays.count,
            missedOnsets: missed, falseOnsets: falseOnsets)
    }

    static func inTurn(at ms: Double, starts: [(atMs: Double, decisionMs: Double)], ends: [(atMs: Double, decisionMs: Double)]) -> Bool {
        guard let lastStart = starts.last(where: { $0.decisionMs < ms }) else { return false }
        return !ends.contains { $0.decisionMs > lastStart.decisionMs && $0.decisionMs < ms }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    static func table(_ results: [VADConditionResult]) -> String {
        func fmt(_ value: Double?, _ digits: Int = 0) -> String {
            guard let value else { return "–" }
            return String(format: "%.\(digits)f", value)
        }
        var lines = ["| condition | precision | recall | F1 | specificity | onset decision ms (median) | onset error ms (median) | end decision ms (median) | onsets / ends measured | missed / false onsets |",
                     "|---|---|---|---|---|---|---|---|---|---|"]
        for r in results {
            lines.append("| \(r.condition) | \(fmt(r.precision, 3)) | \(fmt(r.recall, 3)) | \(fmt(r.f1, 3)) | \(fmt(r.specificity, 3)) | \(fmt(r.medianOnsetDecisionDelayMs)) | \(fmt(r.medianOnsetErrorMs)) | \(fmt(r.medianEndDecisionDelayMs)) | \(r.onsetsMeasured) / \(r.endsMeasured) of \(r.sentences) | \(r.missedOnsets) / \(r.falseOnsets) |")
        }
        return lines.joined(separator: "\n")
    }
}
