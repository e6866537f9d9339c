/// Reads a RIFF/WAVE file of 16-bit PCM (format 1, or WAVE_FORMAT_EXTENSIBLE with PCM data):
/// the first channel's samples and the rate. Anything else is a clear error, never a crash.
public enum WAVReader {
    /// The first channel's samples and their rate.
    public struct Audio: Sendable, Equatable {
        public var samples: [Int16]
        public var sampleRate: Int
    }

    /// Why a file could not be read.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notWAV
        case missingChunk(String)
        case unsupported(String)

        public var description: String {
            switch self {
            case .notWAV: "not a RIFF/WAVE file"
            case .missingChunk(let name): "no \"\(name)\" chunk"
            case .unsupported(let what): "unsupported WAV: \(what)"
            }
        }
    }

    public static func read(_ bytes: [UInt8]) throws -> Audio {
        guard bytes.count >= 12, ascii(bytes, 0) == "RIFF", ascii(bytes, 8) == "WAVE" else { throw Failure.notWAV }
        var offset = 12
        var format: (tag: Int, channels: Int, rate: Int, bits: Int)?
        var data: Range<Int>?
        while offset + 8 <= bytes.count {
            let id = ascii(bytes, offset)
            let size = Int(le32(bytes, offset + 4))
            let body = offset + 8
            let end = min(bytes.count, body + size)
            if id == "fmt " {
                guard end - body >= 16 else { throw Failure.unsupported("short fmt chunk") }
                var tag = Int(le16(bytes, body))
                if tag == 0xFFFE, end - body >= 26 { tag = Int(le16(bytes, body + 24)) }
                format = (tag, Int(le16(bytes, body + 2)), Int(le32(bytes, body + 4)), Int(le16(bytes, body + 14)))
            } else if id == "data" {
                data = body..<end
            }
            offset = body + size + (size & 1)
        }
        guard let format else { throw Failure.missingChunk("fmt ") }
        guard let data else { throw Failure.missingChunk("data") }
        guard format.tag == 1 else { throw Failure.unsupported("format \(format.tag) (only PCM)") }
        guard format.bits == 16 else { throw Failure.unsupported("\(format.bits)-bit samples (only 16)") }
        guard format.channels >= 1 else { throw Failure.unsupported("\(format.channels) channels") }
        guard (8_000...192_000).contains(format.rate) else { throw Failure.unsupported("sample rate \(format.rate)") }
        let stride = 2 * format.channels
        var samples: [Int16] = []
        samples.reserveCapacity(data.count / stride)
        var position = data.lowerBound
        while position + 2 <= data.upperBound {
            samples.append(Int16(bitPattern: le16(bytes, position)))
            position += stride
        }
        return Audio(samples: samples, sampleRate: format.rate)
    }

    private static func ascii(_ bytes: [UInt8], _ at: Int) -> String {
        guard at + 4 <= bytes.count else { return "" }
        return String(decoding: bytes[at..<at + 4], as: UTF8.self)
    }

    private static func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        guard at + 2 <= bytes.count else { return 0 }
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
