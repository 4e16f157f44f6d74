import Foundation
import Testing
@testable import TutorKit

/// The SQL sandbox: a throwaway in-memory database that cannot reach a file.
@Suite("The SQL sandbox")
struct SQLSandboxTests {
    @Test("ATTACH, VACUUM INTO, extensions and pragmas that write are refused; nothing reaches a file")
    func refused() throws {
        let sandbox = try SQLSandbox()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString).db").path
        for sql in ["ATTACH '\(file)' AS other;", "VACUUM INTO '\(file)';", "SELECT load_extension('/tmp/x');", "PRAGMA writable_schema = 1;",
                    "PRAGMA journal_mode = WAL;"] {
            #expect(throws: SQLFailure.self, "\(sql)") { try sandbox.run(sql) }
        }
        #expect(!FileManager.default.fileExists(atPath: file))
        try sandbox.run("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);")
        let columns = try sandbox.run("SELECT name FROM pragma_table_info('t');").last
        #expect(columns?.rows.map(\.first) == [.text("id"), .text("name")])
    }

    @Test("a query that never ends is stopped at the time limit, and the sandbox still works after it")
    func runaway() throws {
        let sandbox = try SQLSandbox()
        sandbox.timeLimit = 0.3
        let failure = try #require(throws: SQLFailure.self) {
            try sandbox.run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;")
        }
        #expect(failure.message.hasPrefix("stopped after"))
        #expect(try sandbox.run("SELECT 1 + 1;").last?.rows == [[.integer(2)]])
    }

    @Test("SQLite's error comes with the line and column it points at, and the results before it")
    func position() throws {
        let sandbox = try SQLSandbox()
        try sandbox.run("CREATE TABLE t (id INTEGER);")
        let (results, failure) = sandbox.runAll("SELECT 1;\nSELECT id\n  FROM t WHER id = 1;")
        #expect(results.count == 1)
        let error = try #require(failure)
        #expect(error.message.contains("near \"id\": syntax error"))
        #expect(error.line == 3)
        #expect(error.column == 15)
        #expect(error.excerpt == "  FROM t WHER id = 1;")
        #expect(!SQLSandbox.isComplete("SELECT 1"))
        #expect(SQLSandbox.isComplete("SELECT ';'\n;"))
    }

    @Test("rows past the limit are counted, not kept")
    func rowLimit() throws {
        let sandbox = try SQLSandbox()
        sandbox.rowLimit = 5
        let result = try #require(try sandbox.run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 12) SELECT x FROM c;").last)
        #expect(result.rows.count == 5)
        #expect(result.leftOut == 7)
    }
}

/// A fixture skill with each kind of exercise, on a small club dataset.
struct PracticeFixture {
    static let seed = """
    CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL, fee REAL NOT NULL, joined TEXT NOT NULL);
    INSERT INTO members (id, name, city, fee, joined) VALUES
      (1, 'Ola', 'Oslo', 100, '2023-01-10'), (2, 'Kari', 'Bergen', 120, '2024-02-01'),
      (3, 'Anna', 'Oslo', 90.5, '2022-05-05'), (4, 'Per', 'Oslo', 110, '2025-03-03');
    """
    static let variant = """
    UPDATE members SET fee = fee + 7, city = 'Bergen' WHERE id = 1;
    DELETE FROM members WHERE id = 3;
    INSERT INTO members (id, name, city, fee, joined) VALUES (10, 'Anna', 'Oslo', 95, '2021-01-01'), (11, 'Bo', 'Oslo', 60, '2020-06-06'),
      (12, 'Aase', 'Oslo', 70, '2023-09-09');
    """
    static let exercises = """
    dataset: club
    exercises:
      - id: oslo-members
        lesson: Requests
        kind: sql
        prompt: List the `name` and `fee` of members in Oslo, by name.
        ordered: true
        named_columns: true
        tolerance: 0.01
        hints: [Filter on city., "`WHERE city = 'Oslo' ORDER BY name`"]
        solution: SELECT name, fee FROM members WHERE city = 'Oslo' ORDER BY name;
        explanation: WHERE keeps the Oslo rows; ORDER BY sorts them.
      - id: raise-fees
        lesson: Requests
        kind: sql
        prompt: Raise by 10 the fee of every member who joined before 2024.
        state: SELECT id, fee FROM members ORDER BY id
        hints: [An UPDATE with a WHERE on joined.]
        solution: UPDATE members SET fee = fee + 10 WHERE joined < '2024-01-01';
        explanation: Dates stored as ISO 8601 text compare in time order.
      - id: created
        lesson: Responses
        kind: answer
        prompt: Which status code says a new resource was created?
        choices: [200 OK, 201 Created, 204 No Content]
        answer: b
        hints: [It is not 200.]
        explanation: 201 Created (RFC 9110, section 15.3.2).
      - id: health
        lesson: Headers
        kind: http
        prompt: Add `GET /health` answering 200 with `{"status":"ok"}`.
        check:
          - request: GET /health
            status: 200
            json:
              - {pointer: /status, equals: ok}
        hints: [A GET route on /health.]
        solution: |
          ```python
          print("ok")
          ```
        explanation: Health checks answer fast and change nothing.
      - id: bodies
        lesson: Bodies
        kind: answer
        prompt: Which media type do RFC 9457 problem details use in JSON?
        accepted: [application/problem+json]
        hints: [It ends in +json.]
        explanation: RFC 9457 registers application/problem+json.
    """

    let fixture: ContentFixture
    let catalog: Catalog

    init() throws {
        fixture = try ContentFixture()
        try fixture.writeSkill("skill-a", title: "Skill A", exercises: Self.exercises)
        try fixture.write("Content/datasets/club/seed.sql", Self.seed)
        try fixture.write("Content/datasets/club/variant.sql", Self.variant)
        try fixture.writePath(skills: [["skill-a"], [], [], []], projects: [[], [], [], []])
        catalog = Catalog.load(from: fixture.root)
    }

    var set: ExerciseSet { get throws { try catalog.loadExercises("skill-a") } }
    var dataset: Dataset { get throws { try catalog.loadDataset("club") } }
}

@Suite("Grading SQL answers")
struct SQLGraderTests {
    let practice: PracticeFixture
    init() throws { practice = try PracticeFixture() }

    func grade(_ answer: String, _ number: Int) throws -> SQLGrader.Verdict {
        try SQLGrader.grade(answer, exercise: #require(try practice.set.exercise(numbered: number)), dataset: practice.dataset)
    }

    @Test("the reference passes; an equivalent query passes; numbers match within the tolerance")
    func right() throws {
        #expect(try grade("SELECT name, fee FROM members WHERE city = 'Oslo' ORDER BY name;", 1).correct)
        #expect(try grade("select m.name as NAME, m.fee + 0.004 as fee from members m where m.city in ('Oslo') order by 1", 1).correct)
    }

    @Test("each mistake gets a reason that names it", arguments: [
        ("SELECT name FROM members WHERE city = 'Oslo' ORDER BY name;", "1 column; the answer has 2 (name, fee)"),
        ("SELECT name, fee AS price FROM members WHERE city = 'Oslo' ORDER BY name;", "column 2 is named price"),
        ("SELECT name, fee FROM members WHERE city = 'Oslo' ORDER BY name DESC;", "not in the order the prompt asks for"),
        ("SELECT name, fee FROM members ORDER BY name;", "4 rows; the answer has 3. Not in the answer, for example: ('Kari', 120"),
        ("SELECT name, fee + 1 AS fee FROM members WHERE city = 'Oslo' ORDER BY name;", "3 rows differ"),
    ])
    func wrong(answer: String, reason: String) throws {
        let verdict = try grade(answer, 1)
        #expect(!verdict.correct)
        #expect(verdict.reason?.contains(reason) == true, "\(verdict.reason ?? "no reason")")
    }

    @Test("an answer that writes the seed's rows in by hand passes the visible data and fails the hidden variant")
    func hardCoded() throws {
        let answer = "SELECT * FROM (VALUES ('Anna', 90.5), ('Ola', 100.0), ('Per', 110.0)) AS t(name, fee);"
        let values = "SELECT column1 AS name, column2 AS fee FROM (VALUES ('Anna', 90.5), ('Ola', 100.0), ('Per', 110.0));"
        #expect(try grade(answer, 1).failure != nil)
        let verdict = try grade(values, 1)
        #expect(!verdict.correct)
        #expect(verdict.reason?.hasPrefix("right on the dataset you see, wrong on a hidden variant") == true)
    }

    @Test("an exercise that changes data is checked by the table afterwards")
    func state() throws {
        #expect(try grade("UPDATE members SET fee = fee + 10 WHERE joined < '2024-01-01';", 2).correct)
        #expect(try grade("UPDATE members SET fee = fee + 10 WHERE id IN (1, 3);", 2).reason?.contains("hidden variant") == true)
        let verdict = try grade("UPDATE members SET fee = fee + 10;", 2)
        #expect(verdict.reason?.contains("after your statements the check finds") == true || verdict.reason?.contains("differ") == true)
        #expect(try grade("SELEC 1;", 2).failure?.message.contains("syntax error") == true)
    }
}

@Suite("Exercises: open, check, hint, give up, review", .serialized)
struct PracticeCommandTests {
    let practice: PracticeFixture
    init() throws { practice = try PracticeFixture() }

    func tutor() throws -> TestTutor { try TestTutor(practice.catalog, clock: TestClock(), offersExercises: true) }

    @Test("the fixture lints clean; lint catches a reference that cannot tell the variant apart and a missing hint")
    func lint() throws {
        let mine = { (problem: ContentProblem) in problem.file.hasPrefix("Skills/skill-a") || problem.file.hasPrefix("Content/datasets") }
        #expect(Linter(root: practice.fixture.root).run().filter { $0.severity == .error && mine($0) }.isEmpty)
        try practice.fixture.write("Skills/skill-a/exercises.yml", PracticeFixture.exercises
            .replacingOccurrences(of: "SELECT name, fee FROM members WHERE city = 'Oslo' ORDER BY name;", with: "SELECT name, fee FROM members WHERE id = 2;")
            .replacingOccurrences(of: "        hints: [It ends in +json.]\n", with: ""))
        let problems = Linter(root: practice.fixture.root).run().map(\.message)
        #expect(problems.contains { $0.contains("same result on the hidden variant") })
        #expect(problems.contains { $0.contains("hints") || $0.contains("is required") })
    }

    @Test("a wrong answer counts an attempt and rates nothing; hints then a right answer solve it as Hard; the lesson is practised")
    func solve() throws {
        let tutor = try tutor()
        let opened = try tutor.run("/exercise skill-a 1")
        guard case .shown(let card) = try #require(opened.result as? ExerciseCommand.Result) else { Issue.record("not shown"); return }
        #expect(card.tables == ["members"])
        #expect(opened.question?.label == "sql")
        let wrong = try #require(try tutor.run("/check --answer 'SELECT name FROM members;'").result as? CheckResult)
        #expect(!wrong.correct && wrong.attempts == 1 && wrong.rating == nil)
        #expect(try tutor.store.card(ExercisePractice.item(try #require(try practice.set.exercise(numbered: 1))), for: try tutor.context.learner().1) == nil)
        let hint = try #require(try tutor.run("/hint").result as? HintCommand.Result)
        #expect(hint.hints == ["Filter on city."])
        #expect(throws: CommandError.self) { try tutor.run("/solution") }
        let right = try #require(try tutor.run("/check --answer \"SELECT name, fee FROM members WHERE city = 'Oslo' ORDER BY name;\"").result as? CheckResult)
        #expect(right.correct && right.rating == .hard)
        #expect(right.next?.contains("exercise skill-a 2") == true)
        #expect(try tutor.run("/solution").result is ExerciseSolution)
        let report = try #require(try tutor.run("/progress").result as? ProgressCommand.Result).report
        #expect(report.lessonsPractised.done == 1 && report.exercisesSolved == 1 && report.hintsUsed == 1)
    }

    @Test("/check with no answer grades the last one again; an answer exercise takes letters and refuses a letter with no choice")
    func answers() throws {
        let tutor = try tutor()
        _ = try tutor.run("/exercise skill-a 3")
        let invalid = try #require(try tutor.run("/check --answer z").result as? CheckResult)
        #expect(invalid.notAnAnswer != nil && invalid.attempts == 0)
        #expect(try #require(try tutor.run("/check --answer a").result as? CheckResult).correct == false)
        #expect(try #require(try tutor.run("/check").result as? CheckResult).attempts == 2)
        let right = try #require(try tutor.run("/check --answer B").result as? CheckResult)
        #expect(right.correct && right.rightAnswer == "b) 201 Created")
    }

    @Test("giving up asks first, shows the solution, rates Again, and the card comes back in review")
    func giveUp() throws {
        let tutor = try tutor()
        _ = try tutor.run("/exercise skill-a 5")
        let asked = try tutor.run("/giveup")
        let question = try #require(asked.question)
        guard case .run(let confirmed) = try question.resolve("yes", in: tutor.context) else { Issue.record("not confirmed"); return }
        let solution = try #require(try confirmed.reply(in: tutor.context).result as? GiveUpCommand.Result)
        guard case .solution(let shown) = solution else { Issue.record("no solution"); return }
        #expect(shown.gaveUp && shown.rightAnswer == "application/problem+json")
        tutor.clock.advance(minutes: 60 * 24 * 3)
        let review = try #require(try tutor.run("/review").result as? ReviewCommand.Result)
        guard case .session(let reply, _, _) = review else { Issue.record("nothing due"); return }
        #expect(reply.step.session.currentQuestion?.id == "bodies")
    }

    @Test("a solved sql exercise that falls due is listed by review to do again at its prompt")
    func reviewSQL() throws {
        let tutor = try tutor()
        _ = try tutor.run("/check skill-a 2 --answer \"UPDATE members SET fee = fee + 10 WHERE joined < '2024-01-01';\"")
        tutor.clock.advance(minutes: 60 * 24 * 60)
        let review = try #require(try tutor.run("/review").result as? ReviewCommand.Result)
        guard case .nothingDue(_, let leftOut, _, _, let exercises) = review else { Issue.record("unexpected \(review)"); return }
        #expect(leftOut == 0 && exercises == ["/exercise skill-a 2"])
    }

    @Test("/next offers the open lesson's exercise once, then goes on; --skip-exercises turns the offer off")
    func next() throws {
        let tutor = try tutor()
        _ = try tutor.run("/learn backend --stack python")
        let page = tutor.text(try tutor.run("/goto skill-a 1"), width: 100)
        #expect(page.contains("/next: this lesson's exercise, then 2. Responses"), "the footer says what /next does: \(page.suffix(200))")
        let first = try #require(try tutor.run("/next").result as? NextCommand.Result)
        guard case .exercise(let card, _) = first else { Issue.record("no exercise offered: \(first)"); return }
        #expect(card.number == 1)
        let secondReply = try tutor.run("/next")
        guard case .opened = try #require(secondReply.result as? NextCommand.Result) else { Issue.record("did not go on"); return }
        #expect(tutor.text(secondReply, width: 100).contains("/next: this lesson's exercise, then 3. Headers"))
        guard case .opened = try #require(try tutor.run("/next --skip-exercises").result as? NextCommand.Result) else { Issue.record("offered"); return }
        guard case .opened = try #require(try tutor.run("/next").result as? NextCommand.Result) else { Issue.record("offered after skip"); return }
    }

    @Test("an http exercise passes against the reference server and fails against a broken one, which is stopped after")
    func http() throws {
        guard let python = CurriculumTests.tool("python3") else { return }
        let server = Golden.fixtures.appendingPathComponent("exercises/server.py").path
        let tutor = try tutor()
        let passed = try #require(try tutor.run("/check skill-a 4 --timeout 2 --run 'EXERCISE=skill-a/health \(python.path) \(server)'").result as? CheckResult)
        #expect(passed.correct, "\(passed.outcomes)")
        let failed = try #require(try tutor.run("/check skill-a 4 --timeout 2 --run 'BROKEN=1 EXERCISE=skill-a/health \(python.path) \(server)'").result as? CheckResult)
        #expect(!failed.correct)
        #expect(failed.outcomes.first?.reason?.isEmpty == false)
        #expect(throws: CommandError.self) { try tutor.run("/check skill-a 4 --answer x") }
    }

    @Test("export and import keep exercise states and their cards")
    func exportImport() throws {
        let tutor = try tutor()
        _ = try tutor.run("/hint skill-a 3")
        _ = try tutor.run("/check skill-a 3 --answer b")
        let export = try tutor.store.export(now: tutor.clock.now)
        let other = try ProgressStore.inMemory()
        try export.validate(ProgressExport.Rules(skills: ["skill-a": 4], projects: [:], now: tutor.clock.now))
        _ = try other.merge(export)
        let profile = try #require(try other.existingProfile(named: GlobalSettings.defaultProfile))
        let states = try other.exerciseStates(for: profile)
        #expect(states["skill-a/created"]?.solved == true && states["skill-a/created"]?.hints == 1)
        #expect(try other.card(QuizItem(skill: "skill-a", questionId: "exercise/created"), for: profile) != nil)
    }
}

/// Every exercise of the curriculum can be solved, and a wrong answer fails it.
@Suite("The curriculum's exercises")
struct CurriculumExerciseTests {
    static let catalog = Catalog.load(from: CurriculumTests.root)
    static let skills = catalog.skillSlugs.filter { catalog.hasExercises($0) }
    /// The skills with two or more exercises per lesson.
    static let practised = ["sql-databases", "database-design", "postgresql-advanced", "http-fundamentals", "rest-api-design", "rest-best-practices"]

    @Test("every skill has exercises; the SQL, database and HTTP/REST skills have two or more per lesson")
    func counts() throws {
        #expect(Self.skills.count == Self.catalog.skills.count, "no exercises: \(Self.catalog.skillSlugs.filter { !Self.catalog.hasExercises($0) })")
        for slug in Self.practised where Self.catalog.hasExercises(slug) {
            let set = try Self.catalog.loadExercises(slug)
            let lessons = Self.catalog.metadata(slug)?.lessons.count ?? 0
            for lesson in 1...max(lessons, 1) {
                #expect(set.after(lesson: lesson).count >= 2, "\(slug) lesson \(lesson) has \(set.after(lesson: lesson).count) exercises")
            }
        }
    }

    @Test("each sql exercise's reference passes its own check on the dataset and the hidden variant", arguments: skills)
    func sql(slug: String) throws {
        let set = try Self.catalog.loadExercises(slug)
        guard let name = set.dataset else { return }
        let dataset = try Self.catalog.loadDataset(name)
        for exercise in set.exercises where exercise.kind == .sql {
            let verdict = try SQLGrader.grade(try #require(exercise.solution), exercise: exercise, dataset: dataset)
            #expect(verdict.correct, "\(exercise.key): \(verdict.reason ?? verdict.failure?.message ?? "")")
            // Nothing at all is never an answer.
            #expect(try !SQLGrader.grade("SELECT 1 WHERE 0;", exercise: exercise, dataset: dataset).correct, "\(exercise.key) accepts an empty result")
        }
    }

    @Test("each http exercise's check passes against the reference server and fails against one that answers 200 {}", arguments: skills)
    func http(slug: String) throws {
        let exercises = try Self.catalog.loadExercises(slug).exercises.filter { $0.kind == .http }
        guard !exercises.isEmpty, let python = CurriculumTests.tool("python3") else { return }
        let server = Golden.fixtures.appendingPathComponent("exercises/server.py").path
        // Each exercise runs its own server on its own port: eight at a time, as they mostly wait.
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 8
        for exercise in exercises {
            for broken in [false, true] {
                queue.addOperation { Self.run(exercise, broken: broken, python: python.path, server: server) }
            }
        }
        queue.waitUntilAllOperationsAreFinished()
    }

    /// Runs one exercise's check against the reference server (every step must pass) or the
    /// broken one (a step must fail: the first failure is enough).
    static func run(_ exercise: Exercise, broken: Bool, python: String, server: String) {
        guard let port = ServerProcess.freePort() else { Issue.record("no free port"); return }
        let client = HTTPClient(host: "127.0.0.1", port: port, timeout: 3)
        var environment = ProcessInfo.processInfo.environment
        environment["EXERCISE"] = exercise.key
        environment["BROKEN"] = broken ? "1" : "0"
        let process = ServerProcess(command: "\(python) \(server)", port: port, directory: FileManager.default.temporaryDirectory,
                                    environment: environment, startupTimeout: 30, client: client)
        defer { process.stop() }
        if let problem = process.start() {
            Issue.record("\(exercise.key): the reference server did not start: \(problem) \(process.lastLines().suffix(3))")
            return
        }
        let verifier = Verifier(project: exercise.checkProject, client: client)
        if broken {
            let failed = verifier.project.criteria.enumerated().contains { index, criterion in verifier.check(criterion, number: index + 1).result == .failed }
            #expect(failed, "\(exercise.key): a server answering 200 {} to everything passes its check")
        } else {
            let failures = verifier.verify(all: true).filter { $0.result != .passed }
            #expect(failures.isEmpty, "\(exercise.key): \(failures.map { "\($0.request): \($0.reason ?? "") expected \($0.expected ?? "") got \($0.got ?? "")" })")
        }
    }
}
