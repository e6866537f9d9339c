import ArgumentParser
import Dispatch
import Foundation
import LoadGen
import NIOConcurrencyHelpers

/// `parley load`: synthetic WebRTC callers against a Parley server (see PROTOCOL.md).
struct Load: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Synthetic callers: run interviews (or echo calls) against a Parley server and measure them.",
        discussion: """
        Each caller is a full WebRTC client on Parley's own media cores (ICE controlling, DTLS client, SRTP, Opus). \
        It creates an interview over the REST API with the admin token, joins through the signalling WebSocket, \
        answers every question with pre-synthesized speech and measures join time, end of speech → first \
        interviewer audio, barge-in stop time, loss, jitter and an E-model MOS. Writes parley-load-report.json and \
        parley-load-report.html into --output. Exit status: 0 when every caller finished, 1 otherwise, 2 on bad \
        arguments, 130 on Ctrl-C (after hanging up every caller and writing the partial report).
        """)

    @Option(help: "Base URL of the server.") var server = "http://127.0.0.1:8080"
    @Option(help: "Admin bearer token (default: PARLEY_ADMIN_TOKEN).") var adminToken: String?
    @Option(help: "Concurrent callers.") var callers = 1
    @Option(help: "Seconds during which callers keep starting new interviews, then finish the one in progress (0: one each).") var duration: Double = 0
    @Option(help: "Callers started per second.") var ramp: Double = 2
    @Option(help: "Questions per interview (echo mode: answers per call).") var questions = 2
    @Option(help: "Seconds between the interviewer falling silent and the answer.") var answerDelay: Double = 0.5
    @Option(help: "Longest one interview may take, seconds.") var callTimeout: Double = 300
    @Option(help: "Probability (0–1) of answering while the interviewer is still asking.") var bargeIn: Double = 0
    @Option(help: "Outgoing packets lost, percent (e.g. 2 or 2%).") var loss = "0"
    @Option(help: "Mean loss-burst length in packets (above 1: Gilbert–Elliott bursts).") var burst: Double = 1
    @Option(help: "Largest extra one-way delay of outgoing packets, ms (uniform, order kept).") var jitter: Double = 0
    @Option(help: "Outgoing packets held back behind later ones, percent.") var reorder = "0"
    @Option(help: "Seed for losses, delays and barge-in decisions (default: random, written to the report).") var seed: UInt64?
    @Flag(help: "Media-only mode against `parley serve --echo`: send speech, measure the round trip, no interview.") var echo = false
    @Flag(help: "Send nothing between answers (talkspurts, like Opus DTX) instead of encoded silence as browsers do.") var dtx = false
    @Option(help: "Folder for parley-load-report.json and .html.") var output = "."
    @Option(help: "Folder of 16-bit PCM WAV answers, spoken in name order (default: eSpeak NG answers).") var answers: String?

    func settings() throws -> LoadSettings {
        var s = LoadSettings()
        s.server = server
        s.adminToken = adminToken ?? ProcessInfo.processInfo.environment["PARLEY_ADMIN_TOKEN"] ?? ""
        s.callers = callers
        s.durationS = duration
        s.ramp = ramp
        s.questions = questions
        s.answerDelayS = answerDelay
        s.callTimeoutS = callTimeout
        s.bargeIn = bargeIn
        guard let lossPercent = LoadSettings.percent(loss) else { throw ValidationError("--loss: not a percentage: \(loss)") }
        guard let reorderPercent = LoadSettings.percent(reorder) else { throw ValidationError("--reorder: not a percentage: \(reorder)") }
        s.lossPercent = lossPercent
        s.reorderPercent = reorderPercent
        s.burst = burst
        s.jitterMs = jitter
        s.seed = seed ?? UInt64.random(in: 1...UInt64(UInt32.max))
        s.echo = echo
        s.dtx = dtx
        s.output = output
        s.answersDir = answers
        do {
            try s.validate()
        } catch let invalid as LoadSettings.Invalid {
            throw ValidationError(invalid.description)
        }
        return s
    }

    func validate() throws { _ = try settings() }

    func run() async throws {
        let settings = try settings()
        let answerSet: AnswerSet
        do {
            let expectedLoss = Int(settings.lossPercent.rounded())
            answerSet = try settings.answersDir.map { try AnswerSet.folder($0, expectedLossPercent: expectedLoss) }
                ?? AnswerSet.synthesized(expectedLossPercent: expectedLoss)
        } catch {
            FileHandle.standardError.write(Data("parley load: --answers: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let interactive = isatty(STDERR_FILENO) == 1
        var run = LoadRun(settings: settings, answers: answerSet)
        run.progressInterval = interactive ? .seconds(1) : .seconds(5)
        FileHandle.standardError.write(Data(("parley load: \(settings.callers) caller\(settings.callers == 1 ? "" : "s") → \(settings.server)"
            + " (\(settings.echo ? "echo" : "interview") mode, \(answerSet.clips.count) answers from \(answerSet.source), seed \(settings.seed))\n").utf8))

        let task = Task { [run] in
            await run.run { line in
                FileHandle.standardError.write(Data((interactive ? "\r\u{1B}[2K" + line : line + "\n").utf8))
            }
        }
        // Ctrl-C: hang up every caller, then report what was measured; a second Ctrl-C exits at once.
        signal(SIGINT, SIG_IGN)
        let interrupts = NIOLockedValueBox(0)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler {
            let count = interrupts.withLockedValue { $0 += 1; return $0 }
            if count == 1 {
                FileHandle.standardError.write(Data("\nparley load: interrupted — hanging up every caller (Ctrl-C again to quit at once)\n".utf8))
                task.cancel()
            } else {
                Foundation.exit(130)
            }
        }
        source.resume()
        let outcome = await task.value
        source.cancel()
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }

        let report = LoadReport(outcome)
        print(LoadSummaryText.render(report))
        do {
            let paths = try report.write(to: settings.output)
            print("report: \(paths.json), \(paths.html)")
        } catch {
            FileHandle.standardError.write(Data("parley load: could not write the report into \(settings.output): \(error)\n".utf8))
        }
        fflush(stdout)
        throw ExitCode(outcome.interrupted ? 130 : outcome.exitStatus)
    }
}
