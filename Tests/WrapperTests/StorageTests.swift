import Foundation
import Storage
import XCTest

/// SQLite through GRDB: opens, migrates, runs WAL, and keeps what was committed across reopen.
final class StorageTests: XCTestCase {
    func testOpensMigratesAndPersists() throws {
        let path = NSTemporaryDirectory() + "parley-storage-\(UUID().uuidString)/parley.sqlite"
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        do {
            let database = try ParleyDatabase(path: path)
            XCTAssertEqual(try database.journalMode(), "wal")
            XCTAssertTrue(try database.sqliteVersion().hasPrefix("3."))
            try database.insert(InterviewRecord(
                id: "iv_1", role: "Backend", type: "technical", level: "mid", techstack: ["Go"], questionCount: 3,
                candidateName: nil, status: "scheduled", joinToken: "tok", joinTokenExpiresAt: now.addingTimeInterval(60),
                questions: [.init(index: 0, text: "Tell me about Go.")], createdAt: now))
            try database.append(UtteranceRecord(interviewId: "iv_1", seq: 0, role: "interviewer", text: "Hello", startMs: 0, endMs: 900))
            try database.append(UtteranceRecord(interviewId: "iv_1", seq: 1, role: "candidate", text: "Hi", startMs: 1000, endMs: 1500,
                                                interrupted: true, heardText: "H"))
            XCTAssertThrowsError(try database.append(UtteranceRecord(interviewId: "iv_1", seq: 1, role: "candidate", text: "dup", startMs: 0, endMs: 0)),
                                 "seq is unique per interview")
            XCTAssertThrowsError(try database.append(UtteranceRecord(interviewId: "iv_missing", seq: 0, role: "candidate", text: "x", startMs: 0, endMs: 0)),
                                 "foreign keys are enforced")
        }
        let reopened = try ParleyDatabase(path: path)
        let interview = try XCTUnwrap(reopened.interview(id: "iv_1"))
        XCTAssertEqual(interview.techstack, ["Go"])
        XCTAssertEqual(interview.questions.first?.text, "Tell me about Go.")
        XCTAssertEqual(try reopened.interview(joinToken: "tok")?.id, "iv_1")
        XCTAssertEqual(try reopened.transcript(interviewId: "iv_1").map(\.text), ["Hello", "Hi"])
        XCTAssertEqual(try reopened.transcript(interviewId: "iv_1").last?.heardText, "H")
        XCTAssertEqual(try reopened.nextUtteranceSeq(interviewId: "iv_1"), 2)
        XCTAssertTrue(try reopened.updateStatus(interviewId: "iv_1", status: "completed"))
        XCTAssertFalse(try reopened.updateStatus(interviewId: "iv_nope", status: "completed"))
    }

    func testACompletedInterviewIsNeverMarkedDisconnected() throws {
        let database = try ParleyDatabase(path: NSTemporaryDirectory() + "parley-storage-\(UUID().uuidString)/parley.sqlite")
        for id in ["iv_live", "iv_done"] {
            try database.insert(InterviewRecord(
                id: id, role: "Backend", type: "technical", level: "mid", techstack: [], questionCount: 1,
                candidateName: nil, status: "in_progress", joinToken: "tok-\(id)", joinTokenExpiresAt: Date().addingTimeInterval(60),
                questions: [], createdAt: Date()))
        }
        XCTAssertTrue(try database.updateStatus(interviewId: "iv_done", status: "completed"))
        XCTAssertTrue(try database.markDisconnected(interviewId: "iv_live"))
        XCTAssertFalse(try database.markDisconnected(interviewId: "iv_done"))
        XCTAssertEqual(try database.interview(id: "iv_live")?.status, "disconnected")
        XCTAssertEqual(try database.interview(id: "iv_done")?.status, "completed")
    }
}
