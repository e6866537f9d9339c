import ICELite
import STUN

/// A Binding request as a browser sends it to Parley's ICE-lite agent (RFC 8445 §7.2.2): USERNAME
/// `"<server ufrag>:<browser ufrag>"`, Chrome's GOOG-NETWORK-INFO, ICE-CONTROLLING, USE-CANDIDATE,
/// PRIORITY, MESSAGE-INTEGRITY under the server's password, FINGERPRINT (~100 bytes).
struct STUNFixture {
    let server = ICECredentials(ufrag: "pRly", password: "abcdefghijklmnopqrstuvwx")
    let browser = ICECredentials(ufrag: "Br0w", password: "ZYXWVUTSRQPONMLKJIHGFEDC")
    let source = TransportAddress(host: "192.0.2.10", port: 54_321)!
    let request: [UInt8]
    /// The server's password bytes, the MESSAGE-INTEGRITY key (RFC 8489 §9.1.1).
    let key: [UInt8]

    init() {
        key = Array(server.password.utf8)
        request = STUNMessage(type: .bindingRequest, attributes: [
            .username("\(server.ufrag):\(browser.ufrag)"),
            .other(type: 0xC057, value: [0x00, 0x01, 0x00, 0x0A]),  // GOOG-NETWORK-INFO
            .iceControlling(0x1234_5678_9ABC_DEF0),
            .useCandidate,
            .priority(1_853_817_087),
        ]).serialize(messageIntegrityKey: key, fingerprint: true)
    }
}
