import NIOCore

/// A caller's outgoing audio, paced on its event loop: one 20 ms Opus frame every 20 ms (frame n
/// of a run due 20·n ms after the run started, late ticks catching up). Clips queued with
/// `enqueue` play in order. Between clips it sends an encoded-silence frame when continuous — as a
/// browser's microphone track does — or nothing at all (like Opus DTX), in which case the next
/// clip starts a new talkspurt (marker bit, RTP timestamp from the wall clock).
/// Confined to the event loop.
final class Microphone: @unchecked Sendable {
    private struct Clip {
        let frames: [[UInt8]]
        var sent: [SentFrame] = []
        let promise: EventLoopPromise<[SentFrame]>
        let id: UInt64
    }

    /// Sends one frame: (payload, starts a talkspurt, now) → the RTP timestamp it was sent with.
    private let send: ([UInt8], Bool, ContinuousClock.Instant) -> UInt32
    private let loop: EventLoop
    private var clips: [Clip] = []
    private var silence: [UInt8]?
    private var ticking = false
    private var origin = NIODeadline.now()
    private var framesSinceOrigin: Int64 = 0
    private var startsTalkspurt = true
    private var scheduled: Scheduled<Void>?
    private var stopped = false

    init(loop: EventLoop, send: @escaping ([UInt8], Bool, ContinuousClock.Instant) -> UInt32) {
        self.loop = loop
        self.send = send
    }

    /// From now on, fill the time between clips with `silenceFrame`.
    func startContinuous(silenceFrame: [UInt8]) {
        guard !stopped else { return }
        silence = silenceFrame
        if !ticking { startRun() }
    }

    /// Queues a clip; `promise` gets each frame's send time and RTP timestamp once the last one is out.
    func enqueue(_ frames: [[UInt8]], id: UInt64, promise: EventLoopPromise<[SentFrame]>) {
        guard !stopped else { return promise.fail(CancellationError()) }
        guard !frames.isEmpty else { return promise.succeed([]) }
        clips.append(Clip(frames: frames, promise: promise, id: id))
        if !ticking { startRun() }
    }

    /// Drops a queued or playing clip (its promise fails with `CancellationError`).
    func cancel(id: UInt64) {
        guard let index = clips.firstIndex(where: { $0.id == id }) else { return }
        clips.remove(at: index).promise.fail(CancellationError())
    }

    /// Stops for good: nothing more is sent, pending clips fail.
    func stop() {
        stopped = true
        scheduled?.cancel()
        ticking = false
        for clip in clips { clip.promise.fail(CancellationError()) }
        clips.removeAll()
    }

    private func startRun() {
        ticking = true
        origin = .now()
        framesSinceOrigin = 0
        tick()
    }

    private func tick() {
        guard !stopped else { return }
        let now = ContinuousClock.now
        if !clips.isEmpty {
            let timestamp = send(clips[0].frames[clips[0].sent.count], startsTalkspurt, now)
            clips[0].sent.append(SentFrame(at: now, rtpTimestamp: timestamp))
            if clips[0].sent.count == clips[0].frames.count {
                let done = clips.removeFirst()
                done.promise.succeed(done.sent)
            }
        } else if let silence {
            _ = send(silence, startsTalkspurt, now)
        } else {
            // Nothing to say and no silence to send: pause; the next clip is a new talkspurt.
            ticking = false
            startsTalkspurt = true
            return
        }
        startsTalkspurt = false
        framesSinceOrigin += 1
        scheduled = loop.scheduleTask(deadline: origin + .milliseconds(20 * framesSinceOrigin)) { [weak self] in self?.tick() }
    }
}

/// One frame of a clip as it was sent: when it was handed to the socket, and its RTP timestamp
/// (what names the packet to the receiver, e.g. in the server's `turnMetrics`).
public struct SentFrame: Sendable, Equatable {
    public var at: ContinuousClock.Instant
    public var rtpTimestamp: UInt32

    public init(at: ContinuousClock.Instant, rtpTimestamp: UInt32) {
        self.at = at
        self.rtpTimestamp = rtpTimestamp
    }
}
