import CurlHTTP
import Dispatch
import Foundation

/// Shared state of one streamed provider call (chat completion, speech): the consumer's
/// continuation, the current curl transfer (to abort it), deadline timers, and whether anything
/// was yielded yet (which decides whether an attempt may be retried). Finishing is idempotent
/// and thread-safe; everything yielded after it is dropped.
final class ProviderStreamRun<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private let continuation: AsyncThrowingStream<Element, Error>.Continuation
    private var finished = false
    private var size = 0
    private var yieldedAny = false
    private var client: CurlClient?
    private var timers: [DispatchWorkItem] = []

    init(continuation: AsyncThrowingStream<Element, Error>.Continuation) {
        self.continuation = continuation
    }

    var isFinished: Bool { lock.withLock { finished } }
    var hasYielded: Bool { lock.withLock { yieldedAny } }
    /// Sum of the `size` of everything yielded (characters, samples).
    var yieldedSize: Int { lock.withLock { size } }

    /// Registers the transfer to abort on finish; false if already finished.
    func setClient(_ client: CurlClient) -> Bool {
        lock.withLock {
            guard !finished else { return false }
            self.client = client
            return true
        }
    }

    /// Passes an element to the consumer; false once finished.
    func yield(_ element: Element, size elementSize: Int) -> Bool {
        lock.withLock {
            guard !finished else { return false }
            yieldedAny = true
            size += elementSize
            continuation.yield(element)
            return true
        }
    }

    func schedule(after delay: Duration, _ action: @escaping @Sendable (ProviderStreamRun<Element>) -> Void) {
        let item = DispatchWorkItem { [weak self] in
            if let self { action(self) }
        }
        lock.withLock { timers.append(item) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(delay.nanoseconds), execute: item)
    }

    /// Ends the consumer's stream (normally when `error` is nil) and aborts the transfer.
    func finish(_ error: Error?) {
        let state: (CurlClient?, [DispatchWorkItem])? = lock.withLock {
            guard !finished else { return nil }
            finished = true
            defer { timers = [] }
            return (client, timers)
        }
        guard let (client, timers) = state else { return }
        timers.forEach { $0.cancel() }
        if let error { continuation.finish(throwing: error) } else { continuation.finish() }
        abortTransfer(client)
    }
}

/// Aborts a curl transfer, twice: a transfer that was just starting resets its cancel flag,
/// so a second cancel 50 ms later closes that window.
func abortTransfer(_ client: CurlClient?) {
    guard let client else { return }
    client.cancel()
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { client.cancel() }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    /// The duration in whole nanoseconds (clamped to Int).
    var nanoseconds: Int { Int(clamping: components.seconds) &* 1_000_000_000 &+ Int(components.attoseconds / 1_000_000_000) }
}

/// A provider's failure as the shared retry loop needs to see it.
protocol RetryableProviderFailure: Error {
    static func deadlineExceeded(_ deadline: Duration) -> Self
    static func transport(_ why: String) -> Self
    /// Worth another attempt (5xx, 408, 429, transport errors…).
    var isRetryable: Bool { get }
    /// Nobody is listening at the address: two quick tries are enough.
    var isConnectionRefused: Bool { get }
}

extension ProviderStreamRun {
    /// Runs `attemptOnce` until it succeeds, the run finishes, the overall `deadline` passes, or a
    /// failure may not be retried: only failures before anything was yielded are retried (a
    /// listener must not hear a reply twice), with a short growing pause between attempts.
    func retry<Failure: RetryableProviderFailure>(
        request: HTTPClientRequest, deadline overall: Duration, requestTimeout: Duration, failure _: Failure.Type,
        onRetry: (_ attempt: Int, Failure) -> Void, attemptOnce: (HTTPClientRequest) throws -> Void
    ) {
        let clock = ContinuousClock()
        let deadline = clock.now + overall
        var attempt = 0
        var refused = 0
        while !isFinished {
            attempt += 1
            let remaining = deadline - clock.now
            guard remaining > .zero else { return finish(Failure.deadlineExceeded(overall)) }
            var attemptRequest = request
            // Curl's own limit stays a little past the deadline so that the deadline timer, not
            // curl, ends a transfer that runs into it (one outcome, not a race).
            attemptRequest.timeout = min(remaining + .milliseconds(250), requestTimeout)
            do {
                try attemptOnce(attemptRequest)
                return finish(nil)
            } catch {
                let failure = error as? Failure ?? .transport("\(error)")
                if isFinished { return }
                if failure.isConnectionRefused { refused += 1 }
                guard !hasYielded, failure.isRetryable, refused < 2 else { return finish(failure) }
                onRetry(attempt, failure)
                let pause = Duration.milliseconds(min(400, 100 * attempt))
                guard deadline - clock.now > pause else { return finish(failure) }
                Thread.sleep(forTimeInterval: pause.seconds)
            }
        }
    }
}
