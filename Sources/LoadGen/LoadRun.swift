import Foundation
import NIOCore
import NIOPosix

/// What a run produced.
public struct LoadOutcome: Sendable {
    public var settings: LoadSettings
    public var answers: AnswerSet
    public var startedAt: Date
    public var elapsedS: Double
    /// Stopped by cancellation (Ctrl-C).
    public var interrupted: Bool
    /// Every call, by caller then call number.
    public var calls: [CallResult]

    /// A caller finished when it made at least one call and every one of its calls completed.
    public var callersFinished: Int {
        (0..<settings.callers).filter { caller in
            let mine = calls.filter { $0.caller == caller }
            return !mine.isEmpty && mine.allSatisfy { $0.status == .completed }
        }.count
    }

    /// 0 when every caller finished, 1 otherwise (130 for an interrupted run is the command's).
    public var exitStatus: Int32 { callersFinished == settings.callers ? 0 : 1 }
}

/// Runs N synthetic callers against a server: starts them at the ramp rate, lets each start
/// interviews one after another until the duration is over (then finish the one in progress),
/// and reports progress once a second through `progress`. Cancelling the task that runs it
/// stops every caller, which hangs up (sockets closed) before `run()` returns.
public struct LoadRun: Sendable {
    public let settings: LoadSettings
    public let answers: AnswerSet
    public let live = LoadProgress()
    public var progressInterval: Duration = .seconds(1)

    public init(settings: LoadSettings, answers: AnswerSet) {
        self.settings = settings
        self.answers = answers
    }

    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async -> LoadOutcome {
        let startedAt = Date()
        let runStart = ContinuousClock.now
        let context = CallContext(api: ParleyAPI(baseURL: settings.server, adminToken: settings.adminToken),
                                  settings: settings, answers: answers, progress: live, runStart: runStart)
        let settings = settings, live = live, interval = progressInterval
        let reporter = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                progress(live.line(elapsedS: (ContinuousClock.now - runStart) / .seconds(1), callers: settings.callers, echo: settings.echo))
            }
        }
        let end = runStart + .milliseconds(Int64(settings.durationS * 1000))
        let calls = await withTaskGroup(of: [CallResult].self) { group in
            for index in 0..<settings.callers {
                group.addTask {
                    do {
                        try await Task.sleep(until: runStart + .milliseconds(Int64(Double(index) / settings.ramp * 1000)), clock: .continuous)
                    } catch {
                        return []
                    }
                    var random = SeededRandom.stream(seed: settings.seed, index: index)
                    var results: [CallResult] = []
                    repeat {
                        let result = await CallRunner.run(caller: index, call: results.count, context: context, random: &random)
                        results.append(result)
                        if result.status == .interrupted || Task.isCancelled { break }
                    } while ContinuousClock.now < end
                    return results
                }
            }
            var all: [CallResult] = []
            for await results in group { all += results }
            return all.sorted { ($0.caller, $0.call) < ($1.caller, $1.call) }
        }
        reporter.cancel()
        await reporter.value
        progress(live.line(elapsedS: (ContinuousClock.now - runStart) / .seconds(1), callers: settings.callers, echo: settings.echo))
        return LoadOutcome(settings: settings, answers: answers, startedAt: startedAt,
                           elapsedS: (ContinuousClock.now - runStart) / .seconds(1),
                           interrupted: Task.isCancelled || calls.contains { $0.status == .interrupted }, calls: calls)
    }
}
