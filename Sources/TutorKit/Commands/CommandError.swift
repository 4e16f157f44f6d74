/// A mistake in what was typed, with what to type instead.
public enum CommandError: Error, Equatable, Sendable {
    /// A command name that does not exist; `suggestion` is the nearest one.
    case unknownCommand(String, suggestion: String?)
    case unknownSkill(String, suggestions: [String])
    /// A REPL line without a slash whose first word is no command: most likely a question.
    case notACommand(String, suggestion: String?)
    /// Bad arguments or options, with the message that says why.
    case usage(String)

    /// The message, with command names written as the mode types them.
    public func message(in mode: Mode) -> String {
        let prefix = mode.prefix
        switch self {
        case .unknownCommand(let name, let suggestion):
            let shown = Sanitizer.clean(name)
            let namePrefix = mode == .repl ? "/" : ""
            let base = "unknown command \(namePrefix)\(shown)"
            if let suggestion { return base + " — did you mean \(namePrefix)\(suggestion)?" }
            return base + " — type \(prefix)help for the list of commands"
        case .unknownSkill(let slug, let suggestions):
            let base = "unknown skill '\(Sanitizer.clean(slug))'"
            if suggestions.isEmpty { return base + " — type \(prefix)skill for the list of skills" }
            return base + " — did you mean " + suggestions.map { "\(prefix)skill \($0)" }.joined(separator: ", or ") + "?"
        case .notACommand(let line, let suggestion):
            let shown = Sanitizer.clean(line.trimmedWhitespace)
            let short = shown.count > 60 ? String(shown.prefix(60)) + "…" : shown
            return "'\(short)' is not a command: \(prefix)search \(short) looks it up"
                + (suggestion.map { ", or did you mean \(prefix)\($0)?" } ?? "; \(prefix)help lists the commands")
        case .usage(let message):
            return Sanitizer.clean(message)
        }
    }
}
