import STUN

/// The ICE side of one media session on a server that is an ICE-lite agent
/// (RFC 8445 §2.5, §6.2, §7.3), always in the controlled role, with consent
/// freshness (RFC 7675).
///
/// A lite agent gathers only host candidates and never sends checks: it answers the
/// peer's Binding requests, takes the address of the first authenticated check with
/// USE-CANDIDATE as the selected one, follows later nominations to a new address
/// (network change), and declares consent lost when the selected address sends no
/// authenticated check for `consentTimeout` (browsers send one every ~5 s).
///
/// Sans-IO: feed datagrams with `handle(stunBytes:from:now:)`, wake up at
/// `pollTimeout()` and call `handleTimeout(now:)`; perform the returned outputs.
///
/// Checks on a Binding request, in order:
/// 1. FINGERPRINT missing or wrong → dropped silently (RFC 8445 §7.3).
/// 2. USERNAME or MESSAGE-INTEGRITY missing → 400 Bad Request (RFC 8489 §9.1.3).
/// 3. USERNAME not `"<local ufrag>:<remote ufrag>"` (remote part unchecked while the remote
///    ufrag is unknown) or MESSAGE-INTEGRITY not valid under the local password → 401 Unauthorized.
/// 4. Unknown comprehension-required attributes → 420 with UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1.1).
/// 5. ICE-CONTROLLED present (the peer also thinks it is controlled) → 487 Role Conflict.
///    RFC 8445 §7.3.1.1 would have a controlled agent with the larger tie-breaker switch to
///    controlling, but a lite agent can never control (§6.1.1), so it always answers 487 and
///    keeps its role, which makes the full peer switch (§7.2.5.1).
/// 6. Otherwise a success response with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT.
public struct ICELiteAgent: Sendable {
    /// Timeouts and options.
    public struct Configuration: Hashable, Sendable {
        /// Consent is lost after this long without an authenticated check from the selected address (RFC 7675 §5.1: 30 s).
        public var consentTimeout: Duration
        /// `.failed` if nothing is nominated this long after the agent was created.
        public var connectTimeout: Duration
        /// SOFTWARE to put in responses, if any.
        public var software: String?

        public init(consentTimeout: Duration = .seconds(30), connectTimeout: Duration = .seconds(30), software: String? = nil) {
            self.consentTimeout = consentTimeout
            self.connectTimeout = connectTimeout
            self.software = software
        }
    }

    /// Where the agent is in its life.
    public enum State: Hashable, Sendable {
        /// Answering checks; nothing nominated yet.
        case waiting
        /// A pair is nominated; media goes to `selected`.
        case nominated(selected: TransportAddress)
        /// Consent was lost (finished).
        case consentExpired
        /// Nothing was nominated before the connect deadline (finished).
        case failed
    }

    /// This agent's ufrag and password (put them in the answer SDP).
    public let localCredentials: ICECredentials
    /// The peer's ufrag and password from its SDP, once known. Only the ufrag is used (to check
    /// USERNAME); a lite agent never sends requests, so it never signs with the peer's password.
    public private(set) var remoteCredentials: ICECredentials?
    public let configuration: Configuration
    public private(set) var state: State

    private let connectDeadline: ContinuousClock.Instant
    /// When the selected address last sent an authenticated check.
    private var lastConsent: ContinuousClock.Instant

    /// - Parameters:
    ///   - localCredentials: defaults to fresh random ones.
    ///   - remoteCredentials: the peer's, if already known from its offer.
    ///   - now: creation time; the connect deadline counts from here.
    public init(localCredentials: ICECredentials = .random(), remoteCredentials: ICECredentials? = nil,
                configuration: Configuration = Configuration(), now: ContinuousClock.Instant) {
        self.localCredentials = localCredentials
        self.remoteCredentials = remoteCredentials
        self.configuration = configuration
        self.state = .waiting
        self.connectDeadline = now + configuration.connectTimeout
        self.lastConsent = now
    }

    /// Records the peer's credentials (from the offer's `a=ice-ufrag` / `a=ice-pwd`); from now on
    /// USERNAME must name exactly this remote ufrag.
    public mutating func setRemoteCredentials(_ credentials: ICECredentials) {
        remoteCredentials = credentials
    }

    /// The selected (nominated) peer address, if any.
    public var selectedAddress: TransportAddress? {
        if case .nominated(let selected) = state { return selected }
        return nil
    }

    /// Whether the agent has finished (consent expired or failed) and ignores all input.
    public var isFinished: Bool { state == .consentExpired || state == .failed }

    /// Handles one datagram that looked like STUN, received from `source`.
    /// Unparseable datagrams are dropped (returns `[]`).
    public mutating func handle(stunBytes: [UInt8], from source: TransportAddress,
                                now: ContinuousClock.Instant) -> [ICEOutput] {
        guard let message = try? STUNMessage(parsing: stunBytes) else { return handleTimeout(now: now) }
        return handle(message: message, from: source, now: now)
    }

    /// Handles one parsed STUN message from `source` (for drivers that already parsed it to route it).
    public mutating func handle(message: STUNMessage, from source: TransportAddress,
                                now: ContinuousClock.Instant) -> [ICEOutput] {
        var outputs = handleTimeout(now: now)
        guard !isFinished else { return outputs }

        switch BindingRequestCheck.classify(message, local: localCredentials, remoteUfrag: remoteCredentials?.ufrag) {
        case .drop:
            return outputs
        case .reject(let code, let authenticated, let unknown):
            let response = BindingRequestCheck.errorResponse(
                to: message, code: code, unknownAttributes: unknown,
                signWith: authenticated ? localCredentials : nil, software: configuration.software)
            outputs.append(.transmit(response, to: source))
            return outputs
        case .accept:
            break
        }

        if message.iceControlled != nil {
            let response = BindingRequestCheck.errorResponse(
                to: message, code: .roleConflict, unknownAttributes: [],
                signWith: localCredentials, software: configuration.software)
            outputs.append(.transmit(response, to: source))
            return outputs
        }

        let response = BindingRequestCheck.successResponse(
            to: message, from: source, local: localCredentials, software: configuration.software)
        outputs.append(.transmit(response, to: source))

        switch state {
        case .waiting:
            if message.hasUseCandidate {
                state = .nominated(selected: source)
                lastConsent = now
                outputs.append(.nominated(source))
            }
        case .nominated(let selected):
            if source == selected {
                lastConsent = now
            } else if message.hasUseCandidate {
                state = .nominated(selected: source)
                lastConsent = now
                outputs.append(.selectedAddressChanged(from: selected, to: source))
            }
        case .consentExpired, .failed:
            break
        }
        return outputs
    }

    /// When `handleTimeout(now:)` must next be called; `nil` once finished.
    public func pollTimeout() -> ContinuousClock.Instant? {
        switch state {
        case .waiting: return connectDeadline
        case .nominated: return lastConsent + configuration.consentTimeout
        case .consentExpired, .failed: return nil
        }
    }

    /// Fires due timers: `.failed` at the connect deadline without nomination, `.consentExpired`
    /// `consentTimeout` after the selected address's last authenticated check (both at or after the instant).
    public mutating func handleTimeout(now: ContinuousClock.Instant) -> [ICEOutput] {
        switch state {
        case .waiting where now >= connectDeadline:
            state = .failed
            return [.failed]
        case .nominated where now >= lastConsent + configuration.consentTimeout:
            state = .consentExpired
            return [.consentExpired]
        default:
            return []
        }
    }
}

extension ICELiteAgent {
    /// The USERNAME of a Binding request, split into the receiver's (our) ufrag and the sender's,
    /// without any session: a server routes the first packet from an unknown address by
    /// `localUfrag` before the owning agent checks USERNAME and MESSAGE-INTEGRITY.
    /// `nil` unless `stunBytes` parse as a Binding request with a well-formed ICE USERNAME.
    public static func parseUsername(stunBytes: [UInt8]) -> ICEUsername? {
        guard let message = try? STUNMessage(parsing: stunBytes) else { return nil }
        return parseUsername(message)
    }

    /// The ICE USERNAME of a parsed Binding request; `nil` if it is not one or has none.
    public static func parseUsername(_ message: STUNMessage) -> ICEUsername? {
        guard message.type == .bindingRequest, let username = message.username else { return nil }
        return ICEUsername(username)
    }

    /// Splits a USERNAME value (`"local:remote"`); `nil` if malformed.
    public static func parseUsername(_ username: String) -> ICEUsername? {
        ICEUsername(username)
    }
}
