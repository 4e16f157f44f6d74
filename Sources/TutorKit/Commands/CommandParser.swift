import ArgumentParser

/// What parsing a command line or a REPL line leads to.
public enum ParseOutcome: Hashable, Sendable {
    case run(Invocation)
    /// No command: start the interactive tutor with these settings.
    case startREPL(GlobalSettings)
    /// Print `message` and stop: help, version, completion scripts (status 0) or a usage error.
    case exit(message: String, status: Int32)
}

/// Parses shell arguments and REPL lines with the same grammar into the same ``Invocation``.
public enum CommandParser {
    public static var commandNames: [String] { TutorCommand.commands.map(\.name) }

    /// Parses the shell's arguments (without the program name).
    public static func parse(arguments: [String]) throws(TutorError) -> ParseOutcome {
        if let first = arguments.first, !first.hasPrefix("-") {
            try checkCommandName(first)
            let options = arguments.prefix { $0 != "--" }
            if options.contains("--help") || options.contains("-h"), let verb = TutorCommand.verb(named: first) {
                return .exit(message: TutorCommand.helpMessage(for: verb), status: 0)
            }
            // Parsing with the subcommand's own type spares building the whole command tree on
            // every run; any failure is parsed again from the root for its full message.
            if let verb = TutorCommand.verb(named: first), let parsed = try? verb.parse(Array(arguments.dropFirst())) {
                do {
                    return .run(try parsed.invocation())
                } catch {}
            }
        }
        do {
            let parsed = try TutorCommand.parseAsRoot(arguments)
            if let root = parsed as? TutorCommand { return .startREPL(root.global.settings) }
            if let verb = parsed as? any VerbCommand { return .run(try verb.invocation()) }
            // ArgumentParser's own `help` subcommand, reached only through unusual spellings.
            return .exit(message: TutorCommand.helpMessage(), status: 0)
        } catch let error as TutorError {
            throw error
        } catch {
            let status = TutorCommand.exitCode(for: error).rawValue
            let message = TutorCommand.fullMessage(for: error)
            if status == 0 { return .exit(message: message, status: 0) }
            throw .usage(message)
        }
    }

    /// Parses one REPL line: `/skill rest-api-design` (the slash is optional). Returns nil for a
    /// blank line.
    public static func parse(line: String) throws(TutorError) -> ParseOutcome? {
        var words = try tokenize(line)
        guard !words.isEmpty else { return nil }
        if words[0].hasPrefix("/") { words[0].removeFirst() }
        guard !words[0].isEmpty else { throw .usage("type a command after the slash, such as /help") }
        if words[0].hasPrefix("-") {
            if words[0] == "--version" || words[0] == "--help" || words[0] == "-h" { return try parse(arguments: words) }
            throw .usage("commands start with a name, such as /skill; type /help for the list")
        }
        let outcome = try parse(arguments: words)
        if case .startREPL = outcome { throw .usage("type /help for the list of commands") }
        return outcome
    }

    static func checkCommandName(_ name: String) throws(TutorError) {
        let known = commandNames + ["exit", "bench-corpus"]
        guard !known.contains(name) else { return }
        throw .unknownCommand(name, suggestion: Suggestions.nearest(to: name, in: commandNames, limit: 1).first)
    }

    /// Splits a line into words the way a shell would: spaces separate, quotes group, `\` escapes.
    public static func tokenize(_ line: String) throws(TutorError) -> [String] {
        var words: [String] = []
        var current = ""
        var hasWord = false
        var quote: Character?
        var escaped = false
        for ch in line {
            if escaped {
                current.append(ch)
                escaped = false
                continue
            }
            if ch == "\\", quote != "'" {
                escaped = true
                hasWord = true
                continue
            }
            if let open = quote {
                if ch == open { quote = nil } else { current.append(ch) }
                continue
            }
            if ch == "\"" || ch == "'" {
                quote = ch
                hasWord = true
            } else if ch.isWhitespace {
                if hasWord { words.append(current) }
                current = ""
                hasWord = false
            } else {
                current.append(ch)
                hasWord = true
            }
        }
        if quote != nil { throw .usage("the line has an unclosed \(quote == "\"" ? "double" : "single") quote") }
        if hasWord { words.append(current) }
        return words
    }
}
