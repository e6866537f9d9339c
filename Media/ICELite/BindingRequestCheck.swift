import STUN

/// The checks every ICE agent applies to a Binding request before answering it
/// (RFC 8445 §7.3, RFC 8489 §6.3.1 and §9.1.3), and the responses it builds.
enum BindingRequestCheck: Equatable {
    /// Silently discard (not a Binding request, or FINGERPRINT missing or wrong: RFC 8445 §7.3, RFC 7983).
    case drop
    /// Answer with an error response; `authenticated` says whether MESSAGE-INTEGRITY verified
    /// (then the response carries one too).
    case reject(STUNErrorCode, authenticated: Bool, unknownAttributes: [UInt16])
    /// Authenticated and understood: go on with role checks and answer.
    case accept

    /// Classifies `request` sent to an agent with `local` credentials whose peer uses `remoteUfrag`
    /// (`nil` while the peer's ufrag is not yet known: then any sender ufrag is accepted).
    static func classify(_ request: STUNMessage, local: ICECredentials, remoteUfrag: String?) -> BindingRequestCheck {
        guard request.type == .bindingRequest else { return .drop }
        guard request.verifyFingerprint() else { return .drop }
        guard let username = request.username, request.hasMessageIntegrity else {
            return .reject(.badRequest, authenticated: false, unknownAttributes: [])
        }
        guard let parsed = ICEUsername(username), parsed.localUfrag == local.ufrag,
              remoteUfrag.map({ $0 == parsed.remoteUfrag }) ?? true else {
            return .reject(.unauthorized, authenticated: false, unknownAttributes: [])
        }
        guard request.verifyMessageIntegrity(key: local.key) else {
            return .reject(.unauthorized, authenticated: false, unknownAttributes: [])
        }
        let unknown = request.unknownComprehensionRequiredAttributes
        guard unknown.isEmpty else {
            return .reject(.unknownAttribute, authenticated: true, unknownAttributes: unknown)
        }
        return .accept
    }

    /// A Binding success response: XOR-MAPPED-ADDRESS of the request's source, MESSAGE-INTEGRITY
    /// under the responder's password, FINGERPRINT (RFC 8445 §7.3.1.3, RFC 8489 §9.1.4).
    static func successResponse(to request: STUNMessage, from source: TransportAddress,
                                local: ICECredentials, software: String?) -> [UInt8] {
        var attributes: [STUNAttribute] = []
        if let software { attributes.append(.software(software)) }
        attributes.append(.xorMappedAddress(source))
        return STUNMessage(type: .bindingSuccess, transactionID: request.transactionID, attributes: attributes)
            .serialize(messageIntegrityKey: local.key, fingerprint: true)
    }

    /// A Binding error response with ERROR-CODE (and UNKNOWN-ATTRIBUTES for 420); signed only when
    /// the request authenticated (RFC 8489 §9.1.3: not for 400 and 401), always with FINGERPRINT.
    static func errorResponse(to request: STUNMessage, code: STUNErrorCode, unknownAttributes: [UInt16],
                              signWith local: ICECredentials?, software: String?) -> [UInt8] {
        var attributes: [STUNAttribute] = []
        if let software { attributes.append(.software(software)) }
        attributes.append(.errorCode(code))
        if !unknownAttributes.isEmpty { attributes.append(.unknownAttributes(unknownAttributes)) }
        return STUNMessage(type: .bindingError, transactionID: request.transactionID, attributes: attributes)
            .serialize(messageIntegrityKey: local?.key, fingerprint: true)
    }
}
