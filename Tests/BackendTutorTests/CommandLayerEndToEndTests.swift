import Foundation
import GRDB
import Testing

@Suite("one command, one place: options, errors and exit statuses as a learner meets them")
struct CommandLayerEndToEndTests {
    let tutor: BinaryRunner

    init() throws { tutor = try BinaryRunner() }

    var home: URL { tutor.home }

    func path(_ name: String) -> String { home.appendingPathComponent(name).path }

    func stack(in database: String, profile: String) throws -> String? {
        let queue = try DatabaseQueue(path: database)
        return try queue.read { try String.fetchOne($0, sql: "SELECT stack FROM profile WHERE name = ?", arguments: [profile]) }
    }

    @Test("--profile and --db on a REPL line apply to that line, never silently ignored")
    func replLineOptions() throws {
        let main = path("main.sqlite"), other = path("other.sqlite")
        let script = """
        /learn backend --stack go --from beginner
        /stack python --profile ada
        /progress --json --profile ada
        /learn backend --stack rust --from beginner --db \(other)
        /progress --json
        """
        let result = try tutor.run(["--db", main], stdin: Data((script + "\n").utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try stack(in: main, profile: "default") == "go")
        #expect(try stack(in: main, profile: "ada") == "python", "--profile on a line is that line's profile")
        #expect(try stack(in: other, profile: "default") == "rust", "--db on a line writes that database")
        #expect(result.stdout.contains(#""profile" : "ada""#))
        #expect(result.stdout.contains(#""stack" : "python""#))
        #expect(result.stdout.components(separatedBy: #""stack" : "go""#).count == 2, "the last line is back on the session's own database and profile")
    }

    @Test("--content on a REPL line reads that curriculum for that line")
    func replLineContent() throws {
        let root = home.appendingPathComponent("other-curriculum")
        let skill = root.appendingPathComponent("Skills/only-skill")
        try FileManager.default.createDirectory(at: skill, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
        let lessons = (1...4).map { "## Lesson \($0)\n\n" + String(repeating: "Text of the lesson. ", count: 70) }.joined(separator: "\n\n")
        try "---\ntitle: Only skill\narea: databases\nlevel: beginner\nprerequisites: []\nhours: 2\nsummary: The one skill here.\ntags: [x]\n---\n\n\(lessons)\n\n## Exercises\n\nDo it.\n\n## Sources\n\n- https://example.com\n"
            .write(to: skill.appendingPathComponent("SKILL.md"), atomically: true, encoding: .utf8)
        let result = try tutor.run([], stdin: Data("/skill --json --content \(root.path)\n/skill --json\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let lists = result.stdout.components(separatedBy: "\n]\n").filter { !$0.isEmpty }
        #expect(lists.count == 2)
        #expect(lists[0].contains("only-skill") && !lists[0].contains("rest-api-design"))
        #expect(lists[1].contains("rest-api-design") && !lists[1].contains("only-skill"))
    }

    @Test("a curriculum without its path is a content problem: status 65, not an I/O error")
    func contentProblemStatus() throws {
        let root = home.appendingPathComponent("no-path")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Skills"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
        let result = try tutor.run(["progress", "--content", root.path, "--db", path("p.sqlite")])
        #expect(result.status == 65)
        #expect(result.stderr.contains("Content/paths/backend.md: the backend path is missing or broken; run 'backend-tutor lint'"))
    }

    @Test("a skill whose quiz file is gone says so with status 65")
    func missingQuiz() throws {
        let root = home.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: BinaryRunner.repository.appendingPathComponent("Skills"), to: root.appendingPathComponent("Skills"))
        try FileManager.default.copyItem(at: BinaryRunner.repository.appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("Skills/sql-databases/quiz.yml"))
        let result = try tutor.run(["quiz", "sql-databases", "--content", root.path, "--db", path("p.sqlite")])
        #expect(result.status == 65)
        #expect(result.stderr.contains("Skills/sql-databases/quiz.yml"))
    }
}
