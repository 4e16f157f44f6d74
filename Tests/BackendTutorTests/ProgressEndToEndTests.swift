import Foundation
import GRDB
import Testing

@Suite("The learning path and its progress, run as a learner runs them")
struct ProgressEndToEndTests {
    let tutor: BinaryRunner
    var database: String { tutor.home.appendingPathComponent("progress.sqlite").path }

    init() throws { tutor = try BinaryRunner() }

    func run(_ arguments: String..., stdin: String = "") throws -> BinaryRunner.Result {
        try tutor.run(arguments + ["--db", database], stdin: Data(stdin.utf8))
    }

    func count(_ sql: String) throws -> Int {
        let queue = try DatabaseQueue(path: database)
        return try queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    @Test("the first /learn backend asks for a stack and a start, then shows the four levels")
    func firstLearn() throws {
        let result = try run(stdin: "/learn backend\npython\n\n/progress\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Which stack will you learn with?"))
        #expect(result.stdout.contains("Start at beginner"))
        for level in ["Beginner (0-3 months)", "Intermediate (3-6 months)", "Advanced (6-12 months)", "Expert (12+ months)"] {
            #expect(result.stdout.contains(level))
        }
        #expect(result.stdout.contains("← you are here"))
        #expect(result.stdout.contains("Next: HTTP fundamentals › 1. Messages on the wire"))
        #expect(result.stdout.contains("Skills done        0 of 30"), "the other stacks' ten language and framework skills are off a python learner's path")
    }

    @Test("in the shell the stack is an option, and missing it is a usage error")
    func shellLearn() throws {
        let missing = try run("learn", "backend")
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--stack node|python|java|go|rust"))
        let result = try run("learn", "backend", "--stack", "go", "--from", "intermediate")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("items of the levels before Intermediate as known"))
        #expect(result.stdout.contains("Intermediate (3-6 months)"))
        let progress = try run("progress", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(progress.stdout.utf8)) as? [String: Any])
        #expect(json["currentLevel"] as? String == "intermediate")
        #expect(json["stack"] as? String == "go")
    }

    @Test("next, back, done, skip, goto and reset move through the path and are stored")
    func navigation() throws {
        _ = try run("learn", "backend", "--stack", "node")
        // Walking the path without the exercises each lesson offers.
        let first = try run("next", "--skip-exercises", "--no-pager")
        #expect(first.stdout.hasPrefix("1. Messages on the wire"))
        let second = try run("next", "--no-pager")
        #expect(second.stdout.hasPrefix("2. "))
        let back = try run("back", "--no-pager")
        #expect(back.stdout.hasPrefix("1. Messages on the wire"))
        let goto = try run("goto", "sql-databases", "3", "--no-pager")
        #expect(goto.stdout.contains("SQL and relational databases · lesson 3 of"))
        #expect(goto.stdout.contains("builds on") == false, "sql-databases has no prerequisites")
        let skip = try run("skip", "--no-pager")
        #expect(skip.stdout.contains("lesson 4 of"))
        #expect(try run("done", "rest-api-design").stdout.contains("Marked REST API design done."))
        #expect(try count("SELECT count(*) FROM itemStatus WHERE item LIKE 'lesson:rest-api-design/%' AND status = 'done'") == 8)
        #expect(try run("reset", "rest-api-design").status == 0)
        #expect(try count("SELECT count(*) FROM itemStatus WHERE item LIKE 'lesson:rest-api-design/%' AND status = 'done'") == 0)
        let all = try run("reset", "--all")
        #expect(all.status == 64)
        #expect(all.stderr.contains("--yes"))
        #expect(try run("reset", "--all", "--yes").status == 0)
        #expect(try count("SELECT count(*) FROM itemStatus WHERE status != 'not-started'") == 0)
        #expect(try count("SELECT count(*) FROM event WHERE kind = 'reset'") > 0, "the history is kept")
    }

    @Test("coming back later resumes where the learner was, with a line saying so")
    func resume() throws {
        _ = try run("learn", "backend", "--stack", "rust")
        _ = try run("next", "--skip-exercises")
        _ = try run("next")
        let progress = try run("progress")
        #expect(progress.stdout.contains("You are on HTTP fundamentals › 2."))
        let overview = try run("learn", "backend")
        #expect(overview.stdout.contains("You are on HTTP fundamentals › 2."))
        #expect(overview.stdout.contains("goto http-fundamentals 2 shows it again"))
    }

    @Test("export and import move progress between databases")
    func exportImport() throws {
        _ = try run("learn", "backend", "--stack", "java")
        _ = try run("done", "sql-databases")
        let export = try run("export")
        #expect(export.status == 0)
        let file = tutor.home.appendingPathComponent("progress.json")
        try Data(export.stdout.utf8).write(to: file)
        let other = tutor.home.appendingPathComponent("other.sqlite").path
        let imported = try tutor.run(["import", file.path, "--db", other])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("newer item statuses taken"))
        let progress = try tutor.run(["progress", "--json", "--db", other])
        #expect(progress.stdout.contains("\"stack\" : \"java\""))
        let bad = tutor.home.appendingPathComponent("bad.json")
        try Data("{\"format\": 3}".utf8).write(to: bad)
        let rejected = try tutor.run(["import", bad.path, "--db", other])
        #expect(rejected.status == 65)
        #expect(rejected.stderr.contains("is not a backend-tutor progress export"))
    }

    @Test("two processes writing the same database at once lose no update")
    func concurrentWriters() throws {
        _ = try run("learn", "backend", "--stack", "go")
        let lines = String(repeating: "/stack go\n/stack python\n", count: 40)
        nonisolated(unsafe) var results: [BinaryRunner.Result] = []
        let lock = NSLock()
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            DispatchQueue.global().async {
                let result = try? self.run(stdin: lines)
                lock.withLock { results.append(result ?? BinaryRunner.Result(status: -1, stdout: "", stderr: "did not run")) }
                group.leave()
            }
        }
        group.wait()
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        #expect(try count("SELECT count(*) FROM event WHERE kind = 'stack'") == 1 + 2 * 80)
    }

    @Test("a process killed mid-write leaves a database that opens and holds every committed change")
    func killedMidWrite() throws {
        _ = try run("learn", "backend", "--stack", "go")
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["--db", database]
        process.environment = tutor.environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let lines = Data(String(repeating: "/stack go\n/stack python\n", count: 2_000).utf8)
        DispatchQueue.global().async { try? input.fileHandleForWriting.write(contentsOf: lines) }
        // Wait until some writes have committed, then kill without warning.
        var seen = Data()
        while seen.count < 4_000 { seen += output.fileHandleForReading.availableData }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        seen += output.fileHandleForReading.readDataToEndOfFile()
        #expect(process.terminationReason == .uncaughtSignal)
        // Each confirmation is printed after its transaction commits.
        let confirmed = String(decoding: seen, as: UTF8.self).components(separatedBy: "Your stack is now").count - 1
        let queue = try DatabaseQueue(path: database)
        #expect(try queue.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        let stored = try count("SELECT count(*) FROM event WHERE kind = 'stack'") - 1
        #expect(confirmed > 0)
        #expect(stored >= confirmed)
        #expect(stored <= 4_000)
        // And the tutor carries on with it.
        #expect(try run("progress").status == 0)
    }

    @Test("a corrupt database is moved aside with a message, and the tutor goes on")
    func corruptDatabase() throws {
        try Data("garbage, not SQLite".utf8).write(to: URL(fileURLWithPath: database))
        let result = try run("learn", "backend", "--stack", "go")
        #expect(result.status == 0)
        #expect(result.stderr.contains("was not a usable progress database: it is kept as \(database).corrupt-"))
        let kept = try FileManager.default.contentsOfDirectory(atPath: tutor.home.path).filter { $0.hasPrefix("progress.sqlite.corrupt-") }
        #expect(kept.count == 1)
        #expect(FileManager.default.contents(atPath: tutor.home.appendingPathComponent(kept[0]).path) == Data("garbage, not SQLite".utf8))
    }

    @Test("a data folder that cannot be written gives a clear message and status 74")
    func unwritable() throws {
        let blocker = tutor.home.appendingPathComponent("blocked")
        try Data("a file, not a folder".utf8).write(to: blocker)
        let result = try tutor.run(["progress"], extraEnvironment: ["XDG_DATA_HOME": blocker.path])
        #expect(result.status == 74)
        #expect(result.stderr.contains(blocker.path))
        // Commands that need no progress still work.
        #expect(try tutor.run(["skill"], extraEnvironment: ["XDG_DATA_HOME": blocker.path]).status == 0)
    }

    @Test("a database from a newer version is refused with status 1")
    func newerDatabase() throws {
        _ = try run("learn", "backend", "--stack", "go")
        let queue = try DatabaseQueue(path: database)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
        try queue.close()
        let result = try run("progress")
        #expect(result.status == 1)
        #expect(result.stderr.contains("upgrade backend-tutor"))
    }
}

@Suite("projects, compare and practices from the shell")
struct ProjectsEndToEndTests {
    let tutor: BinaryRunner
    var database: String { tutor.home.appendingPathComponent("progress.sqlite").path }

    init() throws { tutor = try BinaryRunner() }

    func run(_ arguments: String...) throws -> BinaryRunner.Result {
        try tutor.run(arguments + ["--db", database], stdin: Data())
    }

    @Test("a learner starts a project, ticks its milestones and sees it in /progress")
    func projectFlow() throws {
        #expect(try run("projects", "start", "url-shortener").status == 0)
        let detail = try run("projects", "url-shortener", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(detail.stdout.utf8)) as? [String: Any])
        let milestones = try #require((json["project"] as? [String: Any])?["milestones"] as? [Any]).count
        for n in 1...milestones { #expect(try run("projects", "check", "url-shortener", String(n)).status == 0) }
        let progress = try run("progress", "--json")
        #expect(progress.stdout.contains("\"done\" : 1"))
        let list = try run("projects", "beginner", "--no-color")
        #expect(list.stdout.contains("url-shortener — URL shortener"), "\(list.stdout)")
        #expect(list.stdout.contains("done"))
        let bad = try run("projects", "check", "url-shortener", "x")
        #expect(bad.status == 64)
    }

    @Test("compare lays stacks side by side at 80 columns and rejects mixed kinds")
    func compare() throws {
        let result = try tutor.run(["compare", "go", "rust", "--no-pager"], extraEnvironment: ["COLUMNS": "80"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("│ Framework"))
        for line in result.stdout.split(separator: "\n") { #expect(line.count <= 80) }
        let mixed = try tutor.run(["compare", "go", "redis"])
        #expect(mixed.status == 64)
        #expect(mixed.stderr.contains("go is a stack, redis is a cache"))
    }

    @Test("practices security shows each item with why and how")
    func practices() throws {
        let result = try tutor.run(["practices", "security", "--no-pager"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Why"))
        #expect(result.stdout.contains("How"))
    }
}

@Suite("quiz and review from the shell and the REPL")
struct QuizEndToEndTests {
    let tutor: BinaryRunner
    var database: String { tutor.home.appendingPathComponent("progress.sqlite").path }

    init() throws { tutor = try BinaryRunner() }

    @Test("a piped quiz reads one answer a line, saves each as a card, and review --list --json shows what is due")
    func quizThenReview() throws {
        // Blank-free answers that are surely wrong for any question kind are not needed:
        // '?' asks again, t/f and letters are answers.
        let result = try tutor.run(["quiz", "http-fundamentals", "--count", "3", "--db", database], stdin: Data("?\na\nt\n/quit\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Quiz: HTTP fundamentals"))
        #expect(result.stdout.contains("Question 1 of 3"))
        #expect(result.stdout.contains("Not an answer") || result.stdout.contains("Rated"))
        let queue = try DatabaseQueue(path: database)
        let answered = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM reviewLog") ?? 0 }
        let cards = try queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM card") ?? 0 }
        #expect(answered >= 1)
        #expect(cards == answered)
        let list = try tutor.run(["review", "--list", "--json", "--db", database])
        #expect(list.status == 0)
        let due = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any])
        #expect(due.count <= cards, "cards answered wrong are due in a minute, right ones later")
        let progress = try tutor.run(["progress", "--json", "--db", database])
        #expect(progress.stdout.contains("\"http-fundamentals\""), "mastery is reported")
    }

    @Test("the REPL's /quiz reads answers from the next lines, and /quit there ends only the quiz")
    func replQuiz() throws {
        let result = try tutor.run(["--db", database], stdin: Data("/quiz sql-databases --count 2\n/quit\n/skill sql-databases\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Quiz: SQL and relational databases"))
        #expect(result.stdout.contains("Stopped"))
        #expect(result.stdout.contains("Mastery"), "the REPL went on to /skill after the quiz")
    }
}

@Suite("search from the shell")
struct SearchEndToEndTests {
    let tutor: BinaryRunner
    init() throws { tutor = try BinaryRunner() }

    @Test("the first search builds the index with a one-line notice; later ones reuse it; open N opens a result")
    func searchAndOpen() throws {
        let first = try tutor.run("search", "idempotent", "retries", "--no-pager")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Indexed the curriculum for search"))
        #expect(first.stdout.contains(" 1. "))
        let second = try tutor.run("search", "idempotent", "retries", "--json")
        #expect(!second.stdout.contains("Indexed"))
        let results = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [[String: Any]])
        #expect(results.count == 10)
        #expect(results.allSatisfy { ($0["snippet"] as? String)?.contains("\u{1}") == false })
        let opened = try tutor.run("open", "1", "--no-pager")
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(!opened.stdout.isEmpty)
        let cache = tutor.home.appendingPathComponent(".cache/backend-tutor")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path).contains { $0.hasPrefix("index-") })
    }

    @Test("a command that follows the path reads the catalog's snapshot file and opens no cache database; every database is closed at exit, its WAL folded in")
    func filesAtExit() throws {
        let cache = tutor.home.appendingPathComponent(".cache/backend-tutor")
        let data = tutor.home.appendingPathComponent(".local/share/backend-tutor")
        for arguments in [["learn", "backend", "--stack", "go"], ["next", "--skip-exercises"], ["progress"]] {
            let result = try tutor.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let cached = try FileManager.default.contentsOfDirectory(atPath: cache.path)
            #expect(cached.contains { $0.hasPrefix("catalog-") && $0.hasSuffix(".snapshot") }, "\(cached)")
            #expect(!cached.contains { $0.contains(".sqlite") }, "\(arguments): \(cached)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == ["progress.sqlite"], "\(arguments)")
        }
        #expect(try tutor.run("search", "idempotent").status == 0)
        #expect(try tutor.run("open", "1", "--no-pager").status == 0)
        // A skill shown on its own peeks at the learner's stack and leaves no -wal or -shm either.
        #expect(try tutor.run("skill", "rest-api-design", "--no-pager").status == 0)
        let cached = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(cached.contains { $0.hasSuffix(".sqlite") } && !cached.contains { $0.hasSuffix("-wal") || $0.hasSuffix("-shm") }, "\(cached)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: data.path).sorted() == ["progress.sqlite"])
    }

    @Test("the REPL searches and opens results beside the catalog it loaded, and closes its databases when it ends")
    func replFilesAtExit() throws {
        #expect(try tutor.run(["learn", "backend", "--stack", "go"]).status == 0)
        let result = try tutor.run([], stdin: Data("/search idempotent\n/search retries\n/open 1\n/progress\n/quit\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Search: idempotent") && result.stdout.contains("Search: retries") && result.stdout.contains("By area"))
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let cache = try FileManager.default.contentsOfDirectory(atPath: tutor.home.appendingPathComponent(".cache/backend-tutor").path)
        let data = try FileManager.default.contentsOfDirectory(atPath: tutor.home.appendingPathComponent(".local/share/backend-tutor").path)
        #expect(!(cache + data).contains { $0.hasSuffix("-wal") || $0.hasSuffix("-shm") }, "\(cache) \(data)")
    }

    @Test("quotes, operators, stars and brackets are searched as words, never as syntax")
    func hostileQueries() throws {
        for query in [#""unbalanced"#, "NEAR(a b", "a* OR *", "(((", "über straße", "-x", "\"\"\""] {
            let result = try tutor.run(["search", query, "--json"])
            #expect(result.status == 0 || result.status == 64, "\(query): \(result.stderr)")
            #expect(!result.stderr.contains("fts5"), "\(query)")
        }
    }
}
