/// A parsed SDP session description (RFC 8866 §5):
///
///     v=0
///     o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
///     s=<session name>
///     [i= u= e= p= c= b=]  t=<start> <stop>  [r= z= k=]
///     a=<session attributes>*
///     (m=<media> <port> <proto> <fmt>…  [i= c= b= k=]  a=<media attributes>*)*
///
/// Every line is kept (unknown attributes in order), so ``serialized()`` writes back what
/// was parsed, with CRLF line endings. Typed accessors (`SessionDescription+Accessors.swift`,
/// `MediaDescription+Accessors.swift`) read ICE (RFC 8839), fingerprint (RFC 8122), setup
/// (RFC 4145/5763), BUNDLE (RFC 8843), rtcp-mux (RFC 5761) and RTP attributes. Known
/// attributes are validated when parsing so the accessors never see malformed values.
public struct SessionDescription: Hashable, Sendable, SDPAttributeContainer {
    /// `v=`; always 0.
    public var version: Int
    public var origin: SDPOrigin
    /// `s=`; `-` in JSEP.
    public var sessionName: String
    /// Session-level `i= u= e= p= c= b= t= r= z= k=` lines, in order.
    public var lines: [SDPLine]
    /// Session-level `a=` lines, in order.
    public var attributes: [SDPAttribute]
    /// The media sections, in order.
    public var media: [MediaDescription]

    public init(version: Int = 0, origin: SDPOrigin, sessionName: String = "-",
                lines: [SDPLine] = [SDPLine(type: "t", value: "0 0")],
                attributes: [SDPAttribute] = [], media: [MediaDescription] = []) {
        self.version = version
        self.origin = origin
        self.sessionName = sessionName
        self.lines = lines
        self.attributes = attributes
        self.media = media
    }
}
