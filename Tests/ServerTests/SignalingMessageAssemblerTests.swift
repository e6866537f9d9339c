import XCTest
@testable import Server

/// Message reassembly and the size limit, frame by frame (no sockets).
final class SignalingMessageAssemblerTests: XCTestCase {
    func testLimitsFragmentsAndEncodings() {
        var assembler = SignalingMessageAssembler(maxMessageBytes: 8)
        XCTAssertEqual(assembler.feed(opcode: .text, payload: Array("12345678".utf8), fin: true), .text("12345678"))
        XCTAssertEqual(assembler.feed(opcode: .text, payload: Array("123456789".utf8), fin: true), .tooLarge(bytes: 9))
        XCTAssertNil(assembler.feed(opcode: .text, payload: Array("1234".utf8), fin: false))
        XCTAssertEqual(assembler.feed(opcode: .continuation, payload: Array("56789".utf8), fin: true), .tooLarge(bytes: 9))
        // After a refusal the assembler starts clean.
        XCTAssertNil(assembler.feed(opcode: .text, payload: Array("ab".utf8), fin: false))
        XCTAssertNil(assembler.feed(opcode: .continuation, payload: Array("cd".utf8), fin: false))
        XCTAssertEqual(assembler.feed(opcode: .continuation, payload: Array("ef".utf8), fin: true), .text("abcdef"))
        XCTAssertEqual(assembler.feed(opcode: .continuation, payload: [0x61], fin: true), .outOfSequence)
        XCTAssertNil(assembler.feed(opcode: .text, payload: [0x61], fin: false))
        XCTAssertEqual(assembler.feed(opcode: .text, payload: [0x61], fin: true), .outOfSequence)
        XCTAssertEqual(assembler.feed(opcode: .binary, payload: [1, 2], fin: true), .binary)
        XCTAssertEqual(assembler.feed(opcode: .text, payload: [0xC3, 0x28], fin: true), .notUTF8)
        XCTAssertEqual(assembler.feed(opcode: .text, payload: Array("é".utf8), fin: true), .text("é"))
    }

    func testFrameLimitLeavesRoomToAnswer() {
        XCTAssertEqual(SignalingMessageAssembler.frameLimit(forMessageLimit: 64 * 1024), 256 * 1024)
        XCTAssertEqual(SignalingMessageAssembler.frameLimit(forMessageLimit: 1024), 16 * 1024)
        XCTAssertEqual(SignalingMessageAssembler.frameLimit(forMessageLimit: Int.max / 2), Int(Int32.max))
    }
}
