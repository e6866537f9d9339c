import Foundation

/// The primary provider did not answer within its deadline.
public struct DeadlineExceeded: Error, CustomStringConvertible, Equatable {
    public let deadline: Duration
    public var description: String { "no answer within \(deadline)" }
}

/// Runs `operation` in a task of its own and returns its result, or throws ``DeadlineExceeded``
/// as soon as `deadline` passes — without waiting for the operation to notice its cancellation
/// (a blocked HTTP transfer may take a while to). The late operation is cancelled and its result
/// dropped. Cancelling the caller cancels the operation and throws `CancellationError` at once.
func raceDeadline<T: Sendable>(_ deadline: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = ResumeOnce<T>()
    let work = Task { try await operation() }
    let timer = Task {
        try? await Task.sleep(for: deadline)
        guard !Task.isCancelled else { return }
        once.resume(with: .failure(DeadlineExceeded(deadline: deadline)))
        work.cancel()
    }
    Task {
        let result = await work.result
        timer.cancel()
        once.resume(with: result)
    }
    return try await withTaskCancellationHandler {
        try await withCheckedThrowingContinuation { once.set($0) }
    } onCancel: {
        work.cancel()
        timer.cancel()
        once.resume(with: .failure(CancellationError()))
    }
}

/// A continuation resumed by whichever result comes first; later results are dropped.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Error>?
    private var early: Result<T, Error>?
    private var done = false

    func set(_ continuation: CheckedContinuation<T, Error>) {
        let result: Result<T, Error>? = lock.withLock {
            if let early {
                self.early = nil
                return early
            }
            self.continuation = continuation
            return nil
        }
        if let result { continuation.resume(with: result) }
    }

    func resume(with result: Result<T, Error>) {
        let waiting: CheckedContinuation<T, Error>? = lock.withLock {
            guard !done else { return nil }
            done = true
            guard let continuation else {
                early = result
                return nil
            }
            self.continuation = nil
            return continuation
        }
        waiting?.resume(with: result)
    }
}
