import Foundation
import Testing
@testable import TutorKit

@Suite("Path engine")
struct PathEngineTests {
    let fixture: ContentFixture
    let engine: PathEngine

    init() throws {
        fixture = try ContentFixture.smallPath()
        let catalog = Catalog.load(from: fixture.root)
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        engine = PathEngine(path: try #require(catalog.paths["backend"]), catalog: catalog, stack: .python)
    }

    @Test("another stack's language skill is left out of the path; with no stack, every skill is in")
    func stackSkills() throws {
        #expect(!engine.skills.contains("skill-go"))
        let all = PathEngine(path: engine.path, catalog: engine.catalog)
        #expect(all.skills.contains("skill-go"))
        let go = PathEngine(path: engine.path, catalog: engine.catalog, stack: .go)
        #expect(go.skills.contains("skill-go"))
        #expect(go.items.filter { $0.level == .beginner }.count == 13)
    }

    @Test("items run by level, then the path's order, with prerequisites first")
    func order() {
        #expect(engine.skills == ["skill-a", "skill-b", "skill-c", "skill-d", "skill-e"])
        let keys = engine.items.map(\.key.text)
        #expect(Array(keys.prefix(9)) == ["lesson:skill-a/1", "lesson:skill-a/2", "lesson:skill-a/3", "lesson:skill-a/4",
                                          "lesson:skill-b/1", "lesson:skill-b/2", "lesson:skill-b/3", "lesson:skill-b/4", "project:proj-1"])
        #expect(engine.items.filter { $0.level == .beginner }.count == 9)
        #expect(engine.items.last?.key == .project("proj-4"))
    }

    @Test("next continues the current skill, then takes the first item whose prerequisites are met")
    func next() {
        var statuses: PathEngine.Statuses = [:]
        #expect(engine.next(after: nil, in: statuses)?.key == .lesson(skill: "skill-a", number: 1))
        statuses["lesson:skill-a/1"] = .done
        #expect(engine.next(after: .lesson(skill: "skill-a", number: 1), in: statuses)?.key == .lesson(skill: "skill-a", number: 2))
        // Jumping into skill C (which needs B) continues C even though its prerequisite is not met.
        #expect(engine.next(after: .lesson(skill: "skill-c", number: 1), in: statuses)?.key == .lesson(skill: "skill-c", number: 2))
        // At the end of a skill the path resumes at the first open item whose prerequisites are met.
        for n in 1...4 { statuses[.lesson(skill: "skill-c", number: n)] = .done }
        #expect(engine.next(after: .lesson(skill: "skill-c", number: 4), in: statuses)?.key == .lesson(skill: "skill-a", number: 2))
    }

    @Test("prerequisites advise: a skill's missing ones are named, never enforced")
    func prerequisitesAdvise() {
        var statuses: PathEngine.Statuses = [:]
        #expect(engine.missingPrerequisites(.lesson(skill: "skill-b", number: 1), in: statuses) == ["skill-a"])
        statuses["skill:skill-a"] = .skipped
        #expect(engine.prerequisitesMet(.lesson(skill: "skill-b", number: 1), in: statuses))
    }

    @Test("a skill is done when its lessons are; a level is complete when everything is settled")
    func completion() {
        var statuses: PathEngine.Statuses = [:]
        #expect(engine.currentLevel(in: statuses) == .beginner)
        for n in 1...4 { statuses[.lesson(skill: "skill-a", number: n)] = .done }
        #expect(engine.status(.skill("skill-a"), in: statuses) == .done)
        #expect(engine.status(.skill("skill-b"), in: statuses) == .notStarted)
        statuses["lesson:skill-b/1"] = .inProgress
        #expect(engine.status(.skill("skill-b"), in: statuses) == .inProgress)
        statuses["skill:skill-b"] = .skipped
        statuses["project:proj-1"] = .done
        let beginner = engine.progress(of: .beginner, in: statuses)
        #expect(beginner.total == 9)
        #expect(beginner.done == 5)
        #expect(beginner.skipped == 4)
        #expect(beginner.isComplete)
        #expect(engine.currentLevel(in: statuses) == .intermediate)
    }

    @Test("the one-pass standing gives every item and skill the status status(_:in:) gives it, over many mixes of stored statuses")
    func standingAgrees() {
        var generator = SystemRandomNumberGenerator()
        let keys = engine.items.map(\.key) + engine.skills.map { ItemKey.skill($0) }
        for _ in 0..<300 {
            var statuses: PathEngine.Statuses = [:]
            for key in keys where Int.random(in: 0..<3, using: &generator) > 0 {
                statuses[key] = ItemStatus.allCases.randomElement(using: &generator)
            }
            // Rows for lessons on no path: past a skill's last lesson, numbered 0 or absurdly, of no skill.
            for key in [ItemKey.lesson(skill: "skill-a", number: 5), .lesson(skill: "skill-a", number: 0), .lesson(skill: "skill-b", number: Int.max),
                        .lesson(skill: "skill-b", number: -3), .lesson(skill: "no-such-skill", number: 1)] where Bool.random(using: &generator) {
                statuses[key] = ItemStatus.allCases.randomElement(using: &generator)
            }
            let standing = engine.standing(statuses)
            #expect(standing.items == engine.items.map { engine.status($0.key, in: statuses) })
            for skill in engine.skills { #expect(standing.skills[skill] == engine.status(.skill(skill), in: statuses)) }
            for level in Level.allCases {
                let items = engine.items.filter { $0.level == level }.map { engine.status($0.key, in: statuses) }
                let progress = engine.progress(of: level, in: standing)
                #expect(progress.total == items.count && progress.done == items.filter { $0 == .done }.count
                        && progress.known == items.filter { $0 == .known }.count && progress.skipped == items.filter { $0 == .skipped }.count)
            }
        }
    }

    @Test("remaining hours count what is not settled, scaled by pace")
    func remainingHours() {
        // Five skills of 6 hours and four projects of 10.
        #expect(engine.remainingHours(in: [:]) == 70)
        var statuses: PathEngine.Statuses = [:]
        for n in 1...4 { statuses[.lesson(skill: "skill-a", number: n)] = .done }
        #expect(engine.remainingHours(in: statuses) == 64)
        #expect(engine.remainingHours(in: statuses, pace: 1.5) == 96)
    }

    @Test("a prerequisite cycle keeps the path's order instead of looping")
    func cycle() throws {
        let fixture = try ContentFixture()
        try fixture.writeSkill("loop-a", prerequisites: ["loop-b"])
        try fixture.writeSkill("loop-b", prerequisites: ["loop-a"])
        let catalog = Catalog.load(from: fixture.root)
        #expect(Set(PathEngine.prerequisitesFirst(["loop-a", "loop-b"], catalog: catalog)) == ["loop-a", "loop-b"])
    }

    @Test("prerequisites-first order by positions is the order the plain way by slugs gives, cycles, repeats and unknown slugs included")
    func prerequisitesFirstAsPlain() {
        // The plain way: sets of slugs.
        func plain(_ slugs: [String], _ catalog: Catalog) -> [String] {
            let inList = Set(slugs)
            var placed: [String] = [], isPlaced: Set<String> = [], visiting: Set<String> = []
            func place(_ slug: String) {
                guard !isPlaced.contains(slug), !visiting.contains(slug) else { return }
                visiting.insert(slug)
                for prerequisite in catalog.metadata(slug)?.prerequisites ?? [] where inList.contains(prerequisite) { place(prerequisite) }
                visiting.remove(slug)
                placed.append(slug)
                isPlaced.insert(slug)
            }
            slugs.forEach(place)
            return placed
        }
        var generator = SystemRandomNumberGenerator()
        let names = (0..<10).map { "s\($0)" }
        for _ in 0..<300 {
            let skills = names.map { slug in
                SkillMetadata(slug: slug, title: slug, area: .apiDesign, level: .beginner,
                              prerequisites: (0..<Int.random(in: 0...3, using: &generator)).map { _ in Bool.random(using: &generator) ? "gone" : names.randomElement(using: &generator)! },
                              stack: nil, hours: 1, summary: "", tags: [], lessons: ["One"])
            }
            let catalog = Catalog(root: URL(fileURLWithPath: "/nonexistent"), metadata: skills)
            let slugs = (0..<Int.random(in: 0...12, using: &generator)).map { _ in Int.random(in: 0...10, using: &generator) == 10 ? "unknown" : names.randomElement(using: &generator)! }
            #expect(PathEngine.prerequisitesFirst(slugs, catalog: catalog) == plain(slugs, catalog), "\(slugs)")
        }
    }

    @Test("a level's weeks follow from its hours: lessons on the path and two projects, at 10 to 15 hours a week")
    func weeks() throws {
        // Beginner for a python learner: skills a and b, 6 h each, and one 10-hour project.
        #expect(engine.studyHours(of: .beginner) == 22...22)
        #expect(PathEngine.weeks(for: engine.studyHours(of: .beginner)) == 2...3)
        #expect(PathEngine.weeks(for: 150...300) == 10...30)
        #expect(PathEngine.weeks(for: 0...1) == 1...1)
        let fixture = try ContentFixture.smallPath()
        try fixture.writeProject("proj-long", level: "beginner", skills: ["skill-a"], hours: 40)
        try fixture.writeProject("proj-short", level: "beginner", skills: ["skill-a"], hours: 4)
        try fixture.writePath(skills: [["skill-b", "skill-a", "skill-go"], ["skill-c"], ["skill-d"], ["skill-e"]],
                              projects: [["proj-1", "proj-long", "proj-short"], ["proj-2"], ["proj-3"], ["proj-4"]])
        let catalog = Catalog.load(from: fixture.root)
        let three = PathEngine(path: try #require(catalog.paths["backend"]), catalog: catalog, stack: .go)
        let expected: ClosedRange<Double> = 32...68
        #expect(three.studyHours(of: .beginner) == expected, "skills a, b and go (18 h), with the two shortest (4 + 10) or the two longest projects (10 + 40)")
    }

    @Test("the path states no weeks of its own: they are computed")
    func noStatedWeeks() throws {
        let text = try String(contentsOf: CurriculumTests.root.appendingPathComponent("Content/paths/backend.md"), encoding: .utf8)
        #expect(!text.contains("weeks:"))
    }
}
