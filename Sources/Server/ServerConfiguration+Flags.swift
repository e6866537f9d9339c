import Foundation

extension ServerConfiguration {
    /// Every flag `parley serve` takes besides `--config` and `--echo`, in table order: one per
    /// setting, so a new setting is a flag as soon as it is in the table.
    public static var settingFlags: [String] { settings.map(\.flag).filter { $0 != "--echo" } }

    /// Reads `--flag value`, `--flag=value` and, for a flag followed by another flag or
    /// nothing, `--flag` alone (meaning `true`, for on/off settings) into the `flags` argument
    /// of ``resolve(file:environment:flags:)``. An unknown flag or a stray value is a
    /// ``ConfigurationError`` naming it.
    public static func parseFlags(_ arguments: [String]) throws -> [String: String] {
        let known = Set(settingFlags)
        var flags: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw ConfigurationError(setting: argument, message: "unexpected argument (settings are given as --flag value)")
            }
            var name = argument
            var value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard known.contains(name) else {
                throw ConfigurationError(setting: name, message: "unknown flag (`parley serve --help` lists them)")
            }
            if value == nil {
                if index < arguments.count, !arguments[index].hasPrefix("--") {
                    value = arguments[index]
                    index += 1
                } else {
                    value = "true"
                }
            }
            flags[name] = value
        }
        return flags
    }
}
