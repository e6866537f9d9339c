import ParleyCrypto
import STUN

/// A minimal controlling ICE agent for one remote candidate, for Parley's own synthetic
/// callers talking to an ICE-lite server (RFC 8445 §7.2, aggressive nomination; consent
/// freshness RFC 7675 §5.1).
///
/// It sends Binding requests to `remoteAddress` with USERNAME `"<remote ufrag>:<local ufrag>"`,
/// PRIORITY, ICE-CONTROLLING (random tie-breaker), USE-CANDIDATE, MESSAGE-INTEGRITY under the
/// remote password and FINGERPRINT, retransmitting the same transaction with a doubling RTO
/// (RFC 8489 §6.2.1) until a success response whose MESSAGE-INTEGRITY verifies arrives from
/// that address (`.connected`). Then it sends a consent check every `consentInterval` × a random
/// factor in `consentJitter` and reports `.consentExpired` after `consentTimeout` without an
/// authenticated response. Without a response by the connect deadline it reports `.failed`.
/// Binding requests sent to it are answered too (USERNAME `"<local>:<remote>"`, local password).
///
/// Sans-IO, same shape as `ICELiteAgent`: the first check is due at creation, so the driver
/// starts it by calling `handleTimeout(now:)` at `pollTimeout()`.
public struct ICEClientAgent: Sendable {
    /// Timers and attribute values.
    public struct Configuration: Hashable, Sendable {
        /// First retransmission timeout of the connectivity check; doubles after each send.
        public var initialRetransmissionTimeout: Duration
        /// Cap on the retransmission timeout.
        public var maximumRetransmissionTimeout: Duration
        /// `.failed` if not connected this long after creation.
        public var connectTimeout: Duration
        /// Mean interval between consent checks once connected (RFC 7675 §5.1: 5 s).
        public var consentInterval: Duration
        /// Each consent interval is multiplied by a factor drawn uniformly from this range (RFC 7675: 0.8–1.2).
        public var consentJitter: ClosedRange<Double>
        /// Consent is lost after this long without an authenticated response (RFC 7675: 30 s).
        public var consentTimeout: Duration
        /// PRIORITY to send: the priority a peer-reflexive candidate would get (RFC 8445 §5.1.2.1:
        /// type preference 110, local preference 65535, component 1).
        public var priority: UInt32
        /// The ICE-CONTROLLING tie-breaker; `nil` draws a random one.
        public var tieBreaker: UInt64?
        /// SOFTWARE to put in requests and responses, if any.
        public var software: String?

        public init(initialRetransmissionTimeout: Duration = .milliseconds(50),
                    maximumRetransmissionTimeout: Duration = .milliseconds(800),
                    connectTimeout: Duration = .seconds(10),
                    consentInterval: Duration = .seconds(5),
                    consentJitter: ClosedRange<Double> = 0.8...1.2,
                    consentTimeout: Duration = .seconds(30),
                    priority: UInt32 = 0x6EFF_FFFF,
                    tieBreaker: UInt64? = nil,
                    software: String? = nil) {
            self.initialRetransmissionTimeout = initialRetransmissionTimeout
            self.maximumRetransmissionTimeout = maximumRetransmissionTimeout
            self.connectTimeout = connectTimeout
            self.consentInterval = consentInterval
            self.consentJitter = consentJitter
            self.consentTimeout = consentTimeout
            self.priority = priority
            self.tieBreaker = tieBreaker
            self.software = software
        }
    }

    /// Where the agent is in its life.
    public enum State: Hashable, Sendable {
        /// Sending the nominating check, waiting for an authenticated success response.
        case checking
        /// Connected; sending consent checks.
        case connected
        /// Consent was lost (finished).
        case consentExpired
        /// Not connected before the deadline (finished).
        case failed
    }

    public let localCredentials: ICECredentials
    public let remoteCredentials: ICECredentials
    /// The one remote candidate checked.
    public let remoteAddress: TransportAddress
    public let configuration: Configuration
    /// The ICE-CONTROLLING tie-breaker in every request.
    public let tieBreaker: UInt64
    public private(set) var state: State
    /// How many requests have been sent (retransmissions and consent checks included).
    public private(set) var requestsSent = 0

    private let connectDeadline: ContinuousClock.Instant
    /// The nominating check: one transaction, retransmitted unchanged.
    private let checkTransaction: STUNTransactionID
    private var checkBytes: [UInt8] = []
    private var retransmissionTimeout: Duration
    /// Next send: a retransmission while checking, a consent check once connected.
    private var nextSend: ContinuousClock.Instant
    /// Consent checks awaiting a response (the most recent few).
    private var consentTransactions: [STUNTransactionID] = []
    /// When the last authenticated success response arrived.
    private var lastResponse: ContinuousClock.Instant

    public init(localCredentials: ICECredentials = .random(), remoteCredentials: ICECredentials,
                remoteAddress: TransportAddress, configuration: Configuration = Configuration(),
                now: ContinuousClock.Instant) {
        self.localCredentials = localCredentials
        self.remoteCredentials = remoteCredentials
        self.remoteAddress = remoteAddress
        self.configuration = configuration
        self.tieBreaker = configuration.tieBreaker ?? SecureRandom.bytes(8).reduce(0) { $0 << 8 | UInt64($1) }
        self.state = .checking
        self.connectDeadline = now + configuration.connectTimeout
        self.checkTransaction = .random()
        self.retransmissionTimeout = configuration.initialRetransmissionTimeout
        self.nextSend = now
        self.lastResponse = now
        self.checkBytes = request(transactionID: checkTransaction, nominate: true)
    }

    /// Whether the agent has finished (consent expired or failed) and ignores all input.
    public var isFinished: Bool { state == .consentExpired || state == .failed }

    /// When `handleTimeout(now:)` must next be called; `nil` once finished.
    public func pollTimeout() -> ContinuousClock.Instant? {
        switch state {
        case .checking: return min(nextSend, connectDeadline)
        case .connected: return min(nextSend, lastResponse + configuration.consentTimeout)
        case .consentExpired, .failed: return nil
        }
    }

    /// Fires due timers: (re)sends the check or a consent check, or reports `.failed` / `.consentExpired`.
    public mutating func handleTimeout(now: ContinuousClock.Instant) -> [ICEOutput] {
        switch state {
        case .checking:
            if now >= connectDeadline {
                state = .failed
                return [.failed]
            }
            guard now >= nextSend else { return [] }
            nextSend = now + retransmissionTimeout
            retransmissionTimeout = min(retransmissionTimeout * 2, configuration.maximumRetransmissionTimeout)
            requestsSent += 1
            return [.transmit(checkBytes, to: remoteAddress)]
        case .connected:
            if now >= lastResponse + configuration.consentTimeout {
                state = .consentExpired
                return [.consentExpired]
            }
            guard now >= nextSend else { return [] }
            let transaction = STUNTransactionID.random()
            consentTransactions.append(transaction)
            if consentTransactions.count > 8 { consentTransactions.removeFirst() }
            nextSend = now + jitteredConsentInterval()
            requestsSent += 1
            return [.transmit(request(transactionID: transaction, nominate: false), to: remoteAddress)]
        case .consentExpired, .failed:
            return []
        }
    }

    /// Handles one STUN datagram from `source`: responses to our checks, or requests to answer.
    public mutating func handle(stunBytes: [UInt8], from source: TransportAddress,
                                now: ContinuousClock.Instant) -> [ICEOutput] {
        guard let message = try? STUNMessage(parsing: stunBytes) else { return handleTimeout(now: now) }
        return handle(message: message, from: source, now: now)
    }

    /// Handles one parsed STUN message from `source`.
    public mutating func handle(message: STUNMessage, from source: TransportAddress,
                                now: ContinuousClock.Instant) -> [ICEOutput] {
        var outputs = handleTimeout(now: now)
        guard !isFinished else { return outputs }
        switch message.type.messageClass {
        case .request:
            outputs += answer(message, from: source)
        case .successResponse, .errorResponse:
            outputs += handleResponse(message, from: source, now: now)
        case .indication:
            break
        }
        return outputs
    }

    // MARK: Private

    private mutating func handleResponse(_ response: STUNMessage, from source: TransportAddress,
                                         now: ContinuousClock.Instant) -> [ICEOutput] {
        // RFC 8445 §7.2.5.2.1: only from the address the check went to; RFC 8489 §6.3.3/§9.1.4:
        // our transaction, FINGERPRINT and MESSAGE-INTEGRITY under the remote password.
        guard response.type.method == .binding, source == remoteAddress,
              response.transactionID == checkTransaction || consentTransactions.contains(response.transactionID),
              response.verifyFingerprint(),
              response.verifyMessageIntegrity(key: Array(remoteCredentials.password.utf8)) else { return [] }
        // Authenticated error responses (e.g. 487) are ignored: the check keeps being retried
        // until the deadline. Only success counts.
        guard response.type.messageClass == .successResponse else { return [] }
        consentTransactions.removeAll { $0 == response.transactionID }
        lastResponse = now
        guard state == .checking else { return [] }
        state = .connected
        nextSend = now + jitteredConsentInterval()
        return [.connected(remoteAddress)]
    }

    private func answer(_ request: STUNMessage, from source: TransportAddress) -> [ICEOutput] {
        switch BindingRequestCheck.classify(request, local: localCredentials, remoteUfrag: remoteCredentials.ufrag) {
        case .drop:
            return []
        case .reject(let code, let authenticated, let unknown):
            return [.transmit(BindingRequestCheck.errorResponse(
                to: request, code: code, unknownAttributes: unknown,
                signWith: authenticated ? localCredentials : nil, software: configuration.software), to: source)]
        case .accept:
            // RFC 8445 §7.3.1.1, controlling side: a peer that also claims control loses if our
            // tie-breaker is at least its own.
            if let theirs = request.iceControlling, tieBreaker >= theirs {
                return [.transmit(BindingRequestCheck.errorResponse(
                    to: request, code: .roleConflict, unknownAttributes: [],
                    signWith: localCredentials, software: configuration.software), to: source)]
            }
            return [.transmit(BindingRequestCheck.successResponse(
                to: request, from: source, local: localCredentials, software: configuration.software), to: source)]
        }
    }

    private func request(transactionID: STUNTransactionID, nominate: Bool) -> [UInt8] {
        var attributes: [STUNAttribute] = []
        if let software = configuration.software { attributes.append(.software(software)) }
        attributes.append(.username("\(remoteCredentials.ufrag):\(localCredentials.ufrag)"))
        attributes.append(.priority(configuration.priority))
        attributes.append(.iceControlling(tieBreaker))
        if nominate { attributes.append(.useCandidate) }
        return STUNMessage(type: .bindingRequest, transactionID: transactionID, attributes: attributes)
            .serialize(messageIntegrityKey: Array(remoteCredentials.password.utf8), fingerprint: true)
    }

    private func jitteredConsentInterval() -> Duration {
        let range = configuration.consentJitter
        let factor = range.lowerBound == range.upperBound ? range.lowerBound : Double.random(in: range)
        return configuration.consentInterval * factor
    }
}
