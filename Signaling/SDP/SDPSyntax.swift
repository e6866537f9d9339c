/// Small grammar helpers shared by the SDP parsers (RFC 8866 §9 ABNF, RFC 8839 §5.1).
enum SDPSyntax {
    /// `token-char` of RFC 8866 §9: visible ASCII except `"(),/:;<=>?@[\]{}` and space.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x21, 0x23...0x27, 0x2A, 0x2B, 0x2D, 0x2E, 0x30...0x39, 0x41...0x5A, 0x5E...0x7E: true
        default: false
        }
    }

    /// A non-empty `token`.
    static func isToken(_ s: some StringProtocol) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy(isTokenByte)
    }

    /// `ice-char` of RFC 8839 §5.1: ALPHA / DIGIT / "+" / "/".
    static func isICEByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2B, 0x2F: true
        default: false
        }
    }

    /// Visible ASCII (no space, no control characters).
    static func isVisible(_ s: some StringProtocol) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// An unsigned integer written with 1…`maxDigits` ASCII digits and nothing else (no sign, no spaces).
    static func number<T: FixedWidthInteger & UnsignedInteger>(_ s: some StringProtocol, maxDigits: Int = 20, as: T.Type = T.self) -> T? {
        guard !s.isEmpty, s.utf8.count <= maxDigits, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return T(s, radix: 10)
    }

    /// Splits at runs of spaces (RFC 8866 uses single SP; extra spaces are tolerated).
    static func fields(_ s: some StringProtocol) -> [Substring] {
        Substring(s).split(separator: " ", omittingEmptySubsequences: true)
    }
}
