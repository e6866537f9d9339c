import Foundation
import VoiceActivity

/// Test-only tuning hook: `PARLEY_VAD_SETTINGS="bias=-5,noisePresenceRatio=10"` overrides
/// detector settings for a corpus run (unknown keys fail the run).
enum VADSettingsOverride {
    struct UnknownKey: Error { var key: String }

    static func detectorSettings(from text: String?) throws -> VoiceActivityDetector.Settings {
        var s = VoiceActivityDetector.Settings()
        guard let text, !text.isEmpty else { return s }
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw UnknownKey(key: String(pair)) }
            let f = Float(parts[1]) ?? 0
            switch parts[0] {
            case "noisePresenceRatio": s.noisePresenceRatio = f
            case "noiseAveraging": s.noiseAveraging = f
            case "noiseFallingAveraging": s.noiseFallingAveraging = f
            case "noiseMinimumBias": s.noiseMinimumBias = f
            case "noiseSmoothing": s.noiseSmoothing = f
            case "freezeNoiseDuringSpeech": s.freezeNoiseDuringSpeech = f != 0
            case "noiseWindowMs": s.noiseWindow = .milliseconds(Int(f))
            case "bias": s.bias = f
            case "bandSNRWeight": s.bandSNRWeight = f
            case "energyAboveFloorWeight": s.energyAboveFloorWeight = f
            case "energyZScoreWeight": s.energyZScoreWeight = f
            case "levelDeviationPriorDB": s.levelDeviationPriorDB = f
            case "levelDeviationSmoothing": s.levelDeviationSmoothing = f
            case "minimumLevelDeviationDB": s.minimumLevelDeviationDB = f
            case "periodicityWeight": s.periodicityWeight = f
            case "flatnessWeight": s.flatnessWeight = f
            case "speexWeight": s.speexWeight = f
            case "useSpeexProbability": s.useSpeexProbability = f != 0
            case "speechThreshold": s.speechThreshold = f
            case "continueThreshold": s.continueThreshold = f
            case "hangoverMs": s.hangover = .milliseconds(Int(f))
            default: throw UnknownKey(key: parts[0])
            }
        }
        return s
    }
}
