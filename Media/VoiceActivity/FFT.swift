import Foundation

/// Real-signal FFTs of size `size` (a power of two) computed with one complex FFT of half
/// the size (the usual even/odd packing), for the detector's 512-point spectra. Internal:
/// split real/imaginary `Float` buffers, unscaled inverse.
struct RealFFT {
    let size: Int
    private let half: Int
    private let bitReversed: [Int]
    /// cos/sin of 2πj/half for the half-size complex FFT.
    private let cosHalf: [Float]
    private let sinHalf: [Float]
    /// cos/sin of 2πk/size for the packing step.
    private let cosFull: [Float]
    private let sinFull: [Float]
    private var zr: [Float]
    private var zi: [Float]

    init(size: Int) {
        precondition(size >= 4 && size & (size - 1) == 0, "FFT size must be a power of two")
        self.size = size
        half = size / 2
        let bits = half.trailingZeroBitCount
        bitReversed = (0..<half).map { index in
            var reversed = 0
            var value = index
            for _ in 0..<bits {
                reversed = (reversed << 1) | (value & 1)
                value >>= 1
            }
            return reversed
        }
        let h = half
        cosHalf = (0..<h / 2).map { Float(cos(2 * Double.pi * Double($0) / Double(h))) }
        sinHalf = (0..<h / 2).map { Float(sin(2 * Double.pi * Double($0) / Double(h))) }
        cosFull = (0...h).map { Float(cos(2 * Double.pi * Double($0) / Double(size))) }
        sinFull = (0...h).map { Float(sin(2 * Double.pi * Double($0) / Double(size))) }
        zr = [Float](repeating: 0, count: h)
        zi = [Float](repeating: 0, count: h)
    }

    /// Power spectrum |X[k]|², k = 0…size/2, of the real signal `input` (`size` samples).
    mutating func powerSpectrum(of input: UnsafePointer<Float>, into power: UnsafeMutablePointer<Float>) {
        let h = half
        let bitReversed = bitReversed, cosHalf = cosHalf, sinHalf = sinHalf, cosFull = cosFull, sinFull = sinFull
        zr.withUnsafeMutableBufferPointer { re in
            zi.withUnsafeMutableBufferPointer { im in
                guard let re = re.baseAddress, let im = im.baseAddress else { return }
                for n in 0..<h {
                    re[n] = input[2 * n]
                    im[n] = input[2 * n + 1]
                }
                Self.complexTransform(re, im, count: h, bitReversed: bitReversed, cos: cosHalf, sin: sinHalf, inverse: false)
                cosFull.withUnsafeBufferPointer { cosF in
                    sinFull.withUnsafeBufferPointer { sinF in
                        for k in 0...h {
                            let a = re[k % h], b = im[k % h]
                            let c = re[(h - k) % h], d = im[(h - k) % h]
                            let p = (a - c) * 0.5, q = (b + d) * 0.5
                            let xr = (a + c) * 0.5 + q * cosF[k] - p * sinF[k]
                            let xi = (b - d) * 0.5 - p * cosF[k] - q * sinF[k]
                            power[k] = xr * xr + xi * xi
                        }
                    }
                }
            }
        }
    }

    /// The real, even signal (unscaled: `size` × the true inverse) whose spectrum is the
    /// real, even `spectrum` (k = 0…size/2), written to `output` (`size` samples). Used for
    /// autocorrelation from a power spectrum.
    mutating func inverseOfEvenSpectrum(_ spectrum: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let h = half
        let bitReversed = bitReversed, cosHalf = cosHalf, sinHalf = sinHalf, cosFull = cosFull, sinFull = sinFull
        zr.withUnsafeMutableBufferPointer { re in
            zi.withUnsafeMutableBufferPointer { im in
                guard let re = re.baseAddress, let im = im.baseAddress else { return }
                cosFull.withUnsafeBufferPointer { cosF in
                    sinFull.withUnsafeBufferPointer { sinF in
                        for k in 0..<h {
                            // E_k = (X_k + X_{h−k}) / 2,  O_k = (X_k − X_{h−k}) / 2 · e^{+iθ}
                            let e = (spectrum[k] + spectrum[h - k]) * 0.5
                            let dd = (spectrum[k] - spectrum[h - k]) * 0.5
                            // Z = E + i·O
                            re[k] = e - dd * sinF[k]
                            im[k] = dd * cosF[k]
                        }
                    }
                }
                Self.complexTransform(re, im, count: h, bitReversed: bitReversed, cos: cosHalf, sin: sinHalf, inverse: true)
                // The E/O split halves both parts; undo it.
                for n in 0..<h {
                    output[2 * n] = 2 * re[n]
                    output[2 * n + 1] = 2 * im[n]
                }
            }
        }
    }

    /// In-place iterative radix-2 complex FFT of `half` points.
    private static func complexTransform(_ re: UnsafeMutablePointer<Float>, _ im: UnsafeMutablePointer<Float>, count n: Int,
                                         bitReversed: [Int], cos cosHalf: [Float], sin sinHalf: [Float], inverse: Bool) {
        let sign: Float = inverse ? 1 : -1
        bitReversed.withUnsafeBufferPointer { rev in
            cosHalf.withUnsafeBufferPointer { cosT in
                sinHalf.withUnsafeBufferPointer { sinT in
                    for i in 0..<n {
                        let j = rev[i]
                        if j > i {
                            let tr = re[i]; re[i] = re[j]; re[j] = tr
                            let ti = im[i]; im[i] = im[j]; im[j] = ti
                        }
                    }
                    var span = 1
                    while span < n {
                        let step = n / (span * 2)
                        var start = 0
                        while start < n {
                            var t = 0
                            for m in 0..<span {
                                let wr = cosT[t]
                                let wi = sign * sinT[t]
                                let a = start + m
                                let b = a + span
                                let xr = re[b] * wr - im[b] * wi
                                let xi = re[b] * wi + im[b] * wr
                                re[b] = re[a] - xr
                                im[b] = im[a] - xi
                                re[a] += xr
                                im[a] += xi
                                t += step
                            }
                            start += span * 2
                        }
                        span *= 2
                    }
                }
            }
        }
    }
}
