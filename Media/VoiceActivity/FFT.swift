import Foundation

/// A small in-place radix-2 complex FFT (iterative Cooley–Tukey, decimation in time) for
/// the detector's 512-point spectra. Not a general-purpose FFT: sizes are powers of two,
/// data are split real/imaginary `Float` arrays, and the inverse is unscaled.
struct FFT {
    let size: Int
    private let bitReversed: [Int]
    private let cosTable: [Float]
    private let sinTable: [Float]

    init(size: Int) {
        precondition(size >= 2 && size & (size - 1) == 0, "FFT size must be a power of two")
        self.size = size
        let bits = size.trailingZeroBitCount
        bitReversed = (0..<size).map { index in
            var reversed = 0
            var value = index
            for _ in 0..<bits {
                reversed = (reversed << 1) | (value & 1)
                value >>= 1
            }
            return reversed
        }
        cosTable = (0..<size / 2).map { Float(cos(2 * Double.pi * Double($0) / Double(size))) }
        sinTable = (0..<size / 2).map { Float(sin(2 * Double.pi * Double($0) / Double(size))) }
    }

    /// Transforms `real`/`imag` (each `size` long) in place. `inverse` flips the sign of
    /// the exponent and does not divide by `size`.
    func transform(real: inout [Float], imag: inout [Float], inverse: Bool = false) {
        precondition(real.count == size && imag.count == size)
        let n = size
        let sign: Float = inverse ? 1 : -1
        bitReversed.withUnsafeBufferPointer { rev in
            cosTable.withUnsafeBufferPointer { cosT in
                sinTable.withUnsafeBufferPointer { sinT in
                    real.withUnsafeMutableBufferPointer { re in
                        imag.withUnsafeMutableBufferPointer { im in
                            for i in 0..<n {
                                let j = rev[i]
                                if j > i {
                                    let tr = re[i]; re[i] = re[j]; re[j] = tr
                                    let ti = im[i]; im[i] = im[j]; im[j] = ti
                                }
                            }
                            var half = 1
                            while half < n {
                                let step = n / (half * 2)
                                var start = 0
                                while start < n {
                                    var k = 0
                                    for m in 0..<half {
                                        let wr = cosT[k]
                                        let wi = sign * sinT[k]
                                        let a = start + m
                                        let b = a + half
                                        let xr = re[b] * wr - im[b] * wi
                                        let xi = re[b] * wi + im[b] * wr
                                        re[b] = re[a] - xr
                                        im[b] = im[a] - xi
                                        re[a] += xr
                                        im[a] += xi
                                        k += step
                                    }
                                    start += half * 2
                                }
                                half *= 2
                            }
                        }
                    }
                }
            }
        }
    }
}
