extension STUNMessage {
    /// The first attribute of `type`, if any (RFC 8489 §14: only the first of a type is significant).
    public func attribute(_ type: STUNAttributeType) -> STUNAttribute? {
        attributes.first { $0.type == type }
    }

    /// USERNAME.
    public var username: String? {
        for case .username(let value) in attributes { return value }
        return nil
    }

    /// XOR-MAPPED-ADDRESS.
    public var xorMappedAddress: TransportAddress? {
        for case .xorMappedAddress(let value) in attributes { return value }
        return nil
    }

    /// MAPPED-ADDRESS.
    public var mappedAddress: TransportAddress? {
        for case .mappedAddress(let value) in attributes { return value }
        return nil
    }

    /// ERROR-CODE.
    public var errorCode: STUNErrorCode? {
        for case .errorCode(let value) in attributes { return value }
        return nil
    }

    /// SOFTWARE.
    public var software: String? {
        for case .software(let value) in attributes { return value }
        return nil
    }

    /// PRIORITY (RFC 8445 §16.1).
    public var priority: UInt32? {
        for case .priority(let value) in attributes { return value }
        return nil
    }

    /// Whether USE-CANDIDATE is present (RFC 8445 §16.1).
    public var hasUseCandidate: Bool { attributes.contains(.useCandidate) }

    /// The tie-breaker of ICE-CONTROLLED, if present.
    public var iceControlled: UInt64? {
        for case .iceControlled(let value) in attributes { return value }
        return nil
    }

    /// The tie-breaker of ICE-CONTROLLING, if present.
    public var iceControlling: UInt64? {
        for case .iceControlling(let value) in attributes { return value }
        return nil
    }

    /// Whether MESSAGE-INTEGRITY is present (not whether it verifies).
    public var hasMessageIntegrity: Bool { attributes.contains { $0.type == .messageIntegrity } }

    /// Whether MESSAGE-INTEGRITY-SHA256 is present (not whether it verifies).
    public var hasMessageIntegritySHA256: Bool { attributes.contains { $0.type == .messageIntegritySHA256 } }

    /// Whether FINGERPRINT is present (not whether it verifies).
    public var hasFingerprint: Bool { attributes.contains { $0.type == .fingerprint } }

    /// The comprehension-required attribute types (0x0000–0x7FFF) this module does not understand,
    /// in order of appearance without repeats: a request carrying any must be answered with
    /// 420 (Unknown Attribute) listing them in UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1.1).
    public var unknownComprehensionRequiredAttributes: [UInt16] {
        var result: [UInt16] = []
        for case .other(let type, _) in attributes where type < 0x8000 && !result.contains(type) {
            result.append(type)
        }
        return result
    }
}
