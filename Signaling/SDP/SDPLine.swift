/// One non-attribute SDP line kept as written: `<type>=<value>` (RFC 8866 §5).
///
/// The parser keeps session-level `i= u= e= p= c= b= t= r= z= k=` lines and media-level
/// `i= c= b= k=` lines as `SDPLine`s, in order, so a description serializes back to
/// what was received. Typed views (``SDPConnection``, timing) are computed from them.
public struct SDPLine: Hashable, Sendable {
    /// The type letter (`c`, `t`, `b`, …).
    public var type: Character
    /// Everything after `=`.
    public var value: String

    public init(type: Character, value: String) {
        self.type = type
        self.value = value
    }

    /// `<type>=<value>` without line ending.
    public var text: String { "\(type)=\(value)" }
}
