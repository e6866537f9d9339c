import Speech
import XCTest

/// The event-stream parser against the WHATWG "Interpreting an event stream" rules, fed whole,
/// byte by byte, and split at every position.
final class SSEParserTests: XCTestCase {
    func parse(_ text: String) throws -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return try parser.feed(Array(text.utf8))
    }

    func testDataLinesCommentsAndFields() throws {
        let events = try parse(": a comment\ndata: first\ndata:second\ndata\n\nevent: update\nid: 7\nretry: 1500\ndata: {\"a\":1}\n\n")
        XCTAssertEqual(events, [
            ServerSentEvent(event: "message", data: "first\nsecond\n"),
            ServerSentEvent(event: "update", data: "{\"a\":1}", id: "7", retry: 1500),
        ])
    }

    func testOnlyOneLeadingSpaceIsRemovedAndColonsInValuesStay() throws {
        XCTAssertEqual(try parse("data:  two spaces: kept\n\n").map(\.data), [" two spaces: kept"])
    }

    func testLineEndingsCRLFAndCRAndBOM() throws {
        XCTAssertEqual(try parse("\u{FEFF}data: a\r\n\r\ndata: b\r\rdata: c\n\n").map(\.data), ["a", "b", "c"])
    }

    func testIdPersistsAndEventTypeResets() throws {
        let events = try parse("id: 1\nevent: x\ndata: a\n\ndata: b\n\nid\ndata: c\n\n")
        XCTAssertEqual(events.map(\.id), ["1", "1", ""])
        XCTAssertEqual(events.map(\.event), ["x", "message", "message"])
    }

    func testBlankLinesWithoutDataDispatchNothingButEmptyDataDoes() throws {
        XCTAssertEqual(try parse("\n\nevent: ping\n\n: keep-alive\n\n"), [])
        XCTAssertEqual(try parse("data:\n\n").map(\.data), [""])
        XCTAssertEqual(try parse("retry: soon\ndata: x\n\n").first?.retry, nil, "non-digit retry is ignored")
    }

    func testUnterminatedEventIsNotDispatched() throws {
        var parser = ServerSentEventParser()
        XCTAssertEqual(try parser.feed(Array("data: a\n\ndata: partial\n".utf8)).map(\.data), ["a"])
        XCTAssertTrue(parser.hasPendingEvent)
        XCTAssertEqual(try parser.feed(Array("\n".utf8)).map(\.data), ["partial"])
        XCTAssertFalse(parser.hasPendingEvent)
    }

    func testDoneSentinel() throws {
        let events = try parse("data: {\"choices\":[]}\n\ndata: [DONE]\n\n")
        XCTAssertEqual(events.map(\.isDoneSentinel), [false, true])
    }

    func testOverlongLineThrows() {
        var parser = ServerSentEventParser(maxLineBytes: 16)
        XCTAssertThrowsError(try parser.feed(Array("data: this line is far too long\n\n".utf8))) { error in
            XCTAssertEqual(error as? ServerSentEventError, .lineTooLong(limit: 16))
        }
    }

    /// An OpenAI-like stream with CRLF, a comment, UTF-8 text and [DONE], split at every byte
    /// position into two pieces, fed byte by byte, and in irregular pieces: always the same events.
    func testSplitAnywhereGivesTheSameEvents() throws {
        let text = ": ok\r\ndata: {\"choices\":[{\"delta\":{\"content\":\"Grüß dich — 👋\"}}]}\r\n\r\n"
            + "event: message\ndata: line one\ndata: line two\n\ndata: [DONE]\n\n"
        let bytes = Array(text.utf8)
        let expected = try parse(text)
        XCTAssertEqual(expected.count, 3)
        XCTAssertEqual(expected.first?.data, "{\"choices\":[{\"delta\":{\"content\":\"Grüß dich — 👋\"}}]}")

        for split in 0...bytes.count {
            var parser = ServerSentEventParser()
            let events = try parser.feed(bytes[..<split]) + parser.feed(bytes[split...])
            XCTAssertEqual(events, expected, "split at \(split)")
        }
        var parser = ServerSentEventParser()
        var oneByOne: [ServerSentEvent] = []
        for byte in bytes { oneByOne += try parser.feed([byte]) }
        XCTAssertEqual(oneByOne, expected)

        var irregular = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        var index = 0
        var size = 1
        while index < bytes.count {
            let end = min(bytes.count, index + size)
            events += try irregular.feed(bytes[index..<end])
            index = end
            size = size % 7 + 2
        }
        XCTAssertEqual(events, expected)
    }
}
