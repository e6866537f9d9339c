/// Tells whether an Opus packet carries in-band FEC (LBRR) data for the previous frame,
/// without decoding it.
///
/// FEC lives in the SILK layer, so CELT-only packets (TOC config 16...31) never carry it
/// (RFC 6716 §3.1). In SILK-only and hybrid packets the first frame's range-coded data
/// starts with one VAD flag per SILK frame and then the LBRR flag (§4.2.3, "Header Bits"),
/// each coded with probability ½ — so they are the leading bits of the frame's first byte.
/// Only the first (mono/mid) channel is inspected.
enum OpusFECProbe {
    static func hasInBandFEC(_ packet: [UInt8]) -> Bool {
        guard let toc = packet.first else { return false }
        let config = Int(toc >> 3)
        guard config < 16 else { return false }  // CELT only
        // SILK frames per Opus frame: 10 ms → 1, 20 ms → 1, 40 ms → 2, 60 ms → 3.
        let silkFrames: Int
        if config < 12 {
            silkFrames = max(1, config & 3 == 2 ? 2 : config & 3 == 3 ? 3 : 1)
        } else {
            silkFrames = 1  // hybrid: 10 or 20 ms
        }
        guard let offset = firstFrameOffset(packet), offset < packet.count else { return false }
        let bit = silkFrames  // bits 0..silkFrames-1 are VAD flags, then LBRR
        guard bit < 8 else { return false }
        return packet[offset] & (0x80 >> UInt8(bit)) != 0
    }

    /// Byte offset of the first frame's data (RFC 6716 §3.2), nil when malformed.
    private static func firstFrameOffset(_ packet: [UInt8]) -> Int? {
        let code = packet[0] & 0x03
        switch code {
        case 0, 1:
            return 1
        case 2:
            guard packet.count >= 2 else { return nil }
            return packet[1] >= 252 ? 3 : 2
        default:
            guard packet.count >= 2 else { return nil }
            let countByte = packet[1]
            let frames = Int(countByte & 0x3F)
            let vbr = countByte & 0x80 != 0
            let padded = countByte & 0x40 != 0
            var index = 2
            if padded {
                while true {
                    guard index < packet.count else { return nil }
                    let value = packet[index]
                    index += 1
                    if value != 255 { break }
                }
            }
            if vbr {
                for _ in 0..<max(0, frames - 1) {
                    guard index < packet.count else { return nil }
                    index += packet[index] >= 252 ? 2 : 1
                }
            }
            return index
        }
    }
}
