import Foundation
import Testing
@testable import TutorKit

/// A curriculum in a temporary folder, written file by file by the test that needs it.
final class ContentFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-fixture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Skills"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// A skill that passes every lint rule unless `frontMatter`, `lessons` or `quiz` say otherwise.
    func writeSkill(
        _ slug: String,
        title: String? = nil,
        area: String = "api-design",
        level: String = "beginner",
        prerequisites: [String] = [],
        frontMatter: String? = nil,
        lessons: [(String, String)]? = nil,
        tail: String = ContentFixture.tail,
        quiz: String? = nil,
        exercises: String? = nil
    ) throws {
        let matter = frontMatter ?? """
        title: \(title ?? "Skill \(slug)")
        area: \(area)
        level: \(level)
        prerequisites: [\(prerequisites.joined(separator: ", "))]
        hours: 6
        summary: A skill for tests.
        tags: [testing]
        """
        let lessons = lessons ?? ContentFixture.lessons
        let body = lessons.map { "## \($0.0)\n\n\($0.1)" }.joined(separator: "\n\n")
        try write("Skills/\(slug)/SKILL.md", "---\n\(matter)\n---\n\nAn introduction.\n\n\(body)\n\n\(tail)")
        try write("Skills/\(slug)/quiz.yml", quiz ?? ContentFixture.quiz(lesson: lessons[0].0))
        try write("Skills/\(slug)/exercises.yml", exercises ?? ContentFixture.exercises(lessons: lessons.map(\.0)))
    }

    /// One answer exercise per lesson: what every skill needs to lint clean.
    static func exercises(lessons: [String]) -> String {
        "exercises:\n" + lessons.enumerated().map { index, lesson in
            """
              - id: status-\(index + 1)
                lesson: \(lesson)
                kind: answer
                prompt: Which status code says a new resource was created?
                accepted: ["201", 201 Created]
                hints: [It is a 2xx code.]
                explanation: 201 Created means the request created one or more resources (RFC 9110).

            """
        }.joined()
    }

    static let tail = """
    ## Exercises

    Run `curl -i http://127.0.0.1:8080/health`; done when it prints `HTTP/1.1 200 OK`.

    ## Sources

    - RFC 9110, HTTP Semantics: https://www.rfc-editor.org/rfc/rfc9110
    """

    /// Four lessons of 320 words each: enough for the 1,200-word rule.
    static let lessons: [(String, String)] = ["Requests", "Responses", "Headers", "Bodies"].map { name in
        let sentence = "A client sends a request and the server answers with a status code and headers. "
        return (name, String(repeating: sentence, count: 20) + "\n\n```sql\nCREATE TABLE t (id INTEGER PRIMARY KEY);\nINSERT INTO t VALUES (1);\n```\n")
    }

    static func quiz(lesson: String, count: Int = 10) -> String {
        var text = "questions:\n"
        for i in 0..<count {
            switch i % 4 {
            case 0:
                text += "  - id: q\(i)\n    kind: single\n    lesson: \(lesson)\n    prompt: Which code means created?\n    choices: [200 OK, 201 Created]\n    answer: b\n    explanation: 201 means created.\n"
            case 1:
                text += "  - id: q\(i)\n    kind: multiple\n    lesson: \(lesson)\n    prompt: Which methods are safe?\n    choices: [GET, POST, HEAD]\n    answer: [a, c]\n    explanation: GET and HEAD are safe.\n"
            case 2:
                text += "  - id: q\(i)\n    kind: truefalse\n    lesson: \(lesson)\n    prompt: PUT is idempotent.\n    answer: true\n    explanation: Repeating it changes nothing more.\n"
            default:
                text += "  - id: q\(i)\n    kind: short\n    lesson: \(lesson)\n    prompt: Name the media type of problem details.\n    answer: [application/problem+json]\n    explanation: RFC 9457 defines it.\n"
            }
        }
        return text
    }
}

extension ContentFixture {
    /// A path over the given skills and projects, one list per level (beginner first).
    func writePath(skills: [[String]], projects: [[String]]) throws {
        var text = "---\ntitle: Backend development\nsummary: A test path.\nlevels:\n"
        for (index, level) in Level.allCases.enumerated() {
            text += "  - id: \(level.rawValue)\n    title: \(level.title)\n    months: '\(index)'\n    goal: Goal \(index).\n    topics: [topic]\n"
            text += "    skills: [\(skills[index].joined(separator: ", "))]\n    projects: [\(projects[index].joined(separator: ", "))]\n"
        }
        text += "---\n\nThe path.\n"
        try write("Content/paths/backend.md", text)
    }

    func writeProject(_ slug: String, level: String, skills: [String], hours: Int = 10) throws {
        try write("Content/projects/\(slug).md", """
        ---
        title: Project \(slug)
        level: \(level)
        skills: [\(skills.joined(separator: ", "))]
        hours: \(hours)
        summary: A project.
        milestones:
          - title: One
            done_when: It works.
        stretch: [More]
        ---

        Build it.
        """)
    }

    /// Two beginner skills (b depends on a), one intermediate (c), and a project per level.
    static func smallPath() throws -> ContentFixture {
        let fixture = try ContentFixture()
        try fixture.writeSkill("skill-b", title: "Skill B", prerequisites: ["skill-a"])
        try fixture.writeSkill("skill-a", title: "Skill A")
        try fixture.writeSkill("skill-c", title: "Skill C", level: "intermediate", prerequisites: ["skill-b"])
        try fixture.writeSkill("skill-d", title: "Skill D", level: "advanced")
        try fixture.writeSkill("skill-e", title: "Skill E", level: "expert")
        try fixture.writeSkill("skill-go", title: "Skill Go", frontMatter: "title: Skill Go\narea: runtimes\nlevel: beginner\nstack: go\nprerequisites: []\nhours: 6\nsummary: Go only.\ntags: [go]")
        for (slug, level) in [("proj-1", "beginner"), ("proj-2", "intermediate"), ("proj-3", "advanced"), ("proj-4", "expert")] {
            try fixture.writeProject(slug, level: level, skills: ["skill-a"])
        }
        // The path lists b before a: the engine must put the prerequisite first.
        try fixture.writePath(skills: [["skill-b", "skill-a", "skill-go"], ["skill-c"], ["skill-d"], ["skill-e"]], projects: [["proj-1"], ["proj-2"], ["proj-3"], ["proj-4"]])
        return fixture
    }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: String = "2026-03-02T09:00:00Z") {
        current = ISO8601DateFormatter().date(from: start)!
    }

    var now: Date { lock.withLock { current } }

    func advance(minutes: Double) {
        lock.withLock { current = current.addingTimeInterval(minutes * 60) }
    }
}

/// Runs commands as the REPL does, through the grammar, against a catalog, an in-memory store,
/// the test's clock, no interval fuzzing and a fixed random source.
struct TestTutor {
    let catalog: Catalog
    let store: ProgressStore
    let clock: TestClock
    var mode: Mode = .repl
    var cache: ContentCache?
    var profileName = GlobalSettings.defaultProfile
    /// Where commands that start programs run them.
    var workingDirectory = FileManager.default.temporaryDirectory

    /// `offersExercises`: whether `/next` offers a lesson's exercise before moving on. Off by
    /// default, so tests of the path walk it lesson by lesson; the practice tests turn it on.
    init(_ catalog: Catalog, clock: TestClock, mode: Mode = .repl, cache: ContentCache? = nil, offersExercises: Bool = false) throws {
        self.catalog = catalog
        store = try ProgressStore.inMemory()
        self.clock = clock
        self.mode = mode
        self.cache = cache
        if !offersExercises {
            let profile = try store.profile(named: profileName, now: clock.now)
            try store.setSetting(.skipExercises, "yes", for: profile)
        }
    }

    /// The context a command runs in; the stack is read from the store each time, as the REPL does.
    var context: CommandContext {
        let stack = (try? store.existingProfile(named: profileName))??.stack
        return CommandContext(mode: mode, catalog: catalog, store: store, profileName: profileName, stack: stack, cache: cache,
                              clock: { [clock] in clock.now }, days: LocalDays(calendar: Calendar(identifier: .gregorian)),
                              scheduler: FSRSScheduler(fuzzing: false), random: { 0.5 }, workingDirectory: workingDirectory)
    }

    /// Parses a line as the REPL would and runs the command.
    func run(_ line: String) throws -> Reply {
        guard case .run(let command)? = try CommandParser.parse(line: line) else { throw CommandError.usage("'\(line)' runs no command") }
        return try command.reply(in: context)
    }

    /// Answers a question: the reply it leads to, or nil when the answer cancels.
    func answer(_ question: Question, _ line: String, elapsed: Double? = nil) throws -> Reply? {
        switch try question.resolve(line, elapsed: elapsed, in: context) {
        case .cancelled: return nil
        case .reply(let reply): return reply
        case .run(let command): return try command.reply(in: context)
        }
    }

    /// A reply as a terminal without colour shows it.
    func text(_ reply: Reply, width: Int = 100) -> String {
        TerminalRenderer(options: RenderOptions(width: width)).render(Output(reply.result.blocks(in: ViewContext(mode: mode))))
    }

    /// A reply as `--json` prints it.
    func json(_ reply: Reply) throws -> Data { Data(try Presenter.json(reply.result).utf8) }

    var profile: Profile {
        get throws { try store.profile(named: profileName, now: clock.now) }
    }

    func statuses() throws -> PathEngine.Statuses { try store.statuses(for: try profile) }

    func progressReport() throws -> ProgressReport {
        let reply = try run("/progress")
        return try #require(reply.result as? ProgressCommand.Result).report
    }
}

/// Item keys written as the store writes them, `"lesson:skill-a/1"`, to keep tests readable.
extension ItemKey: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = ItemKey(value)!
    }
}

extension EventSubject: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = EventSubject(value)!
    }
}
