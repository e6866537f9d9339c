import Foundation
import XCTest
import SignalingProtocol

/// The v1 signalling messages of PROTOCOL.md.
final class SignalingMessageTests: XCTestCase {
    /// `text` parsed as a JSON object.
    func object(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> NSDictionary {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try XCTUnwrap(value as? NSDictionary, "not a JSON object: \(text)", file: file, line: line)
    }

    func assertJSON(_ message: ServerMessage, _ expected: [String: Any], file: StaticString = #filePath, line: UInt = #line) throws {
        let text = message.jsonText()
        XCTAssertEqual(try object(text), expected as NSDictionary, text, file: file, line: line)
        XCTAssertFalse(text.contains("\n"), "compact", file: file, line: line)
        // And it decodes back to the same message.
        XCTAssertEqual(try ServerMessage(json: text), message, file: file, line: line)
    }

    // MARK: Client → server

    func testDecodeClientMessages() throws {
        let sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"
        XCTAssertEqual(try ClientMessage(json: #"{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}"#), .offer(sdp: sdp))
        XCTAssertEqual(try ClientMessage(json: #"{"type":"candidate","candidate":"candidate:1 1 udp 1 192.0.2.1 9 typ host","sdpMid":"0"}"#),
                       .candidate(candidate: "candidate:1 1 udp 1 192.0.2.1 9 typ host", sdpMid: "0"))
        XCTAssertEqual(try ClientMessage(json: #"{"type":"candidate","candidate":"","sdpMid":null,"sdpMLineIndex":0,"usernameFragment":"x"}"#),
                       .candidate(candidate: "", sdpMid: nil))
        XCTAssertEqual(try ClientMessage(json: #"{"type":"candidate","candidate":"c"}"#), .candidate(candidate: "c", sdpMid: nil))
        XCTAssertEqual(try ClientMessage(json: #"{"type":"text","text":"I would use a hash map."}"#), .text("I would use a hash map."))
        XCTAssertEqual(try ClientMessage(json: #"{"type":"end"}"#), .end)
        XCTAssertEqual(try ClientMessage(json: #" { "extra": [1,2], "type" : "end" } "#), .end)
        XCTAssertEqual(try ClientMessage(jsonData: Data(#"{"type":"text","text":"caf\u00e9 ☕"}"#.utf8)), .text("café ☕"))
    }

    func testClientMessagesRoundTrip() throws {
        let messages: [ClientMessage] = [.offer(sdp: "v=0\r\n"), .candidate(candidate: "candidate:x", sdpMid: "0"),
                                         .candidate(candidate: "candidate:x", sdpMid: nil), .text("a \"quote\" / slash"), .end]
        for m in messages {
            let text = m.jsonText()
            XCTAssertEqual(try ClientMessage(json: text), m, text)
            XCTAssertEqual(try object(text)["type"] as? String, m.type)
        }
        XCTAssertEqual(try object(ClientMessage.candidate(candidate: "c", sdpMid: nil).jsonText()), ["type": "candidate", "candidate": "c"])
    }

    func testMalformedClientMessages() {
        let cases: [(String, String, SignalingErrorCode)] = [
            ("empty", "", .badJSON),
            ("not JSON", "hello", .badJSON),
            ("truncated", #"{"type":"offer","sdp":"v=0"#, .badJSON),
            ("trailing garbage", #"{"type":"end"} x"#, .badJSON),
            ("array", #"["offer"]"#, .badMessage),
            ("string", #""offer""#, .badMessage),
            ("number", "42", .badMessage),
            ("null", "null", .badMessage),
            ("no type", #"{"sdp":"v=0"}"#, .badMessage),
            ("null type", #"{"type":null}"#, .badMessage),
            ("numeric type", #"{"type":1}"#, .badMessage),
            ("unknown type", #"{"type":"hangup"}"#, .unknownType),
            ("type case matters", #"{"type":"Offer","sdp":"v=0"}"#, .unknownType),
            ("offer without sdp", #"{"type":"offer"}"#, .badMessage),
            ("offer with null sdp", #"{"type":"offer","sdp":null}"#, .badMessage),
            ("offer with numeric sdp", #"{"type":"offer","sdp":5}"#, .badMessage),
            ("offer with object sdp", #"{"type":"offer","sdp":{"type":"offer"}}"#, .badMessage),
            ("candidate without candidate", #"{"type":"candidate","sdpMid":"0"}"#, .badMessage),
            ("candidate with numeric sdpMid", #"{"type":"candidate","candidate":"c","sdpMid":0}"#, .badMessage),
            ("text without text", #"{"type":"text"}"#, .badMessage),
            ("text with boolean", #"{"type":"text","text":true}"#, .badMessage),
        ]
        for (name, json, code) in cases {
            XCTAssertThrowsError(try ClientMessage(json: json), name) { error in
                let e = error as? SignalingError
                XCTAssertEqual(e?.code, code, "\(name): \(error)")
                XCTAssertFalse(e?.message.isEmpty ?? true, name)
            }
        }
    }

    func testErrorMessagesNameTheField() {
        XCTAssertThrowsError(try ClientMessage(json: #"{"type":"offer"}"#)) { error in
            XCTAssertEqual(error as? SignalingError, SignalingError(code: .badMessage, message: #"missing field "sdp" in a "offer" message"#))
        }
        XCTAssertThrowsError(try ClientMessage(json: #"{"type":"offer","sdp":1}"#)) { error in
            XCTAssertEqual((error as? SignalingError)?.message, #"field "sdp" of a "offer" message must be a string"#)
        }
        XCTAssertThrowsError(try ClientMessage(json: #"{"type":"dance"}"#)) { error in
            XCTAssertEqual(error as? SignalingError, SignalingError(code: .unknownType, message: #"unknown message type "dance""#))
        }
    }

    func testTooLarge() {
        let big = #"{"type":"text","text":""# + String(repeating: "a", count: 2000) + #""}"#
        XCTAssertThrowsError(try ClientMessage(json: big, maxBytes: 1000)) { error in
            XCTAssertEqual((error as? SignalingError)?.code, .tooLarge)
        }
        XCTAssertNoThrow(try ClientMessage(json: big, maxBytes: 4000))
        // The default limit takes a 64 KiB SDP with every CRLF escaped.
        let sdp = String(repeating: "a=x\r\n", count: 64 * 1024 / 5)
        XCTAssertNoThrow(try ClientMessage(json: ClientMessage.offer(sdp: sdp).jsonText()))
        XCTAssertThrowsError(try ClientMessage(json: String(repeating: " ", count: ClientMessage.defaultMaxBytes + 1)))
    }

    // MARK: Server → client

    func testEncodeServerMessages() throws {
        try assertJSON(.answer(sdp: "v=0\r\na=ice-pwd:ab/cd\r\n"), ["type": "answer", "sdp": "v=0\r\na=ice-pwd:ab/cd\r\n"])
        try assertJSON(.state(.listening, questionIndex: 2), ["type": "state", "state": "listening", "questionIndex": 2])
        try assertJSON(.transcript(role: .candidate, text: "I think", final: false, seq: 7),
                       ["type": "transcript", "role": "candidate", "text": "I think", "final": false, "seq": 7])
        try assertJSON(.transcript(role: .interviewer, text: "Next.", final: true, seq: 8),
                       ["type": "transcript", "role": "interviewer", "text": "Next.", "final": true, "seq": 8])
        try assertJSON(.interviewer(text: "Tell me about yourself.", utteranceId: "u-1"),
                       ["type": "interviewer", "text": "Tell me about yourself.", "utteranceId": "u-1"])
        try assertJSON(.bargeIn(utteranceId: "u-1", heardText: "Tell me", atMs: 640),
                       ["type": "bargeIn", "utteranceId": "u-1", "heardText": "Tell me", "atMs": 640])
        try assertJSON(.turnMetrics(TurnMetrics(endOfSpeechToFirstAudioMs: 380)),
                       ["type": "turnMetrics", "endOfSpeechToFirstAudioMs": 380])
        try assertJSON(.turnMetrics(TurnMetrics(endOfSpeechToFirstAudioMs: 381.5, endpointingMs: 200, sttFinalMs: 40,
                                                policyFirstTokenMs: 90.25, ttsFirstChunkMs: 45, firstPacketOutMs: 6.5, questionIndex: 1)),
                       ["type": "turnMetrics", "endOfSpeechToFirstAudioMs": 381.5, "endpointingMs": 200, "sttFinalMs": 40,
                        "policyFirstTokenMs": 90.25, "ttsFirstChunkMs": 45, "firstPacketOutMs": 6.5, "questionIndex": 1])
        try assertJSON(.turnMetrics(TurnMetrics(endOfSpeechToFirstAudioMs: 400, jitterBufferMs: 21.5, endpointingMs: 640)),
                       ["type": "turnMetrics", "endOfSpeechToFirstAudioMs": 400, "jitterBufferMs": 21.5, "endpointingMs": 640])
        try assertJSON(.turnMetrics(TurnMetrics(endOfSpeechToFirstAudioMs: 600, endOfSpeechRtpTimestamp: 4_294_967_040,
                                                firstAudioRtpTimestamp: 960)),
                       ["type": "turnMetrics", "endOfSpeechToFirstAudioMs": 600, "endOfSpeechRtpTimestamp": 4_294_967_040,
                        "firstAudioRtpTimestamp": 960])
        try assertJSON(.mediaStats(MediaStats(packetsSent: 10, packetsReceived: 9, packetsLost: 1, fractionLost: 0.1, jitterMs: 2,
                                              pacingJitterMaxMs: 1.25)),
                       ["type": "mediaStats", "packetsSent": 10, "packetsReceived": 9, "packetsLost": 1, "fractionLost": 0.1,
                        "jitterMs": 2, "pacingJitterMaxMs": 1.25])
        try assertJSON(.complete(interviewId: "iv_123"), ["type": "complete", "interviewId": "iv_123"])
        try assertJSON(.error(code: .sessionInProgress, message: "another session is live"),
                       ["type": "error", "code": "session_in_progress", "message": "another session is live"])
        try assertJSON(SignalingError(code: .badSDP, message: "no audio").serverMessage,
                       ["type": "error", "code": "bad_sdp", "message": "no audio"])
    }

    func testEveryStateEncodes() throws {
        XCTAssertEqual(InterviewState.allCases.map(\.rawValue),
                       ["greeting", "asking", "listening", "thinking", "speaking", "closing", "completed"])
        for state in InterviewState.allCases {
            try assertJSON(.state(state, questionIndex: 0), ["type": "state", "state": state.rawValue, "questionIndex": 0])
        }
    }

    func testNonFiniteMetricsAreOmitted() throws {
        let text = ServerMessage.turnMetrics(TurnMetrics(endOfSpeechToFirstAudioMs: .nan, endpointingMs: .infinity)).jsonText()
        XCTAssertEqual(try object(text), ["type": "turnMetrics", "endOfSpeechToFirstAudioMs": 0])
    }

    func testMalformedServerMessages() {
        let cases: [(String, SignalingErrorCode)] = [
            (#"{"type":"state","state":"napping","questionIndex":1}"#, .badMessage),
            (#"{"type":"state","state":"asking"}"#, .badMessage),
            (#"{"type":"state","state":"asking","questionIndex":"1"}"#, .badMessage),
            (#"{"type":"transcript","role":"judge","text":"x","final":true,"seq":1}"#, .badMessage),
            (#"{"type":"transcript","role":"candidate","text":"x","final":"yes","seq":1}"#, .badMessage),
            (#"{"type":"bargeIn","utteranceId":"u","heardText":"x"}"#, .badMessage),
            (#"{"type":"turnMetrics","endpointingMs":3}"#, .badMessage),
            (#"{"type":"turnMetrics","endOfSpeechToFirstAudioMs":"fast"}"#, .badMessage),
            (#"{"type":"error","code":"x"}"#, .badMessage),
            (#"{"type":"welcome"}"#, .unknownType),
            (#"{"type":"#, .badJSON),
        ]
        for (json, code) in cases {
            XCTAssertThrowsError(try ServerMessage(json: json), json) { error in
                XCTAssertEqual((error as? SignalingError)?.code, code, "\(json): \(error)")
            }
        }
    }

    func testStandardErrorCodes() {
        XCTAssertEqual(SignalingErrorCode.standard.map(\.rawValue),
                       ["bad_json", "unknown_type", "bad_message", "too_large", "bad_sdp", "session_in_progress",
                        "bad_state", "unauthorized", "not_found", "internal"])
        let code: SignalingErrorCode = .internal
        XCTAssertEqual(code.rawValue, "internal")
        XCTAssertEqual(SignalingCloseCode.sessionInProgress, 4009)
        XCTAssertEqual(SignalingError(code: .tooLarge, message: "m").description, "too_large: m")
    }
}
