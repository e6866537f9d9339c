import Foundation

/// Everything a `parley load` run is told (flags of PROTOCOL.md's `parley load` and more),
/// validated before any caller starts. Encoded into the report without the admin token.
public struct LoadSettings: Sendable, Codable, Equatable {
    /// Base URL of the server, `http://host[:port]`.
    public var server = "http://127.0.0.1:8080"
    public var adminToken = ""
    /// Concurrent callers.
    public var callers = 1
    /// Seconds during which callers keep starting new interviews (0: one interview each).
    public var durationS: Double = 0
    /// Callers started per second.
    public var ramp: Double = 2
    /// Questions per interview (echo mode: answers sent per call).
    public var questions = 2
    /// Pause between the interviewer falling silent and the answer starting, seconds.
    public var answerDelayS: Double = 0.5
    /// Longest one interview may take, seconds.
    public var callTimeoutS: Double = 300
    /// Probability of starting an answer while the interviewer is still asking, 0…1.
    public var bargeIn: Double = 0
    /// Packets lost at the sender, percent.
    public var lossPercent: Double = 0
    /// Mean loss-burst length, packets (Gilbert–Elliott when above 1).
    public var burst: Double = 1
    /// Largest extra one-way delay at the sender, ms.
    public var jitterMs: Double = 0
    /// Packets held back behind later ones, percent.
    public var reorderPercent: Double = 0
    /// Seed of every random draw (losses, delays, barge-in decisions).
    public var seed: UInt64 = 1
    /// Media-only mode against `parley serve --echo`.
    public var echo = false
    /// Send nothing between answers (talkspurts, like Opus DTX) instead of encoded silence.
    public var dtx = false
    /// Folder for the JSON and HTML report.
    public var output = "."
    /// Folder of WAV answers (instead of eSpeak NG).
    public var answersDir: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case server, callers, durationS, ramp, questions, answerDelayS, callTimeoutS, bargeIn, lossPercent, burst, jitterMs,
             reorderPercent, seed, echo, dtx, output, answersDir
    }

    /// A setting that cannot be used, named as the flag.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var flag: String
        public var reason: String
        public var description: String { "\(flag): \(reason)" }
    }

    /// Checks every setting; the first problem found names its flag.
    public func validate() throws {
        func check(_ ok: Bool, _ flag: String, _ reason: @autoclosure () -> String) throws {
            if !ok { throw Invalid(flag: flag, reason: reason()) }
        }
        let url = URLComponents(string: server)
        try check(url?.scheme == "http" && !(url?.host ?? "").isEmpty && (url?.path ?? "").trimmingCharacters(in: ["/"]).isEmpty,
                  "--server", "expected http://host[:port], got \"\(server)\"")
        try check(!adminToken.isEmpty, "--admin-token", "an admin token is needed to create interviews (set PARLEY_ADMIN_TOKEN or pass --admin-token)")
        try check((1...10_000).contains(callers), "--callers", "must be 1…10000, got \(callers)")
        try check(durationS.isFinite && durationS >= 0 && durationS <= 86_400, "--duration", "must be 0…86400 seconds, got \(durationS)")
        try check(ramp.isFinite && ramp > 0 && ramp <= 1000, "--ramp", "must be above 0 and at most 1000 callers per second, got \(ramp)")
        try check((1...50).contains(questions), "--questions", "must be 1…50, got \(questions)")
        try check(answerDelayS.isFinite && (0...60).contains(answerDelayS), "--answer-delay", "must be 0…60 seconds, got \(answerDelayS)")
        try check(callTimeoutS.isFinite && callTimeoutS > 0 && callTimeoutS <= 86_400, "--call-timeout", "must be above 0 and at most 86400 seconds, got \(callTimeoutS)")
        try check(bargeIn.isFinite && (0...1).contains(bargeIn), "--barge-in", "is a probability, 0…1, got \(bargeIn)")
        try check(lossPercent.isFinite && lossPercent >= 0 && lossPercent < 100, "--loss", "must be 0…<100 percent, got \(lossPercent)")
        try check(burst.isFinite && burst >= 1 && burst <= 1000, "--burst", "is a mean burst length in packets, 1…1000, got \(burst)")
        try check(jitterMs.isFinite && (0...2000).contains(jitterMs), "--jitter", "must be 0…2000 ms, got \(jitterMs)")
        try check(reorderPercent.isFinite && (0...100).contains(reorderPercent), "--reorder", "must be 0…100 percent, got \(reorderPercent)")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) {
            try check(isDirectory.boolValue, "--output", "\(output) is not a folder")
        }
        if let answersDir {
            isDirectory = false
            try check(FileManager.default.fileExists(atPath: answersDir, isDirectory: &isDirectory) && isDirectory.boolValue,
                      "--answers", "\(answersDir) is not a folder")
        }
    }

    /// The impairment every caller applies to its outgoing RTP.
    public var impairment: NetworkImpairment.Settings {
        .init(loss: lossPercent / 100, burst: burst, jitterMs: jitterMs, reorder: reorderPercent / 100)
    }

    /// Parses a percentage given as `2`, `2.5` or `2%`.
    public static func percent(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return Double(trimmed.hasSuffix("%") ? String(trimmed.dropLast()) : trimmed)
    }
}
