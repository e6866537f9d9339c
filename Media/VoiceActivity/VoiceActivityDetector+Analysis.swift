import Foundation

extension VoiceActivityDetector {
    /// One frame: window, spectrum, noise floor, features, probability, decision.
    func analyze(_ frame: ArraySlice<Int16>) -> VoiceActivityFrame {
        let hop = Self.frameSamples
        let n = Self.windowSamples
        let fftSize = Self.fftSize
        let bins = Self.binCount
        let scale: Float = 1.0 / 32768

        // Slide the 25 ms history, append the new 10 ms, measure its level, window it.
        var sumSquares: Float = 0
        history.withUnsafeMutableBufferPointer { h in
            guard let base = h.baseAddress else { return }
            base.update(from: base + hop, count: n - hop)
            frame.withUnsafeBufferPointer { f in
                for i in 0..<hop {
                    let x = Float(f[i]) * scale
                    base[n - hop + i] = x
                    sumSquares += x * x
                }
            }
            window.withUnsafeBufferPointer { w in
                scratch.withUnsafeMutableBufferPointer { s in
                    for i in 0..<n { s[i] = base[i] * w[i] }
                    for i in n..<fftSize { s[i] = 0 }
                }
            }
        }
        let energyDBFS = 10 * log10(sumSquares / Float(hop) + 1e-12)

        // Power spectrum, normalised so white noise of variance σ² gives σ² per bin.
        // The first frames' windows are still partly empty: warm-up, no floor update.
        let warmingUp = frameIndex < Self.warmUpFrames
        scratch.withUnsafeBufferPointer { s in
            power.withUnsafeMutableBufferPointer { p in
                guard let input = s.baseAddress, let output = p.baseAddress else { return }
                fft.powerSpectrum(of: input, into: output)
                let norm = 1 / windowEnergy
                for k in 0..<bins { output[k] *= norm }
                if !warmingUp {
                    noiseTracker.update(power: output, averaging: !(settings.freezeNoiseDuringSpeech && inSpeech))
                }
            }
        }
        let noise = noiseTracker.noise
        let floorPower = minimumNoisePower

        // Features over the noise floor.
        var bandSNRSum: Float = 0
        var bandLogPower: Float = 0
        var bandPower: Float = 0
        var totalPower: Float = 0
        var totalNoise: Float = 0
        let bandLow = bandBins.lowerBound
        let bandHigh = bandBins.upperBound
        power.withUnsafeBufferPointer { p in
            noise.withUnsafeBufferPointer { nz in
                excess.withUnsafeMutableBufferPointer { ex in
                    for k in 0..<bins {
                        let noiseK = nz[k] > floorPower ? nz[k] : floorPower
                        ex[k] = 0
                        if k == 0 { continue }
                        totalPower += p[k]
                        totalNoise += noiseK
                        if k >= bandLow && k <= bandHigh {
                            let gamma = p[k] / noiseK
                            if gamma > 1 {
                                bandSNRSum += log10(gamma)
                                ex[k] = p[k] - noiseK
                            }
                            bandLogPower += log(p[k] + 1e-20)
                            bandPower += p[k]
                        }
                    }
                }
            }
        }
        let bandCount = Float(bandHigh - bandLow + 1)
        let bandSNRDB = 10 * bandSNRSum / bandCount
        let energyAboveFloorDB = 10 * log10((totalPower + 1e-20) / (totalNoise + 1e-20))
        let noiseFloorDBFS = 10 * log10(totalNoise / Float(bins - 1) + 1e-12)
        let flatness: Float = bandPower > 0 ? min(1, exp(bandLogPower / bandCount) / (bandPower / bandCount)) : 1

        // Pitch strength: autocorrelation of the noise-reduced band = inverse FFT of its power.
        var periodicity: Float = 0
        excess.withUnsafeBufferPointer { ex in
            scratch.withUnsafeMutableBufferPointer { s in
                guard let spectrum = ex.baseAddress, let output = s.baseAddress else { return }
                fft.inverseOfEvenSpectrum(spectrum, into: output)
                let zeroLag = output[0]
                guard zeroLag > 0 else { return }
                windowAutocorrelation.withUnsafeBufferPointer { wa in
                    for lag in pitchLags {
                        let r = output[lag] / (zeroLag * (wa[lag] > 0.05 ? wa[lag] : 0.05))
                        if r > periodicity { periodicity = r }
                    }
                }
            }
        }
        periodicity = min(periodicity, 1)

        // How much the level fluctuates in noise: RMS of the below-floor excursions.
        if energyAboveFloorDB < 0 && !warmingUp {
            let excursion = max(energyAboveFloorDB, -settings.maximumExcursionDB)
            let a = settings.levelDeviationSmoothing
            levelVariance = a * levelVariance + (1 - a) * excursion * excursion
        }
        let deviation = max(levelVariance.squareRoot(), settings.minimumLevelDeviationDB)
        let zScore = energyAboveFloorDB / deviation

        var speexProbability: Float = 0
        if let speex {
            var copy = Array(frame)
            if let result = try? speex.process(&copy) { speexProbability = Float(result.probability) / 100 }
        }

        let features = VoiceActivityFeatures(bandSNRDB: bandSNRDB, energyAboveFloorDB: energyAboveFloorDB,
                                             energyZScore: zScore, periodicity: periodicity, spectralFlatness: flatness,
                                             speexProbability: speexProbability)
        let probability = warmingUp || energyDBFS < settings.minimumSpeechLevelDBFS ? 0 : combine(features)

        // Hysteresis and hangover.
        if inSpeech {
            if probability >= settings.continueThreshold {
                framesBelowContinue = 0
            } else {
                framesBelowContinue += 1
                if framesBelowContinue > hangoverFrames {
                    inSpeech = false
                    framesBelowContinue = 0
                }
            }
        } else if probability >= settings.speechThreshold {
            inSpeech = true
            framesBelowContinue = 0
        }

        let result = VoiceActivityFrame(index: frameIndex, probability: probability, isSpeech: inSpeech,
                                        energyDBFS: energyDBFS, noiseFloorDBFS: noiseFloorDBFS, features: features)
        frameIndex += 1
        return result
    }

    /// The logistic combination of the features.
    func combine(_ f: VoiceActivityFeatures) -> Float {
        let s = settings
        let z = s.bias + s.bandSNRWeight * f.bandSNRDB + s.energyAboveFloorWeight * f.energyAboveFloorDB
            + s.energyZScoreWeight * f.energyZScore
            + s.periodicityWeight * f.periodicity + s.flatnessWeight * f.spectralFlatness + s.speexWeight * f.speexProbability
        return 1 / (1 + exp(-z))
    }
}
