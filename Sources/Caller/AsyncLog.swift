import NIOConcurrencyHelpers

/// An append-only log that any number of tasks read by position, awaiting entries not written yet.
///
/// Reading is cancellation-safe: a cancelled wait throws `CancellationError` and leaves the log,
/// its entries and every other reader as they were, so the same position can be read again later.
/// (An `AsyncStream` iteration instead ends the stream for good when its task is cancelled, and a
/// loop that keeps calling `next()` on it then spins on `nil`.)
public final class AsyncLog<Element: Sendable>: @unchecked Sendable {
    /// What a read with a timeout found.
    public enum Read: Sendable {
        case element(Element)
        /// The log was finished and holds nothing at that position.
        case finished
        case timedOut
    }

    private struct Waiter {
        let index: Int
        let continuation: CheckedContinuation<Element?, Error>
    }

    private struct State {
        var entries: [Element] = []
        var finished = false
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiterId: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Appends `element` and wakes the readers waiting for its position. Ignored once finished.
    public func append(_ element: Element) {
        let woken: [CheckedContinuation<Element?, Error>] = state.withLockedValue { s in
            guard !s.finished else { return [] }
            s.entries.append(element)
            let position = s.entries.count - 1
            let ready = s.waiters.filter { $0.value.index <= position }
            for id in ready.keys { s.waiters.removeValue(forKey: id) }
            return ready.values.map { $0.continuation }
        }
        for continuation in woken { continuation.resume(returning: element) }
    }

    /// Marks the end: readers past the last entry get `nil` from now on.
    public func finish() {
        let woken: [CheckedContinuation<Element?, Error>] = state.withLockedValue { s in
            guard !s.finished else { return [] }
            s.finished = true
            defer { s.waiters.removeAll() }
            return s.waiters.values.map { $0.continuation }
        }
        for continuation in woken { continuation.resume(returning: nil) }
    }

    public var count: Int { state.withLockedValue { $0.entries.count } }
    public var isFinished: Bool { state.withLockedValue { $0.finished } }
    /// Every entry so far.
    public var entries: [Element] { state.withLockedValue { $0.entries } }
    /// Readers currently waiting (for tests: a cancelled reader must not stay registered).
    public var waitingReaders: Int { state.withLockedValue { $0.waiters.count } }

    /// The entry at `index`, waiting for it if needed; `nil` when the log finished before reaching it.
    /// Throws `CancellationError` if the task is cancelled while waiting.
    public func element(at index: Int) async throws -> Element? {
        precondition(index >= 0, "AsyncLog positions start at 0")
        let id = state.withLockedValue { s -> UInt64 in
            s.nextWaiterId += 1
            return s.nextWaiterId
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Element?, Error>) in
                let immediate: Result<Element?, Error>? = state.withLockedValue { s in
                    if index < s.entries.count { return .success(s.entries[index]) }
                    if s.finished { return .success(nil) }
                    // Checked under the lock: a cancellation after this point finds the waiter
                    // registered (its handler takes the same lock), one before it is seen here.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    s.waiters[id] = Waiter(index: index, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLockedValue { $0.waiters.removeValue(forKey: id) }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// The entry at `index`, waiting at most `timeout`.
    public func element(at index: Int, timeout: Duration) async throws -> Read {
        try await withThrowingTaskGroup(of: Read.self) { group in
            group.addTask {
                if let element = try await self.element(at: index) { return .element(element) }
                return .finished
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return .timedOut
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}
