/// RIFF/WAVE encoding of 16-bit PCM (mono), for uploading audio to transcription services.
public enum WAVFile {
    public static func encode(samples: [Int16], sampleRate: Int) -> [UInt8] {
        let dataBytes = samples.count * 2
        var out: [UInt8] = []
        out.reserveCapacity(44 + dataBytes)
        func append32(_ v: UInt32) { out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        func append16(_ v: UInt16) { out += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        out += Array("RIFF".utf8); append32(UInt32(36 + dataBytes)); out += Array("WAVE".utf8)
        out += Array("fmt ".utf8); append32(16); append16(1); append16(1)
        append32(UInt32(sampleRate)); append32(UInt32(sampleRate * 2)); append16(2); append16(16)
        out += Array("data".utf8); append32(UInt32(dataBytes))
        for sample in samples { append16(UInt16(bitPattern: sample)) }
        return out
    }
}
