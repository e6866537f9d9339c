import Caller
import XCTest

/// The signalling client's message log: cancelling a wait must lose nothing and leave no waiter
/// behind, and a finished log answers at once (a reader never spins on a stream that a
/// cancellation ended while the socket was still open).
final class AsyncLogTests: XCTestCase {
    func testCancelledWaitLeavesTheLogUsable() async throws {
        let log = AsyncLog<Int>()
        for _ in 0..<50 {
            let waiter = Task { try await log.element(at: 0) }
            try await Task.sleep(for: .milliseconds(1))
            waiter.cancel()
            do {
                _ = try await waiter.value
                XCTFail("a cancelled wait must throw")
            } catch is CancellationError {}
        }
        XCTAssertEqual(log.waitingReaders, 0, "cancelled readers must deregister")
        XCTAssertFalse(log.isFinished)
        let reader = Task { try await log.element(at: 0) }
        log.append(7)
        let value = try await reader.value
        XCTAssertEqual(value, 7)
        let again = try await log.element(at: 0)
        XCTAssertEqual(again, 7, "an entry stays readable by position")
    }

    func testCancelledBeforeWaitingThrowsAtOnce() async {
        let log = AsyncLog<Int>()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await log.element(at: 0)
        }
        do {
            _ = try await task.value
            XCTFail("expected CancellationError")
        } catch {
            XCTAssertTrue(error is CancellationError)
        }
        XCTAssertEqual(log.waitingReaders, 0)
    }

    func testTimeoutThenTheEntryArrives() async throws {
        let log = AsyncLog<String>()
        guard case .timedOut = try await log.element(at: 0, timeout: .milliseconds(20)) else { return XCTFail("expected a timeout") }
        XCTAssertEqual(log.waitingReaders, 0)
        Task {
            try await Task.sleep(for: .milliseconds(20))
            log.append("hello")
        }
        guard case .element(let text) = try await log.element(at: 0, timeout: .seconds(10)) else { return XCTFail("expected the entry") }
        XCTAssertEqual(text, "hello")
    }

    func testManyReadersAllWoken() async throws {
        let log = AsyncLog<Int>()
        let readers = (0..<20).map { n in Task { try await log.element(at: n % 3) } }
        try await Task.sleep(for: .milliseconds(10))
        log.append(10)
        log.append(11)
        log.append(12)
        var values: [Int?] = []
        for reader in readers { values.append(try await reader.value) }
        XCTAssertEqual(values, (0..<20).map { 10 + $0 % 3 })
    }

    func testFinishWakesWaitersWithNilAndAnswersAtOnceAfterwards() async throws {
        let log = AsyncLog<Int>()
        log.append(1)
        let waiter = Task { try await log.element(at: 1) }
        try await Task.sleep(for: .milliseconds(5))
        log.finish()
        let woken = try await waiter.value
        XCTAssertNil(woken)
        let first = try await log.element(at: 0)
        XCTAssertEqual(first, 1, "entries before the end stay readable")
        // Reading past the end of a finished log returns at once, every time.
        for _ in 0..<1000 {
            let value = try await log.element(at: 5)
            XCTAssertNil(value)
        }
        guard case .finished = try await log.element(at: 5, timeout: .seconds(5)) else { return XCTFail("expected .finished") }
        log.append(2)
        XCTAssertEqual(log.count, 1, "appending after finish is ignored")
    }
}
