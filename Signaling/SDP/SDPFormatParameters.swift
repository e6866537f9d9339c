/// `a=fmtp:<format> <format specific parameters>` (RFC 8866 §6.15).
///
/// Most codecs (Opus, RFC 7587 §7; H.264; RTX) use `key=value;key=value`; ``parameters``
/// splits that form. Other forms (`111/111` for RED) stay readable in ``parameterText``.
public struct SDPFormatParameters: Hashable, Sendable {
    /// The format (payload type for RTP media) as written.
    public var format: String
    /// Everything after the first space.
    public var parameterText: String

    public init(format: String, parameterText: String) {
        self.format = format
        self.parameterText = parameterText
    }

    /// Builds `key=value;…` from ordered pairs.
    public init(format: String, parameters: [(String, String)]) {
        self.init(format: format, parameterText: parameters.map { "\($0.0)=\($0.1)" }.joined(separator: ";"))
    }

    /// Parses the value after `a=fmtp:`.
    public init(parsing value: String) throws {
        guard let space = value.firstIndex(of: " ") else {
            throw SDPError.invalid(field: "fmtp", reason: "expected \"<format> <parameters>\", got \"\(value)\"")
        }
        let format = value[..<space]
        guard SDPSyntax.isToken(format) else {
            throw SDPError.invalid(field: "fmtp", reason: "format \"\(format)\" is not a token")
        }
        self.init(format: String(format), parameterText: String(value[value.index(after: space)...]).trimmingSpaces())
    }

    /// The payload type, when the format is one.
    public var payloadType: UInt8? {
        guard let pt: UInt8 = SDPSyntax.number(format, maxDigits: 3), pt <= 127 else { return nil }
        return pt
    }

    /// `key=value` pairs in order (keys as written; a parameter without `=` has an empty value).
    public var parameterList: [(key: String, value: String)] {
        parameterText.split(separator: ";").compactMap { item in
            let item = String(item).trimmingSpaces()
            guard !item.isEmpty else { return nil }
            if let eq = item.firstIndex(of: "=") {
                return (String(item[..<eq]).trimmingSpaces(), String(item[item.index(after: eq)...]).trimmingSpaces())
            }
            return (item, "")
        }
    }

    /// `key=value` pairs as a dictionary with lower-cased keys (the first occurrence wins).
    public var parameters: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in parameterList where result[key.lowercased()] == nil {
            result[key.lowercased()] = value
        }
        return result
    }

    /// The value after `a=fmtp:`.
    public var value: String { "\(format) \(parameterText)" }
}
