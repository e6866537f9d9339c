import Foundation

/// Writes 16-bit mono PCM WAV files (RIFF/WAVE, `fmt ` PCM + `data`).
enum WAVFile {
    static func write(_ samples: [Int16], sampleRate: Int, to url: URL) throws {
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        let dataBytes = samples.count * 2
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + dataBytes))
        data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(1))
        append(UInt32(sampleRate)); append(UInt32(sampleRate * 2)); append(UInt16(2)); append(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(dataBytes))
        let littleEndian = samples.map { $0.littleEndian }
        littleEndian.withUnsafeBytes { data.append(contentsOf: $0) }
        try data.write(to: url)
    }
}
