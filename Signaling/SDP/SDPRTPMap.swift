/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]` (RFC 8866 §6.6).
///
/// For audio the encoding parameters are the channel count (Opus is always
/// `opus/48000/2`, RFC 7587 §7).
public struct SDPRTPMap: Hashable, Sendable {
    /// Dynamic or static RTP payload type, 0…127.
    public var payloadType: UInt8
    /// `opus`, `PCMU`, `VP8`, … as written (compare case-insensitively).
    public var encodingName: String
    /// RTP clock rate in Hz.
    public var clockRate: UInt32
    /// Channel count for audio, if given.
    public var channels: UInt32?

    public init(payloadType: UInt8, encodingName: String, clockRate: UInt32, channels: UInt32? = nil) {
        self.payloadType = payloadType
        self.encodingName = encodingName
        self.clockRate = clockRate
        self.channels = channels
    }

    /// Parses the value after `a=rtpmap:`.
    public init(parsing value: String) throws {
        let f = SDPSyntax.fields(value)
        guard f.count == 2 else {
            throw SDPError.invalid(field: "rtpmap", reason: "expected \"<pt> <name>/<rate>[/<params>]\", got \"\(value)\"")
        }
        guard let pt: UInt8 = SDPSyntax.number(f[0], maxDigits: 3), pt <= 127 else {
            throw SDPError.invalid(field: "rtpmap", reason: "payload type \"\(f[0])\" is not 0…127")
        }
        let parts = f[1].split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, SDPSyntax.isToken(parts[0]) else {
            throw SDPError.invalid(field: "rtpmap", reason: "\"\(f[1])\" is not <name>/<rate>[/<params>]")
        }
        guard let rate: UInt32 = SDPSyntax.number(parts[1], maxDigits: 10), rate > 0 else {
            throw SDPError.invalid(field: "rtpmap", reason: "clock rate \"\(parts[1])\" is not a positive number")
        }
        var channels: UInt32?
        if parts.count == 3 {
            guard let c: UInt32 = SDPSyntax.number(parts[2], maxDigits: 3), c > 0 else {
                throw SDPError.invalid(field: "rtpmap", reason: "encoding parameters \"\(parts[2])\" are not a channel count")
            }
            channels = c
        }
        self.init(payloadType: pt, encodingName: String(parts[0]), clockRate: rate, channels: channels)
    }

    /// Whether this is Opus as RFC 7587 §7 requires it: `opus/48000/2`.
    public var isOpus: Bool {
        encodingName.lowercased() == "opus" && clockRate == 48000 && channels == 2
    }

    /// The value after `a=rtpmap:`.
    public var value: String {
        if let channels { "\(payloadType) \(encodingName)/\(clockRate)/\(channels)" } else { "\(payloadType) \(encodingName)/\(clockRate)" }
    }
}
