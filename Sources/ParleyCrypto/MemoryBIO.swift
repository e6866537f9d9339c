internal import COpenSSL

/// Helpers for OpenSSL memory BIOs (`BIO_s_mem`).
enum MemoryBIO {
    /// Reads and removes every pending byte of `bio`.
    static func readAll(_ bio: OpaquePointer) -> [UInt8] {
        var result: [UInt8] = []
        while true {
            let pending = parley_BIO_ctrl_pending(bio)
            if pending <= 0 { break }
            var chunk = [UInt8](repeating: 0, count: Int(pending))
            let read = BIO_read(bio, &chunk, Int32(pending))
            if read <= 0 { break }
            result.append(contentsOf: chunk.prefix(Int(read)))
        }
        return result
    }

    /// Appends `bytes` to `bio`; returns false if OpenSSL refused them.
    @discardableResult
    static func write(_ bio: OpaquePointer, _ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        return bytes.withUnsafeBytes { BIO_write(bio, $0.baseAddress, Int32($0.count)) } == Int32(bytes.count)
    }
}
