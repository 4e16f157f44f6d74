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
        let fromLine = try CommandParser.parse(line: line)
        let fromShell = try CommandParser.parse(arguments: arguments)
        #expect(fromLine == fromShell)
        guard case .run = fromShell else {
            Issue.record("expected a command, got \(fromShell)")
            return
        }
    }

    @Test("each command becomes its Command value")
    func commandValues() throws {
        #expect(try CommandParser.parse(line: "/skill") == .run(Invocation(command: .skills)))
        #expect(try CommandParser.parse(line: "/skill rest-api-design") == .run(Invocation(command: .skill(slug: "rest-api-design"))))
        #expect(try CommandParser.parse(line: "/skill --json") == .run(Invocation(command: .skills, json: true)))
        #expect(try CommandParser.parse(line: "/help skill") == .run(Invocation(command: .help(topic: "skill"))))
        #expect(try CommandParser.parse(line: "/lint") == .run(Invocation(command: .lint)))
        #expect(try CommandParser.parse(line: "/quit") == .run(Invocation(command: .quit)))
        #expect(try CommandParser.parse(line: "/exit") == .run(Invocation(command: .quit)))
        #expect(try CommandParser.parse(line: "/skill x --no-pager --no-color") == .run(Invocation(command: .skill(slug: "x"), settings: GlobalSettings(noColor: true, noPager: true))))
        #expect(try CommandParser.parse(line: "/learn") == .run(Invocation(command: .learn(target: nil, stack: nil, from: nil))))
        #expect(try CommandParser.parse(line: "/learn backend --stack go --from advanced") == .run(Invocation(command: .learn(target: "backend", stack: .go, from: .advanced))))
        #expect(try CommandParser.parse(line: "/next") == .run(Invocation(command: .next)))
        #expect(try CommandParser.parse(line: "/back") == .run(Invocation(command: .back)))
        #expect(try CommandParser.parse(line: "/done") == .run(Invocation(command: .done(item: nil))))
        #expect(try CommandParser.parse(line: "/skip todo-api") == .run(Invocation(command: .skip(item: "todo-api"))))
        #expect(try CommandParser.parse(line: "/goto sql-databases joins") == .run(Invocation(command: .goto(skill: "sql-databases", lesson: "joins"))))
        #expect(try CommandParser.parse(line: "/reset todo-api") == .run(Invocation(command: .reset(item: "todo-api", all: false, confirmed: false))))
        #expect(try CommandParser.parse(line: "/reset --all") == .run(Invocation(command: .reset(item: nil, all: true, confirmed: false))))
        #expect(try CommandParser.parse(line: "/progress --json") == .run(Invocation(command: .progress, json: true)))
        #expect(try CommandParser.parse(line: "/stack") == .run(Invocation(command: .stack(nil))))
        #expect(try CommandParser.parse(line: "/export") == .run(Invocation(command: .export, json: true)))
        #expect(try CommandParser.parse(line: "/import f.json") == .run(Invocation(command: .importProgress(path: "f.json"))))
        #expect(try CommandParser.parse(line: "/next --profile ada --db p.sqlite") == .run(Invocation(command: .next, settings: GlobalSettings(database: "p.sqlite", profile: "ada"))))
    }

    @Test("no arguments start the REPL, with the global options given")
    func noArgumentsStartREPL() throws {
        #expect(try CommandParser.parse(arguments: []) == .startREPL(GlobalSettings()))
        #expect(try CommandParser.parse(arguments: ["--no-color", "--content", "/tmp/c"]) == .startREPL(GlobalSettings(noColor: true, contentDirectory: "/tmp/c")))
    }

    @Test("an unknown command names the nearest one")
    func unknownCommand() {
        #expect(throws: TutorError.unknownCommand("lern", suggestion: "learn")) { try CommandParser.parse(line: "/lern backend") }
        #expect(throws: TutorError.unknownCommand("progres", suggestion: "progress")) { try CommandParser.parse(arguments: ["progres"]) }
        #expect(throws: TutorError.unknownCommand("skil", suggestion: "skill")) { try CommandParser.parse(line: "/skil rest-api-design") }
        #expect(throws: TutorError.unknownCommand("hlep", suggestion: "help")) { try CommandParser.parse(arguments: ["hlep"]) }
        #expect(throws: TutorError.unknownCommand("zzzzzz", suggestion: nil)) { try CommandParser.parse(line: "/zzzzzz") }
    }

    @Test("unknown-command messages read as the mode types commands")
    func unknownCommandMessages() {
        let error = TutorError.unknownCommand("lern", suggestion: "learn")
        #expect(error.message(in: .repl) == "unknown command /lern — did you mean /learn?")
        #expect(error.message(in: .shell) == "unknown command lern — did you mean learn?")
        #expect(error.exitCode == 64)
    }

    @Test("help, version and completion scripts are messages that exit 0")
    func cleanExits() throws {
        for arguments in [["--help"], ["skill", "--help"], ["--version"], ["--generate-completion-script", "bash"], ["--generate-completion-script", "zsh"], ["--generate-completion-script", "fish"]] {
            guard case .exit(let message, let status) = try CommandParser.parse(arguments: arguments) else {
                Issue.record("\(arguments) did not exit")
                continue
            }
            #expect(status == 0)
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
            guard let error = error as? TutorError, case .usage = error else { return false }
            return error.exitCode == 64
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
                #expect(error.exitCode == 64)
                #expect(!error.message(in: .repl).contains("\u{1B}"))
            }
        }
    }

    @Test("lines split like a shell: quotes group, backslashes escape")
    func tokenize() throws {
        #expect(try CommandParser.tokenize("/skill  rest-api-design") == ["/skill", "rest-api-design"])
        #expect(try CommandParser.tokenize(#"/search "idempotent retries" 'a b' c\ d"#) == ["/search", "idempotent retries", "a b", "c d"])
        #expect(try CommandParser.tokenize(#"a "" b"#) == ["a", "", "b"])
        #expect(throws: TutorError.self) { try CommandParser.tokenize("/skill 'open") }
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
