import Foundation
import XCTest
@testable import VoiceActivity

final class FFTTests: XCTestCase {
    private func signal(_ n: Int) -> [Float] {
        var rng = SeededGenerator(seed: 3)
        return (0..<n).map { i in Float(sin(Double(i) * 0.3)) + 0.5 * Float(rng.gaussian()) }
    }

    func testPowerSpectrumMatchesNaiveDFT() {
        let n = 64
        var fft = RealFFT(size: n)
        let x = signal(n)
        var power = [Float](repeating: 0, count: n / 2 + 1)
        x.withUnsafeBufferPointer { input in
            power.withUnsafeMutableBufferPointer { fft.powerSpectrum(of: input.baseAddress!, into: $0.baseAddress!) }
        }
        for k in 0...(n / 2) {
            var re = 0.0, im = 0.0
            for t in 0..<n {
                re += Double(x[t]) * cos(2 * .pi * Double(k * t) / Double(n))
                im -= Double(x[t]) * sin(2 * .pi * Double(k * t) / Double(n))
            }
            XCTAssertEqual(Double(power[k]), re * re + im * im, accuracy: 1e-3 * max(1, re * re + im * im), "bin \(k)")
        }
    }

    func testInverseOfEvenSpectrumIsAutocorrelation() {
        let n = 64
        var fft = RealFFT(size: n)
        // A real, even spectrum S[k], k = 0…n/2.
        let spectrum: [Float] = (0...(n / 2)).map { k in 1 + Float(k % 5) }
        var output = [Float](repeating: 0, count: n)
        spectrum.withUnsafeBufferPointer { s in
            output.withUnsafeMutableBufferPointer { fft.inverseOfEvenSpectrum(s.baseAddress!, into: $0.baseAddress!) }
        }
        for t in 0..<n {
            // Σ over the full symmetric spectrum of S[k] e^{+2πikt/n}.
            var value = 0.0
            for k in 0..<n {
                let s = Double(spectrum[k <= n / 2 ? k : n - k])
                value += s * cos(2 * .pi * Double(k * t) / Double(n))
            }
            XCTAssertEqual(Double(output[t]), value, accuracy: 1e-3 * max(1, abs(value)) + 1e-3, "lag \(t)")
        }
    }
}
