import Foundation

/// Speech from the `espeak-ng` command, one child process per utterance, so the audio depends
/// only on its arguments (a fresh eSpeak NG with glibc's default `rand()` seed each time), not
/// on what this test process synthesized before.
enum ChildProcessSpeech {
    struct Speech {
        var sampleRate: Int
        var samples: [Int16]
    }

    enum Failure: Error, CustomStringConvertible {
        case exited(status: Int32, stderr: String)
        case notWAV(String)

        var description: String {
            switch self {
            case .exited(let status, let stderr): return "espeak-ng exited with status \(status): \(stderr)"
            case .notWAV(let reason): return "espeak-ng output is not a PCM WAV: \(reason)"
            }
        }
    }

    static func synthesize(_ text: String, voice: String, rate: Int, pitch: Int) throws -> Speech {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["espeak-ng", "--stdout", "-v", voice, "-s", String(rate), "-p", String(pitch), "--", text]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let wav = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.exited(status: process.terminationStatus, stderr: String(decoding: stderr, as: UTF8.self))
        }
        return try parse(Array(wav))
    }

    /// Reads a 16-bit mono RIFF/WAVE stream. `espeak-ng --stdout` writes placeholder chunk sizes
    /// (it streams), so the `data` chunk is taken to run to the end of the bytes.
    static func parse(_ bytes: [UInt8]) throws -> Speech {
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
            throw Failure.notWAV("no RIFF/WAVE header")
        }
        var offset = 12
        var sampleRate: Int?
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = u32(offset + 4)
            let body = offset + 8
            if id == "fmt " {
                guard body + 16 <= bytes.count, u16(body) == 1, u16(body + 2) == 1, u16(body + 14) == 16 else {
                    throw Failure.notWAV("not 16-bit mono PCM")
                }
                sampleRate = u32(body + 4)
            } else if id == "data" {
                guard let sampleRate else { throw Failure.notWAV("data before fmt") }
                let count = (bytes.count - body) / 2
                var samples = [Int16](repeating: 0, count: count)
                for i in 0..<count { samples[i] = Int16(bitPattern: UInt16(bytes[body + 2 * i]) | UInt16(bytes[body + 2 * i + 1]) << 8) }
                return Speech(sampleRate: sampleRate, samples: samples)
            }
            offset = body + size + (size & 1)
        }
        throw Failure.notWAV("no data chunk")
    }
}
