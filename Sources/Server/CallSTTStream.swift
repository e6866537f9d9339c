import Foundation
import Speech

/// Streams each candidate turn to the transcription service while it is spoken
/// (`PARLEY_STT_STREAMING`, README "Speech recognition"), so the final lands soon after the end
/// of speech. The conductor's hooks; used on the media event loop, sending happens off it.
final class CallSTTStream {
    private let open: () -> WhisperStreamSession?
    private var session: WhisperStreamSession?
    private var fedSamples = 0

    init(open: @escaping () -> WhisperStreamSession?) {
        self.open = open
    }

    /// A turn started with `samples` (pre-roll included).
    func turnStarted(_ samples: [Int16]) {
        session?.cancel()
        session = open()
        fedSamples = samples.count
        session?.append(samples)
    }

    /// The turn's audio so far; the part not sent yet is queued.
    func turnAudio(_ samples: [Int16]) {
        guard let session, samples.count > fedSamples else { return }
        session.append(Array(samples[fedSamples...]))
        fedSamples = samples.count
    }

    /// The turn ended with `samples`: its session, whose final the transcriber asks for.
    func turnEnded(_ samples: [Int16]) -> WhisperStreamSession? {
        turnAudio(samples)
        defer { session = nil }
        return session
    }
}

/// Whether the configured transcription service has Parley's stream routes, learnt from the
/// first turn in `auto` mode (a 404/405 turns streaming off for the process).
final class STTStreamSupport: @unchecked Sendable {
    private let lock = NSLock()
    private var unsupported = false

    var isUsable: Bool { lock.withLock { !unsupported } }
    func markUnsupported() { lock.withLock { unsupported = true } }
}
