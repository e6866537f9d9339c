/// ICE username fragment and password checks (RFC 8839 §5.4):
///
///     ice-pwd-att   = "ice-pwd:" password     ; password = 22*256ice-char
///     ice-ufrag-att = "ice-ufrag:" ufrag      ; ufrag    = 4*256ice-char
enum ICECredentialSyntax {
    /// Throws unless `ufrag` is 4…256 ice-chars.
    static func validateUfrag(_ ufrag: String) throws {
        guard (4...256).contains(ufrag.utf8.count), ufrag.utf8.allSatisfy(SDPSyntax.isICEByte) else {
            throw SDPError.invalid(field: "ice-ufrag", reason: "must be 4…256 characters of A-Z a-z 0-9 + /, got \(ufrag.utf8.count) characters")
        }
    }

    /// Throws unless `pwd` is 22…256 ice-chars.
    static func validatePwd(_ pwd: String) throws {
        guard (22...256).contains(pwd.utf8.count), pwd.utf8.allSatisfy(SDPSyntax.isICEByte) else {
            throw SDPError.invalid(field: "ice-pwd", reason: "must be 22…256 characters of A-Z a-z 0-9 + /, got \(pwd.utf8.count) characters")
        }
    }
}
