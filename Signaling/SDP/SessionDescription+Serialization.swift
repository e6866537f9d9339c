extension SessionDescription {
    /// The SDP text with CRLF after every line (RFC 8866 §5), in the order
    /// `v= o= s=`, session lines, session attributes, then each media section
    /// (`m=`, its lines, its attributes).
    public func serialized() -> String {
        var out = "v=\(version)\r\no=\(origin.value)\r\ns=\(sessionName)\r\n"
        for line in lines { out += line.text + "\r\n" }
        for attribute in attributes { out += "a=" + attribute.text + "\r\n" }
        for m in media {
            out += "m=" + m.mediaLineValue + "\r\n"
            for line in m.lines { out += line.text + "\r\n" }
            for attribute in m.attributes { out += "a=" + attribute.text + "\r\n" }
        }
        return out
    }
}

extension SessionDescription: CustomStringConvertible {
    public var description: String { serialized() }
}
