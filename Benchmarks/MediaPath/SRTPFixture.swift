import RTP
import SRTP

/// A sending and a receiving SRTP session with matching keys (what a DTLS-SRTP handshake would
/// give the two ends), and a batch of protected audio packets with increasing sequence numbers.
///
/// libsrtp's replay protection (RFC 3711 §3.3.2) refuses a packet index it has already seen, so
/// a receive benchmark must feed each packet once and in order: `nextDatagrams(_:)` hands out
/// the batch in order and, when it runs out, replaces the receiving session by a fresh one
/// (outside the measured region: the caller asks before it starts measuring).
final class SRTPFixture {
    static let payloadType: UInt8 = 111
    static let ssrc: UInt32 = 0x5EED_0001
    /// Packets protected up front: 100 000 × ~120 bytes ≈ 12 MB.
    static let batchSize = 100_000

    let profile: SRTPProfile
    /// Protects what "the browser" sends (keys A→B).
    let sender: SRTPSession
    /// Unprotects it on "the server" (keys A→B); replaced when the batch is exhausted.
    private(set) var receiver: SRTPSession
    /// Protects what the server sends back (keys B→A).
    let serverSender: SRTPSession
    /// Protected datagrams, sequence numbers 0, 1, 2… (wrapping at 65 536; libsrtp tracks the rollover counter).
    let datagrams: [[UInt8]]
    private(set) var next = 0
    /// Sequence number and timestamp of the next packet the server sends: they persist across
    /// benchmark samples, because libsrtp refuses to protect an index far behind the last one.
    private(set) var sendSequenceNumber: UInt16 = 0
    private(set) var sendTimestamp: UInt32 = 0

    private let clientKey: [UInt8]
    private let clientSalt: [UInt8]
    private let serverKey: [UInt8]
    private let serverSalt: [UInt8]

    init(profile: SRTPProfile, audio: AudioFixture, batchSize: Int = SRTPFixture.batchSize) throws {
        self.profile = profile
        clientKey = (0..<profile.masterKeyLength).map { UInt8(truncatingIfNeeded: 0x10 + $0) }
        clientSalt = (0..<profile.masterSaltLength).map { UInt8(truncatingIfNeeded: 0x40 + $0) }
        serverKey = (0..<profile.masterKeyLength).map { UInt8(truncatingIfNeeded: 0x80 + $0) }
        serverSalt = (0..<profile.masterSaltLength).map { UInt8(truncatingIfNeeded: 0xC0 + $0) }
        sender = try SRTPSession(profile: profile, localMasterKey: clientKey, localMasterSalt: clientSalt,
                                 remoteMasterKey: serverKey, remoteMasterSalt: serverSalt)
        serverSender = try SRTPSession(profile: profile, localMasterKey: serverKey, localMasterSalt: serverSalt,
                                       remoteMasterKey: clientKey, remoteMasterSalt: clientSalt)
        receiver = try Self.makeReceiver(profile: profile, clientKey: clientKey, clientSalt: clientSalt,
                                         serverKey: serverKey, serverSalt: serverSalt)
        var datagrams: [[UInt8]] = []
        datagrams.reserveCapacity(batchSize)
        for index in 0..<batchSize {
            let packet = RTPPacket(
                marker: index == 0, payloadType: Self.payloadType, sequenceNumber: UInt16(truncatingIfNeeded: index),
                timestamp: UInt32(truncatingIfNeeded: index &* AudioFixture.frameSamples), ssrc: Self.ssrc,
                payload: audio.opusFrames[index % audio.opusFrames.count])
            datagrams.append(try sender.protectRTP(try packet.serialize()))
        }
        self.datagrams = datagrams
    }

    /// Makes sure `count` fresh datagrams are left, starting over with a new receiving session if not.
    func reserve(_ count: Int) throws {
        precondition(count <= datagrams.count, "batch smaller than one benchmark iteration")
        guard next + count > datagrams.count else { return }
        receiver = try Self.makeReceiver(profile: profile, clientKey: clientKey, clientSalt: clientSalt,
                                         serverKey: serverKey, serverSalt: serverSalt)
        next = 0
    }

    /// The next protected datagram, never seen by `receiver`.
    @inline(__always)
    func nextDatagram() -> [UInt8] {
        defer { next += 1 }
        return datagrams[next]
    }

    /// The next outgoing packet's sequence number and timestamp (20 ms apart).
    @inline(__always)
    func nextSendHeader() -> (sequenceNumber: UInt16, timestamp: UInt32) {
        defer {
            sendSequenceNumber &+= 1
            sendTimestamp &+= UInt32(AudioFixture.frameSamples)
        }
        return (sendSequenceNumber, sendTimestamp)
    }

    private static func makeReceiver(profile: SRTPProfile, clientKey: [UInt8], clientSalt: [UInt8],
                                     serverKey: [UInt8], serverSalt: [UInt8]) throws -> SRTPSession {
        try SRTPSession(profile: profile, localMasterKey: serverKey, localMasterSalt: serverSalt,
                        remoteMasterKey: clientKey, remoteMasterSalt: clientSalt)
    }
}
