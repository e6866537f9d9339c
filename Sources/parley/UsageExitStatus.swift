import ArgumentParser
import Foundation

extension Parley {
    /// Runs the command line like ArgumentParser does, except that bad arguments (unknown flags,
    /// values that do not parse, failed validation) exit with status 2 — as bad configuration does —
    /// instead of ArgumentParser's 64.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
