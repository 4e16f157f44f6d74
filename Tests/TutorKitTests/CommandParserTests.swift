import Testing
@testable import TutorKit

@Suite("The one grammar")
struct CommandParserTests {
    @Test("a REPL line and shell arguments parse to the same invocation", arguments: [
        ("/skill rest-api-design", ["skill", "rest-api-design"]),
        ("/skill", ["skill"]),
        ("/skill --json", ["skill", "--json"]),
        ("/skill sql-databases --json --no-color", ["skill", "sql-databases", "--json", "--no-color"]),
        ("/help", ["help"]),
        ("/help skill", ["help", "skill"]),
        ("/lint", ["lint"]),
        ("/quit", ["quit"]),
        ("skill http-fundamentals", ["skill", "http-fundamentals"]),
        ("/learn backend --stack python --from intermediate", ["learn", "backend", "--stack", "python", "--from", "intermediate"]),
        ("/learn sql-databases", ["learn", "sql-databases"]),
        ("/next", ["next"]),
        ("/back", ["back"]),
        ("/done", ["done"]),
        ("/done todo-api", ["done", "todo-api"]),
        ("/skip sql-databases", ["skip", "sql-databases"]),
        ("/goto rest-api-design 3", ["goto", "rest-api-design", "3"]),
        ("/goto rest-api-design resources and uris", ["goto", "rest-api-design", "resources", "and", "uris"]),
        ("/reset sql-databases", ["reset", "sql-databases"]),
        ("/reset --all --yes", ["reset", "--all", "--yes"]),
        ("/progress --json", ["progress", "--json"]),
        ("/stack rust", ["stack", "rust"]),
        ("/export", ["export"]),
        ("/import backup.json", ["import", "backup.json"]),
        ("/progress --db /tmp/p.sqlite --profile ada", ["progress", "--db", "/tmp/p.sqlite", "--profile", "ada"]),
    ])
    func sameInvocation(line: String, arguments: [String]) throws {
        guard case .run(let fromLine)? = try CommandParser.parse(line: line), case .run(let fromShell) = try CommandParser.parse(arguments: arguments) else {
            Issue.record("expected a command from both")
            return
        }
        #expect(String(describing: fromLine) == String(describing: fromShell))
    }

    /// The command a line parses to, as its own type.
    func parsed<C: TutorCommand>(_ line: String, as type: C.Type) throws -> C {
        guard case .run(let command)? = try CommandParser.parse(line: line) else { throw CommandError.usage("no command") }
        return try #require(command as? C, "\(line) is not a \(C.self)")
    }

    @Test("each line becomes its command type with its arguments")
    func commandValues() throws {
        #expect(try parsed("/skill", as: SkillCommand.self).slug == nil)
        #expect(try parsed("/skill rest-api-design", as: SkillCommand.self).slug == "rest-api-design")
        #expect(try parsed("/skill --json", as: SkillCommand.self).json)
        #expect(try parsed("/help skill", as: HelpCommand.self).command == "skill")
        _ = try parsed("/lint", as: LintCommand.self)
        _ = try parsed("/quit", as: QuitCommand.self)
        _ = try parsed("/exit", as: QuitCommand.self)
        let plain = try parsed("/skill x --no-pager --no-color", as: SkillCommand.self)
        #expect(plain.global.settings == GlobalSettings(noColor: true, noPager: true))
        #expect(try parsed("/learn", as: LearnCommand.self).target == nil)
        let learn = try parsed("/learn backend --stack go --from advanced", as: LearnCommand.self)
        #expect(learn.target == "backend" && learn.stack == .go && learn.from == .advanced)
        _ = try parsed("/next", as: NextCommand.self)
        _ = try parsed("/back", as: BackCommand.self)
        #expect(try parsed("/done", as: DoneCommand.self).item == nil)
        #expect(try parsed("/skip todo-api", as: SkipCommand.self).item == "todo-api")
        let goto = try parsed("/goto sql-databases joins", as: GotoCommand.self)
        #expect(goto.skill == "sql-databases" && goto.lesson == ["joins"])
        let reset = try parsed("/reset --all", as: ResetCommand.self)
        #expect(reset.all && !reset.yes && reset.item == nil)
        #expect(try parsed("/progress --json", as: ProgressCommand.self).json)
        #expect(try parsed("/stack", as: StackCommand.self).name == nil)
        #expect(try parsed("/export", as: ExportCommand.self).json, "an export is always JSON")
        #expect(try parsed("/import f.json", as: ImportCommand.self).file == "f.json")
        #expect(try parsed("/projects check todo-api 2 --undo", as: ProjectsCommand.self).action == .check("todo-api", number: 2, undo: true))
        #expect(try parsed("/projects intermediate", as: ProjectsCommand.self).action == .list(.intermediate))
        let next = try parsed("/next --profile ada --db p.sqlite", as: NextCommand.self)
        #expect(next.global.settings == GlobalSettings(database: "p.sqlite", profile: "ada"))
    }

    @Test("every command of the list parses from its name, has help and a usage line, and is listed where it should be")
    func oneList() throws {
        let overview = try HelpCommand.parse([]).run(in: CommandContext(mode: .repl, catalog: .empty(root: CurriculumTests.root)))
        guard case .overview(let lines) = overview else { Issue.record("help lists the commands"); return }
        guard case .exit(let script, _) = try CommandParser.parse(arguments: ["--generate-completion-script", "bash"]) else { Issue.record("no script"); return }
        var names: Set<String> = []
        for command in CommandList.all {
            #expect(names.insert(command.name).inserted, "\(command.name) is listed twice")
            #expect(command.usage.hasPrefix(command.name), "\(command.name)'s usage starts with its name")
            #expect(!command.configuration.abstract.isEmpty)
            #expect(CommandList.command(named: command.name) == nil ? false : true)
            guard case .exit(let help, .success) = try CommandParser.parse(arguments: [command.name, "--help"]) else {
                Issue.record("\(command.name) --help")
                continue
            }
            #expect(help.contains("USAGE: backend-tutor \(command.name)"))
            if command.configuration.shouldDisplay {
                #expect(lines.contains { $0.usage == command.usage }, "/help lists \(command.name)")
                #expect(script.contains(command.name), "the completion script knows \(command.name)")
            }
        }
        #expect(lines.count == CommandList.listed.count)
    }

    @Test("no arguments start the REPL, with the global options given")
    func noArgumentsStartREPL() throws {
        guard case .startREPL(let plain) = try CommandParser.parse(arguments: []),
              case .startREPL(let given) = try CommandParser.parse(arguments: ["--no-color", "--content", "/tmp/c"]) else {
            Issue.record("no arguments should start the REPL")
            return
        }
        #expect(plain == GlobalSettings())
        #expect(given == GlobalSettings(noColor: true, contentDirectory: "/tmp/c"))
    }

    @Test("an unknown command names the nearest one")
    func unknownCommand() {
        #expect(throws: CommandError.unknownCommand("lern", suggestion: "learn")) { try CommandParser.parse(line: "/lern backend") }
        #expect(throws: CommandError.unknownCommand("progres", suggestion: "progress")) { try CommandParser.parse(arguments: ["progres"]) }
        #expect(throws: CommandError.unknownCommand("skil", suggestion: "skill")) { try CommandParser.parse(line: "/skil rest-api-design") }
        #expect(throws: CommandError.unknownCommand("hlep", suggestion: "help")) { try CommandParser.parse(arguments: ["hlep"]) }
        #expect(throws: CommandError.unknownCommand("zzzzzz", suggestion: nil)) { try CommandParser.parse(line: "/zzzzzz") }
    }

    @Test("unknown-command messages read as the mode types commands")
    func unknownCommandMessages() {
        let error = CommandError.unknownCommand("lern", suggestion: "learn")
        #expect(error.message(in: .repl) == "unknown command /lern — did you mean /learn?")
        #expect(error.message(in: .shell) == "unknown command lern — did you mean learn?")
        #expect(ErrorReport.status(of: error) == .usage)
    }

    @Test("help, version and completion scripts are messages that exit 0")
    func cleanExits() throws {
        for arguments in [["--help"], ["skill", "--help"], ["--version"], ["--generate-completion-script", "bash"], ["--generate-completion-script", "zsh"], ["--generate-completion-script", "fish"]] {
            guard case .exit(let message, let status) = try CommandParser.parse(arguments: arguments) else {
                Issue.record("\(arguments) did not exit")
                continue
            }
            #expect(status == .success)
            #expect(!message.isEmpty)
        }
        guard case .exit(let version, _) = try CommandParser.parse(arguments: ["--version"]) else { return }
        #expect(version == TutorVersion.current)
        guard case .exit(let script, _) = try CommandParser.parse(arguments: ["--generate-completion-script", "bash"]) else { return }
        #expect(script.contains("skill"))
        #expect(script.contains("lint"))
    }

    @Test("bad options and extra arguments are usage errors", arguments: [
        "/skill a b", "/skill --frobnicate", "/lint extra", "/quit now", "/help a b",
        "/learn backend --stack cobol", "/learn --from wizard", "/goto rest-api-design", "/goto",
        "/reset", "/reset x --all", "/stack perl", "/import", "/next now",
    ])
    func usageErrors(line: String) {
        #expect {
            try CommandParser.parse(line: line)
        } throws: { error in
            guard let error = error as? CommandError, case .usage = error else { return false }
            return ErrorReport.status(of: error) == .usage
        }
    }

    @Test("blank lines do nothing; odd lines are usage errors, never crashes")
    func oddLines() throws {
        #expect(try CommandParser.parse(line: "") == nil)
        #expect(try CommandParser.parse(line: "   \t  ") == nil)
        for line in ["/", "/--json", "--no-color", "/skill \"unclosed", "'", "\u{1B}[31m/skill", "/skill \u{0}\u{7}\u{1B}]8;;x", String(repeating: "a", count: 100_000), "/skill " + String(repeating: "é", count: 50_000), "\u{FFFD}\u{FFFD}"] {
            do {
                _ = try CommandParser.parse(line: line)
            } catch {
                #expect(ErrorReport.status(of: error) == .usage)
                #expect(!error.message(in: .repl).contains("\u{1B}"))
            }
        }
    }

    @Test("lines split like a shell: quotes group, backslashes escape")
    func tokenize() throws {
        #expect(try CommandParser.tokenize("/skill  rest-api-design") == ["/skill", "rest-api-design"])
        #expect(try CommandParser.tokenize(#"/search "idempotent retries" 'a b' c\ d"#) == ["/search", "idempotent retries", "a b", "c d"])
        #expect(try CommandParser.tokenize(#"a "" b"#) == ["a", "", "b"])
        #expect(throws: CommandError.self) { try CommandParser.tokenize("/skill 'open") }
    }
}

@Suite("Suggestions")
struct SuggestionTests {
    @Test("edit distance counts insertions, deletions, substitutions and swaps")
    func distance() {
        #expect(Suggestions.distance("lern", "learn") == 1)
        #expect(Suggestions.distance("skil", "skill") == 1)
        #expect(Suggestions.distance("hlep", "help") == 1)
        #expect(Suggestions.distance("kitten", "sitting") == 3)
        #expect(Suggestions.distance("", "abc") == 3)
    }

    @Test("nearest names come best first and far ones not at all")
    func nearest() {
        let slugs = ["rest-api-design", "rest-best-practices", "sql-databases", "http-fundamentals"]
        #expect(Suggestions.nearest(to: "rest-api", in: slugs).first == "rest-api-design")
        #expect(Suggestions.nearest(to: "sql-databse", in: slugs) == ["sql-databases"])
        #expect(Suggestions.nearest(to: "kubernetes", in: slugs).isEmpty)
    }
}

@Suite("Presenting results")
struct PresenterTests {
    struct Measurement: CommandResult, TextView {
        var value: Double
        func blocks(in view: ViewContext) -> [OutputBlock] { [.notice(.info, "\(value)")] }
    }

    @Test("JSON or text is decided in one place, by the reply")
    func oneDecision() throws {
        guard case .text(let output) = try Presenter.present(Reply(result: Measurement(value: 1.5)), in: ViewContext(mode: .repl)) else {
            Issue.record("text expected")
            return
        }
        #expect(output.blocks == [.notice(.info, "1.5")])
        guard case .json(let json) = try Presenter.present(Reply(result: Measurement(value: 1.5), json: true), in: ViewContext(mode: .repl)) else {
            Issue.record("JSON expected")
            return
        }
        #expect(json == "{\n  \"value\" : 1.5\n}\n")
    }

    @Test("a result that cannot be encoded is an error with a non-zero status, never empty output")
    func encodingFailure() {
        #expect {
            _ = try Presenter.present(Reply(result: Measurement(value: .nan), json: true), in: ViewContext(mode: .shell))
        } throws: { error in
            ErrorReport.status(of: error) == .failure && ErrorReport.message(of: error, in: .shell).hasPrefix("could not write the result as JSON")
        }
    }
}
