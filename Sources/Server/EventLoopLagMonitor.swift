import Foundation
import NIOCore
import Prometheus

/// Measures how late each event loop runs what is scheduled on it: every `interval` a probe
/// task is scheduled for a deadline, and when it runs, `now − deadline` goes into
/// `parley_event_loop_lag_seconds{loop}`. A loop that is busy (many calls' media, a slow
/// handler) shows up as lag before the audio does. Uses NIO's monotonic clock.
final class EventLoopLagMonitor: @unchecked Sendable {
    private let lock = NSLock()
    private var probes: [Scheduled<Void>?]
    private var stopped = false
    let interval: TimeAmount

    /// Starts one probe per loop; `labels` names each loop (`loop` label value).
    init(loops: [(loop: EventLoop, label: String)], metrics: ServerMetrics, interval: TimeAmount = .milliseconds(100)) {
        self.interval = interval
        probes = [Scheduled<Void>?](repeating: nil, count: loops.count)
        for (index, entry) in loops.enumerated() {
            schedule(index, on: entry.loop, histogram: metrics.eventLoopLag(loop: entry.label))
        }
    }

    /// The loops of `group`, labelled by their index, except `media`, labelled "media".
    static func labelledLoops(of group: EventLoopGroup, media: EventLoop) -> [(loop: EventLoop, label: String)] {
        var loops: [(loop: EventLoop, label: String)] = []
        for (index, loop) in group.makeIterator().enumerated() {
            loops.append((loop, loop === media ? "media" : "\(index)"))
        }
        if !loops.contains(where: { $0.loop === media }) { loops.append((media, "media")) }
        return loops
    }

    func stop() {
        let pending = lock.withLock {
            stopped = true
            return probes
        }
        for probe in pending { probe?.cancel() }
    }

    private func schedule(_ index: Int, on loop: EventLoop, histogram: DurationHistogram) {
        let deadline = NIODeadline.now() + interval
        let probe = loop.scheduleTask(deadline: deadline) { [weak self] in
            let lateNanoseconds = max(0, (NIODeadline.now() - deadline).nanoseconds)
            histogram.record(.nanoseconds(lateNanoseconds))
            self?.schedule(index, on: loop, histogram: histogram)
        }
        let keep = lock.withLock {
            if !stopped { probes[index] = probe }
            return !stopped
        }
        if !keep { probe.cancel() }
    }
}
