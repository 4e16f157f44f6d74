import Foundation
import Testing
@testable import TutorKit

@Suite("Projects, compare and practices through the commands")
struct ProjectsCompareTests {
    static let catalog = Catalog.load(from: CurriculumTests.root)
    let clock = TestClock()
    let tutor: TestTutor

    init() throws {
        tutor = try TestTutor(Self.catalog, clock: clock)
    }

    func run(_ line: String) throws -> Reply { try tutor.run(line) }

    func text(_ reply: Reply, width: Int = 100) -> String { tutor.text(reply, width: width) }

    func table(_ names: [String]) throws -> ComparisonTable {
        ComparisonTable(try names.map { try #require(Self.catalog.comparison($0)) })
    }

    func message(_ line: String) -> String? {
        do {
            _ = try run(line)
            return nil
        } catch {
            return ErrorReport.message(of: error, in: .repl)
        }
    }

    // MARK: - compare

    @Test("compare node python renders as its golden file", arguments: [120, 80, 40])
    func compareGolden(width: Int) throws {
        try Golden.check(text(try run("/compare node python"), width: width), named: "compare-node-python.\(width).txt")
    }

    @Test("no rendered line is wider than the screen", arguments: [120, 80, 40])
    func compareFits(width: Int) throws {
        for names in [["node", "python", "java", "go"], ["kafka", "rabbitmq", "nats"], ["postgresql", "mongodb"], ["rest", "graphql", "grpc"]] {
            for line in text(try run("/compare " + names.joined(separator: " ")), width: width).split(separator: "\n") {
                #expect(TextWidth.of(line) <= width, "\(names) at \(width): \(line)")
            }
        }
    }

    @Test("one row per attribute, one column per name, and the sources under the table")
    func compareTable() throws {
        let table = try self.table(["kafka", "rabbitmq", "nats"])
        #expect(table.category == .messageBroker)
        #expect(table.columns.map(\.slug) == ["kafka", "rabbitmq", "nats"])
        #expect(table.rows.map(\.attribute) == Self.catalog.comparison("kafka")!.attributes.map(\.name))
        #expect(table.rows.allSatisfy { $0.values.count == 3 })
        #expect(!table.sources.isEmpty)
        let rendered = text(try run("/compare kafka rabbitmq nats"))
        #expect(rendered.contains("Sources"))
        #expect(rendered.contains("[kafka-docs]"))
    }

    @Test("--diff hides the rows where every column agrees")
    func diff() throws {
        let all = try table(["postgresql", "mysql"])
        let shown = try JSONDecoder().decode(ComparisonTable.self, from: try tutor.json(try run("/compare postgresql mysql --diff --json")))
        #expect(shown.rows.count == all.rows.filter { !$0.same }.count)
        #expect(shown.rows.allSatisfy { !$0.same })
    }

    @Test("names of different kinds, unknown names and wrong counts are clear errors")
    func compareErrors() {
        #expect(message("/compare node kafka")?.hasPrefix("node is a stack, kafka is a message broker: compare things of one kind") == true)
        #expect(message("/compare node pyton")?.contains("did you mean python") == true)
        for line in ["/compare node", "/compare node node", "/compare node python java go rust"] {
            #expect(throws: CommandError.self, "\(line)") { try run(line) }
        }
    }

    @Test("compare alone lists what can be compared, by category")
    func compareList() throws {
        let rendered = text(try run("/compare"))
        for heading in ["Stacks", "Databases", "Caches", "API styles", "Message brokers", "Authentication methods", "Container platforms", "CI systems", "Observability tools"] {
            #expect(rendered.contains(heading), "\(heading)")
        }
        #expect(rendered.firstRange(of: "Stacks")!.lowerBound < rendered.firstRange(of: "Databases")!.lowerBound)
    }

    // MARK: - projects

    @Test("projects lists every project by level, the learner's level first")
    func projectList() throws {
        let rendered = text(try run("/projects"))
        #expect(rendered.contains("Beginner (0-3 months) · your level"))
        #expect(rendered.contains("todo-api — Todo API"))
        let beginner = try #require(rendered.range(of: "Beginner (0-3")).lowerBound
        let expert = try #require(rendered.range(of: "Expert (12+")).lowerBound
        #expect(beginner < expert)
        let intermediate = text(try run("/projects intermediate"))
        #expect(intermediate.contains("ecommerce-api"))
        #expect(!intermediate.contains("todo-api"))
        let projects = try JSONDecoder().decode([ProjectsCommand.Summary].self, from: try tutor.json(try run("/projects --json")))
        #expect(projects.count == Self.catalog.projects.count)
        #expect(projects.count >= 20)
    }

    @Test("a project shows its skills with the learner's status, milestones, criteria and stretch goals")
    func projectDetail() throws {
        let rendered = text(try run("/projects todo-api"))
        #expect(rendered.contains("Project: Todo API"))
        #expect(rendered.contains("not done yet: `/learn http-fundamentals` teaches it"))
        #expect(rendered.contains("Milestones"))
        #expect(rendered.contains("Acceptance criteria"))
        #expect(rendered.contains("`POST /todos` sending `{\"title\": \"Buy milk {run}\"}` → 201"), "\(rendered)")
        #expect(rendered.contains("Stretch goals"))
        #expect(throws: CommandError.self) { try run("/projects todo-apy") }
    }

    @Test("start, check and undo milestones; the last one finishes the project")
    func milestones() throws {
        let project = try #require(Self.catalog.project("todo-api"))
        _ = try run("/projects start todo-api")
        var summary = try JSONDecoder().decode([ProjectsCommand.Summary].self, from: try tutor.json(try run("/projects beginner --json"))).first { $0.slug == "todo-api" }
        #expect(summary?.status == .inProgress)
        for n in 1..<project.milestones.count { _ = try run("/projects check todo-api \(n)") }
        _ = try run("/projects check todo-api 1 --undo")
        _ = try run("/projects check todo-api \(project.milestones.count)")
        summary = try JSONDecoder().decode([ProjectsCommand.Summary].self, from: try tutor.json(try run("/projects beginner --json"))).first { $0.slug == "todo-api" }
        #expect(summary?.status == .inProgress)
        #expect(summary?.milestonesDone == project.milestones.count - 1)
        let last = text(try run("/projects check todo-api 1"))
        #expect(last.contains("and with it Todo API"))
        #expect(try tutor.progressReport().projects.done == 1)
        #expect(throws: CommandError.self) { try run("/projects check todo-api 99") }
    }

    // MARK: - practices

    @Test("practices lists the five checklists and shows one with why and how")
    func practices() throws {
        let list = text(try run("/practices"))
        for slug in ["api-design", "database", "security", "testing", "performance"] { #expect(list.contains(slug)) }
        let security = text(try run("/practices security"))
        #expect(security.contains("Security checklist"))
        #expect(security.components(separatedBy: "\nWhy\n").count - 1 >= 6)
        #expect(security.components(separatedBy: "\nHow\n").count - 1 >= 6)
        #expect(message("/practices securty")?.contains("did you mean security") == true)
    }
}
