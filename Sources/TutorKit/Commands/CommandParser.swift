import ArgumentParser

/// What parsing a command line or a REPL line leads to.
public enum ParseOutcome: Sendable {
    case run(any TutorCommand)
    /// No command: start the interactive tutor with these settings.
    case startREPL(GlobalSettings)
    /// Print `message` and stop: help, version, completion scripts (success) or a usage error.
    case exit(message: String, status: ExitStatus)
}

/// Parses shell arguments and REPL lines with the same grammar into the same command.
public enum CommandParser {
    /// More words than any command takes. argument-parser's time grows with the square of the
    /// words it is given (8,000 took over a minute), so longer input is refused before it sees it.
    public static let maximumArguments = 256

    /// Parses the shell's arguments (without the program name).
    public static func parse(arguments: [String]) throws(CommandError) -> ParseOutcome {
        let arguments = try checked(arguments)
        if let index = DirectArguments.commandIndex(in: arguments), let type = CommandList.command(named: arguments[index]),
           let command = direct(type, Array(arguments[..<index] + arguments[(index + 1)...])) {
            return .run(command)
        }
        if let first = arguments.first, !first.hasPrefix("-") {
            guard let type = CommandList.command(named: first) else {
                throw .unknownCommand(first, suggestion: Suggestions.nearest(to: first, in: CommandList.names, limit: 1).first)
            }
            if asksForHelp(arguments) {
                return .exit(message: RootCommand.helpMessage(for: type), status: .success)
            }
            // Parsing with the command's own type spares building the whole command tree on
            // every run; any failure is parsed again from the root for its full message.
            if let parsed = try? type.parse(Array(arguments.dropFirst())) {
                return .run(parsed)
            }
        }
        do {
            let parsed = try RootCommand.parseAsRoot(arguments)
            if let root = parsed as? RootCommand { return .startREPL(root.global.settings) }
            if let command = parsed as? any TutorCommand { return .run(command) }
            // argument-parser's own `help` subcommand, reached only through unusual spellings.
            return .exit(message: RootCommand.helpMessage(), status: .success)
        } catch {
            let message = RootCommand.fullMessage(for: error)
            if RootCommand.exitCode(for: error) == .success { return .exit(message: message, status: .success) }
            throw .usage(message)
        }
    }

    /// Parses one REPL line: `/skill rest-api-design` (the slash is optional). Returns nil for a
    /// blank line.
    public static func parse(line: String) throws(CommandError) -> ParseOutcome? {
        let slashed = line.trimmedWhitespace.hasPrefix("/")
        var words: [String]
        do {
            words = try tokenize(line)
        } catch {
            // An unbalanced quote in free text ("what's REST?") is a question, not a command.
            if !slashed { throw .notACommand(line, suggestion: nil) }
            throw error
        }
        guard !words.isEmpty else { return nil }
        if words[0].hasPrefix("/") { words[0].removeFirst() }
        guard !words[0].isEmpty else { throw .usage("type a command after the slash, such as /help") }
        if words[0].hasPrefix("-") {
            if words[0] == "--version" || words[0] == "--help" || words[0] == "-h" { return try parse(arguments: words) }
            throw .usage("commands start with a name, such as /skill; type /help for the list")
        }
        words = try checked(words)
        guard let type = CommandList.command(named: words[0]) else {
            let suggestion = Suggestions.nearest(to: words[0], in: CommandList.names, limit: 1).first
            if !slashed { throw .notACommand(line, suggestion: suggestion) }
            throw .unknownCommand(words[0], suggestion: suggestion)
        }
        let arguments = Array(words.dropFirst())
        if asksForHelp(arguments) {
            if let help = try? HelpCommand.parse([type.name]) { return .run(help) }
        }
        if let command = direct(type, arguments) { return .run(command) }
        do {
            return .run(try type.parse(arguments))
        } catch {
            // One message in the REPL's own words: what is wrong, then how the command is typed.
            var message = type.message(for: error).trimmedWhitespace
            if message.hasPrefix("usage: ") { message = "usage: /" + message.dropFirst("usage: ".count) }
            if !message.contains("usage: /") { message += " (usage: /\(type.usage); /help \(type.name) explains it)" }
            throw .usage(message)
        }
    }

    /// The command read from `arguments` without argument-parser (``DirectArguments``), when
    /// the command can be and its `validate()` agrees.
    private static func direct(_ type: any TutorCommand.Type, _ arguments: [String]) -> (any TutorCommand)? {
        guard var command = type.direct(arguments), (try? command.validate()) != nil else { return nil }
        return command
    }

    /// The words, bounded in number, with `projects verify SLUG` read as `verify SLUG`: one
    /// command reached from both.
    private static func checked(_ words: [String]) throws(CommandError) -> [String] {
        guard words.count <= maximumArguments else {
            throw .usage("that is \(words.count) words; no command takes more than \(maximumArguments)")
        }
        return words.count >= 2 && words[0] == "projects" && words[1] == "verify" ? Array(words.dropFirst()) : words
    }

    /// Whether `--help` or `-h` comes before a `--`.
    private static func asksForHelp(_ arguments: [String]) -> Bool {
        let options = arguments.prefix { $0 != "--" }
        return options.contains("--help") || options.contains("-h")
    }

    /// Splits a line into words the way a shell would: spaces separate, quotes group, `\` escapes.
    public static func tokenize(_ line: String) throws(CommandError) -> [String] {
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
