import Foundation
import Testing

/// The interactive tutor in a real pseudo-terminal: what a learner at a terminal meets.
@Suite("the REPL in a real terminal", .serialized)
struct TerminalTests {
    let runner: BinaryRunner

    init() throws { runner = try BinaryRunner() }

    /// A terminal whose tutor has already chosen a stack and a start, so it opens at its prompt.
    func started(_ arguments: [String] = [], columns: Int = 80, rows: Int = 24, environment: [String: String] = [:]) throws -> PseudoTerminal {
        let setup = try runner.run(["learn", "backend", "--stack", "python", "--from", "beginner"])
        #expect(setup.status == 0, "\(setup.stderr)")
        return try PseudoTerminal(runner, arguments: arguments, columns: columns, rows: rows, environment: environment)
    }

    @Test("it starts, answers and quits in every locale, falling back to ASCII where UTF-8 cannot be shown",
          arguments: ["C.UTF-8", "C", "POSIX", "xx_YY.UTF-8", "de_DE.ISO-8859-1"])
    func locales(locale: String) throws {
        let terminal = try started(environment: ["LANG": locale, "LC_ALL": "", "LC_CTYPE": "", "PAGER": "cat"])
        try terminal.wait(for: "tutor" + (locale.hasSuffix("UTF-8") ? "›" : ">"))
        let offset = terminal.plain.count
        terminal.type("/progress\r")
        let progress = try terminal.wait(for: "Your progress", after: offset)
        terminal.type("/quit\r")
        let exit = try #require(terminal.exitStatus())
        #expect(exit.status == 0 && !exit.signalled, "\(locale): \(terminal.plain.suffix(600))")
        if locale.hasSuffix("UTF-8") {
            #expect(terminal.text.contains("tutor›"))
        } else {
            #expect(!terminal.output.contains { $0 >= 0x80 }, "\(locale) cannot show UTF-8: every byte is ASCII")
            #expect(terminal.text.contains("tutor>"))
            #expect(progress.contains("####") || progress.contains("...."), "bars are drawn in ASCII")
        }
    }

    @Test("history is never written through a symbolic link")
    func historySymlink() throws {
        let state = runner.home.appendingPathComponent(".local/state/backend-tutor")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let target = runner.home.appendingPathComponent("precious.txt")
        try "keep me\n".write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: state.appendingPathComponent("history"), withDestinationURL: target)
        let terminal = try started(environment: ["PAGER": "cat"])
        try terminal.wait(for: "history is not saved")
        terminal.type("/stack\r")
        try terminal.wait(for: "Your stack is python")
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep me\n")
    }

    /// A started tutor at the first question of a two-question quiz.
    func inQuiz() throws -> PseudoTerminal {
        let terminal = try started(environment: ["PAGER": "cat"])
        try terminal.wait(for: "tutor›")
        terminal.type("/quiz http-fundamentals --count 2\r")
        try terminal.wait(for: "answer")
        return terminal
    }

    @Test("at a quiz's prompt a command that only looks runs and the question comes back; others are refused and count nothing")
    func commandsInAQuiz() throws {
        let terminal = try inQuiz()
        var offset = terminal.plain.count
        terminal.type("/stack\r")
        let aside = try terminal.wait(for: "Question 1 of 2", after: offset)
        #expect(aside.contains("Your stack is python"))
        #expect(!aside.contains("Not quite"))
        offset = terminal.plain.count
        terminal.type("/next\r")
        let refused = try terminal.wait(for: "finish or /quit the quiz first", after: offset)
        #expect(!refused.contains("Not quite"))
        offset = terminal.plain.count
        terminal.type("/skip\r")
        try terminal.wait(for: "Skipped, not rated. The answer:", after: offset)
        terminal.type("/quit\r")
        try terminal.wait(for: "0 of 0 right, 1 skipped, 1 not asked")
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
    }

    @Test("Ctrl-C at the answer prompt clears the line; a second on an empty line ends the quiz on a line of its own")
    func interruptInAQuiz() throws {
        let terminal = try inQuiz()
        var offset = terminal.plain.count
        terminal.type("half typed")
        try terminal.wait(for: "half typed", after: offset)
        terminal.type("\u{3}")
        terminal.drain(for: 0.5)
        #expect(!terminal.plain.dropFirst(offset).contains("Stopped"), "one Ctrl-C with text typed only clears the line")
        offset = terminal.plain.count
        terminal.type("\u{3}")
        try terminal.wait(for: "Ctrl-C again ends the quiz", after: offset)
        offset = terminal.plain.count
        terminal.type("\u{3}")
        let stopped = try terminal.wait(for: "Stopped", after: offset)
        #expect(!terminal.plain.contains("typedStopped"))
        #expect(stopped.contains("\nStopped"), "the summary starts on a new line")
        try terminal.wait(for: "tutor", after: offset + stopped.count - 10)
        terminal.type("\u{4}")
        #expect(terminal.exitStatus()?.status == 0)
        // libedit writes `^D`; the tutor steps back over it and clears it at once.
        #expect(!terminal.text.replacingOccurrences(of: "^D\u{1B}[?2004l\u{8}\u{8}\u{1B}[K", with: "").contains("^D"))
    }

    @Test("/sql: a statement goes on at the ...› prompt until its ;, Tab completes a table, Ctrl-C on an empty line leaves")
    func sqlPrompt() throws {
        let terminal = try started(environment: ["PAGER": "cat"])
        try terminal.wait(for: "tutor›")
        terminal.type("/sql shop\r")
        try terminal.wait(for: "sql›")
        var offset = terminal.plain.count
        terminal.type("SELECT count(*) AS n\r")
        try terminal.wait(for: "...›", after: offset)
        // Without Tab completing the table's name, SQLite would say "no such table: order_l".
        offset = terminal.plain.count
        terminal.type("FROM order_l\t")
        terminal.drain(for: 0.3)
        terminal.type(";\r")
        let result = try terminal.wait(for: "1 row.", after: offset)
        #expect(result.contains(" n │") && result.contains("21"), "the column is named as the query says: \(result)")
        #expect(!result.contains("no such table"))
        offset = terminal.plain.count
        terminal.type("SELEC 1;\r")
        let error = try terminal.wait(for: "^", after: offset)
        #expect(error.contains("syntax error (line 1, column 1)"))
        offset = terminal.plain.count
        terminal.type("\u{3}")
        try terminal.wait(for: "Left the SQL prompt; nothing was saved.", after: offset)
        try terminal.wait(for: "tutor›", after: offset)
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
    }

    @Test("an exercise asks at its own prompt: a wrong query says why and asks again, /hint answers there, /skip leaves, /next goes on")
    func exercisePrompt() throws {
        let terminal = try started(environment: ["PAGER": "cat"])
        try terminal.wait(for: "tutor›")
        terminal.type("/exercise sql-databases 3\r")
        try terminal.wait(for: "sql›")
        var offset = terminal.plain.count
        terminal.type("SELECT name, price_cents FROM products;\r")
        let wrong = try terminal.wait(for: "Attempts: 1.", after: offset)
        #expect(wrong.contains("Not yet"))
        terminal.drain(for: 0.3)
        offset = terminal.plain.count
        terminal.type("/hint\r")
        try terminal.wait(for: "Hint 1 of", after: offset)
        try terminal.wait(for: "sql›", after: offset)
        offset = terminal.plain.count
        terminal.type("/quiz\r")
        try terminal.wait(for: "finish or /quit the exercise first", after: offset)
        offset = terminal.plain.count
        terminal.type("/skip\r")
        try terminal.wait(for: "Left the exercise", after: offset)
        try terminal.wait(for: "tutor›", after: offset)
        // Offered by /next after a lesson, the exercise's prompt takes /next as "go on".
        offset = terminal.plain.count
        terminal.type("/goto sql-databases 1\r")
        try terminal.wait(for: "tutor›", after: offset)
        offset = terminal.plain.count
        terminal.type("/next\r")
        try terminal.wait(for: "Practise lesson 1 before you go on", after: offset)
        try terminal.wait(for: "sql›", after: offset)
        offset = terminal.plain.count
        terminal.type("/next\r")
        try terminal.wait(for: "2. Reading and changing rows", after: offset)
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
    }

    @Test("a question is never paged: with less at 20 rows the quiz's prompt shows, not less's")
    func questionsAreNotPaged() throws {
        let terminal = try started(rows: 20, environment: ["PAGER": "less", "LESS": ""])
        try terminal.wait(for: "tutor›")
        terminal.type("/quiz rest-api-design --count 1\r")
        let quiz = try terminal.wait(for: "answer")
        #expect(!quiz.contains("back to the tutor"))
        terminal.type("/quit\r")
        try terminal.wait(for: "Stopped")
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
    }

    @Test("long output goes through less with LESS=FRX and a prompt that says how to get back")
    func pagerPrompt() throws {
        let terminal = try started(rows: 20, environment: ["PAGER": "less", "LESS": ""])
        try terminal.wait(for: "tutor›")
        let offset = terminal.plain.count
        terminal.type("/skill rest-api-design\r")
        try terminal.wait(for: "q: back to the tutor", after: offset)
        // -R: less passes colour through rather than showing ESC[1;36m as text.
        #expect(!terminal.plain.contains("ESC["))
        terminal.type("q")
        try terminal.wait(for: "tutor", after: terminal.plain.count - 200)
        // -X: no alternate screen, so what was read stays on the screen.
        #expect(!terminal.text.contains("\u{1B}[?1049h"))
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
    }

    @Test("the first run's stack question: Enter asks again, /help answers, /quit leaves")
    func setupQuestion() throws {
        let terminal = try PseudoTerminal(runner, environment: ["PAGER": "cat"])
        try terminal.wait(for: "Which stack")
        var offset = terminal.plain.count
        terminal.type("\r")
        try terminal.wait(for: "Which stack", after: offset)
        offset = terminal.plain.count
        terminal.type("/help\r")
        let help = try terminal.wait(for: "Which stack", after: offset)
        #expect(help.contains("/progress"))
        #expect(!help.contains("not a stack"))
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
        // The path's heading comes once, with the overview, not before the questions too.
        #expect(terminal.plain.components(separatedBy: "Backend development\n═").count == 1)
    }

    @Test("a pasted block is one edit: its newlines run nothing and its tab completes nothing; free text offers a search")
    func bracketedPaste() throws {
        let terminal = try started(environment: ["PAGER": "cat"])
        try terminal.wait(for: "tutor›")
        let offset = terminal.plain.count
        terminal.type("\u{1B}[200~what is\trest\n/progress\u{1B}[201~\r")
        let reply = try terminal.wait(for: "is not a command", after: offset)
        #expect(reply.contains("/search what is rest /progress"))
        #expect(!reply.contains("Your progress"))
        terminal.type("/stack\r")
        terminal.type("/stack\r")
        try terminal.wait(for: "Your stack is python", after: offset)
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
        let history = try String(contentsOf: runner.home.appendingPathComponent(".local/state/backend-tutor/history"), encoding: .utf8)
        #expect(history.components(separatedBy: "/stack").count == 2, "a line typed twice in a row is kept once: \(history.debugDescription)")
    }

    @Test("REPL errors speak the REPL's syntax, once, wrapped to the terminal")
    func replErrors() throws {
        let terminal = try started(columns: 60, environment: ["PAGER": "cat"])
        try terminal.wait(for: "tutor›")
        let offset = terminal.plain.count
        terminal.type("/projects start\r")
        let error = try terminal.wait(for: "usage: /projects start SLUG", after: offset)
        #expect(!error.contains("Usage: backend-tutor"))
        #expect(!error.contains("Error:"))
        terminal.type("/skill a b c\r")
        let second = try terminal.wait(for: "/help skill explains it", after: offset)
        for line in second.split(separator: "\n") { #expect(TextWidthCount.of(line) <= 60, "wider than the terminal: \(line)") }
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
    }

    @Test("Ctrl-C during /verify stops the server it started, says so on a line of its own, and the prompt comes back")
    func interruptVerify() throws {
        let script = runner.home.appendingPathComponent("hang.py")
        try """
        import os, time
        from http.server import BaseHTTPRequestHandler, HTTPServer
        class Hang(BaseHTTPRequestHandler):
            def do_POST(self):
                time.sleep(60)
            do_GET = do_POST
        HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Hang).serve_forever()
        """.write(to: script, atomically: true, encoding: .utf8)
        let terminal = try started(environment: ["PAGER": "cat"])
        try terminal.wait(for: "tutor›")
        let offset = terminal.plain.count
        terminal.type("/verify todo-api --timeout 30 --run 'python3 \(script.path)'\r")
        // The server is up once the first request is waiting on it.
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline, !ServerProcessProbe.running(script.path) { terminal.drain(for: 0.1) }
        #expect(ServerProcessProbe.running(script.path))
        terminal.drain(for: 0.5)
        terminal.type("\u{3}")
        let stopped = try terminal.wait(for: "stopped by Ctrl-C", after: offset)
        #expect(stopped.contains("\n✗ stopped by Ctrl-C") || stopped.contains("\nerror: stopped by Ctrl-C"), "\(stopped)")
        let message = stopped.components(separatedBy: "stopped by Ctrl-C")[0].count
        try terminal.wait(for: "tutor›", after: offset + message)
        terminal.drain(for: 0.5)
        #expect(!ServerProcessProbe.running(script.path), "the server's process group is gone")
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
    }
}

/// Whether a process runs whose command line contains a text, read from /proc.
enum ServerProcessProbe {
    static func running(_ text: String) -> Bool {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.contains { pid in
            guard pid.allSatisfy(\.isNumber), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\0", with: " ").contains("python3 " + text)
        }
    }
}

/// Columns a line takes, counting each scalar as one (the texts checked are ASCII but for marks).
enum TextWidthCount {
    static func of(_ line: Substring) -> Int { line.unicodeScalars.count }
}

