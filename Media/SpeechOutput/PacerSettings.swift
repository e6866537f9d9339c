/// Settings of a ``Pacer``.
public struct PacerSettings: Sendable, Equatable {
    /// Slot length; 20 ms Opus frames.
    public var frameDuration: Duration
    /// Most frames one stream may emit in a single tick after a stall (the current slot
    /// included). Older overdue slots are dropped rather than sent in a burst. Default 2.
    public var maxCatchUpFrames: Int

    public init(frameDuration: Duration = .milliseconds(20), maxCatchUpFrames: Int = 2) {
        self.frameDuration = frameDuration
        self.maxCatchUpFrames = max(1, maxCatchUpFrames)
    }
}
