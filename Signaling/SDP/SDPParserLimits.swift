/// Bounds the SDP parser enforces before and while it reads untrusted text.
public struct SDPParserLimits: Hashable, Sendable {
    /// Largest accepted text, in UTF-8 bytes.
    public var maxBytes: Int
    /// Most lines accepted.
    public var maxLines: Int
    /// Most `m=` sections accepted.
    public var maxMediaSections: Int

    public init(maxBytes: Int = 64 * 1024, maxLines: Int = 4096, maxMediaSections: Int = 64) {
        self.maxBytes = maxBytes
        self.maxLines = maxLines
        self.maxMediaSections = maxMediaSections
    }

    /// 64 KiB, 4096 lines, 64 media sections: well above any browser offer.
    public static let `default` = SDPParserLimits()
}
