@testable import Caller
import SignalingProtocol
import XCTest
@testable import Server

/// A completed interview stays completed: a page that hangs up its media the moment it reads
/// `complete` (DTLS close_notify reaches the server before the signalling socket closes) must not
/// turn the interview into `disconnected`.
final class CompletedInterviewTests: XCTestCase {
    func testMediaClosedByThePeerAfterCompleteLeavesTheInterviewCompleted() async throws {
        let server = try TestServer(echo: false, extraFlags: ["--stt-url": "http://127.0.0.1:9"])
        try await server.start()
        defer { Task { await server.stop() } }
        let (id, caller) = try await server.joinedCall()

        // The candidate ends at once; the interviewer says goodbye and the interview completes.
        try await caller.signaling.send(.end)
        var completed = false
        while !completed {
            guard let message = try await withTimeout(.seconds(60), { try await caller.signaling.next() }) else { break }
            if case .complete(let completedId) = message {
                XCTAssertEqual(completedId, id)
                completed = true
            }
        }
        XCTAssertTrue(completed, "the interview must reach complete")
        // Hang up media right away, as a page closing its RTCPeerConnection on `complete` does.
        await caller.transport.close()
        try await Task.sleep(for: .seconds(1))
        await caller.signaling.close()

        let (_, detail) = try await server.request("GET", "/v1/interviews/\(id)", token: server.adminToken)
        XCTAssertEqual((detail as? [String: Any])?["status"] as? String, "completed")
        let (_, report) = try await server.request("GET", "/v1/interviews/\(id)/report", token: server.adminToken)
        XCTAssertEqual((report as? [String: Any])?["status"] as? String, "completed")
    }
}
