/// One RTCP packet of a compound datagram (RFC 3550 §6.4–6.6, RFC 4585 §6.2.1/§6.3.1, RFC 5104 §4.3.1).
///
/// Types this module does not decode (APP, XR, other feedback formats such as
/// REMB or transport-wide CC) are kept as `.unknown` with the whole packet's
/// bytes — header included, exactly as received — and re-serialized unchanged.
public enum RTCPPacket: Equatable, Hashable, Sendable {
    case senderReport(RTCPSenderReport)
    case receiverReport(RTCPReceiverReport)
    case sourceDescription(RTCPSourceDescription)
    case bye(RTCPBye)
    case genericNACK(RTCPGenericNACK)
    case pictureLossIndication(RTCPPictureLossIndication)
    case fullIntraRequest(RTCPFullIntraRequest)
    /// `payloadType` is the RTCP packet type (second byte); `bytes` the entire packet.
    case unknown(payloadType: UInt8, bytes: [UInt8])

    /// The RTCP packet type (PT field) this packet is written with.
    public var payloadType: UInt8 {
        switch self {
        case .senderReport: return RTCPPacketType.senderReport
        case .receiverReport: return RTCPPacketType.receiverReport
        case .sourceDescription: return RTCPPacketType.sourceDescription
        case .bye: return RTCPPacketType.bye
        case .genericNACK: return RTCPPacketType.transportFeedback
        case .pictureLossIndication, .fullIntraRequest: return RTCPPacketType.payloadFeedback
        case let .unknown(payloadType, _): return payloadType
        }
    }

    /// Decodes one packet given its header fields and its body (padding already removed).
    /// `rawPacket` is the whole packet, kept for `.unknown`.
    static func parse(count: UInt8, payloadType: UInt8, body: ArraySlice<UInt8>, rawPacket: ArraySlice<UInt8>) throws -> RTCPPacket {
        let count = Int(count)
        switch payloadType {
        case RTCPPacketType.senderReport:
            return .senderReport(try RTCPSenderReport.parse(count: count, body: body))
        case RTCPPacketType.receiverReport:
            return .receiverReport(try RTCPReceiverReport.parse(count: count, body: body))
        case RTCPPacketType.sourceDescription:
            return .sourceDescription(try RTCPSourceDescription.parse(count: count, body: body))
        case RTCPPacketType.bye:
            return .bye(try RTCPBye.parse(count: count, body: body))
        case RTCPPacketType.transportFeedback where count == Int(RTCPGenericNACK.format):
            return .genericNACK(try RTCPGenericNACK.parse(body: body))
        case RTCPPacketType.payloadFeedback where count == Int(RTCPPictureLossIndication.format):
            return .pictureLossIndication(try RTCPPictureLossIndication.parse(body: body))
        case RTCPPacketType.payloadFeedback where count == Int(RTCPFullIntraRequest.format):
            return .fullIntraRequest(try RTCPFullIntraRequest.parse(body: body))
        default:
            return .unknown(payloadType: payloadType, bytes: Array(rawPacket))
        }
    }

    /// Appends this packet (header included, no padding) to `out`.
    public func serialize(into out: inout [UInt8]) {
        switch self {
        case let .senderReport(packet): packet.serialize(into: &out)
        case let .receiverReport(packet): packet.serialize(into: &out)
        case let .sourceDescription(packet): packet.serialize(into: &out)
        case let .bye(packet): packet.serialize(into: &out)
        case let .genericNACK(packet): packet.serialize(into: &out)
        case let .pictureLossIndication(packet): packet.serialize(into: &out)
        case let .fullIntraRequest(packet): packet.serialize(into: &out)
        case let .unknown(_, bytes): out.append(contentsOf: bytes)
        }
    }
}
