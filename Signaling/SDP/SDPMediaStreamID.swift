/// `a=msid:<stream id> [<track id>]` (RFC 8830 §2); a stream id of `-` means no stream.
public struct SDPMediaStreamID: Hashable, Sendable {
    public var streamId: String
    public var trackId: String?

    public init(streamId: String, trackId: String? = nil) {
        self.streamId = streamId
        self.trackId = trackId
    }

    /// Parses the value after `a=msid:` (also the value of `a=ssrc:<id> msid:`).
    public init(parsing value: String) throws {
        let f = SDPSyntax.fields(value)
        guard f.count == 1 || f.count == 2, f.allSatisfy({ SDPSyntax.isVisible($0) && $0.utf8.count <= 64 }) else {
            throw SDPError.invalid(field: "msid", reason: "expected \"<stream id> [<track id>]\" of 1…64 visible characters each, got \"\(value)\"")
        }
        self.init(streamId: String(f[0]), trackId: f.count == 2 ? String(f[1]) : nil)
    }

    /// The value after `a=msid:`.
    public var value: String {
        if let trackId { "\(streamId) \(trackId)" } else { streamId }
    }
}
