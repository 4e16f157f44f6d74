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
            #expect(Array(standing.items) == engine.items.map { engine.status($0.key, in: statuses) })
            for skill in engine.skills { #expect(standing.skills[skill] == engine.status(.skill(skill), in: statuses)) }
            for level in Level.allCases {
                let items = engine.items.filter { $0.level == level }.map { engine.status($0.key, in: statuses) }
                let progress = engine.progress(of: level, in: standing)
                #expect(progress.total == items.count && progress.done == items.filter { $0 == .done }.count
                        && progress.known == items.filter { $0 == .known }.count && progress.skipped == items.filter { $0 == .skipped }.count)
            }
        }
    }

    /// The per-item ways the stretch-based engine and report replace, over `engine.items` made one by one.
    struct Plain {
        let engine: PathEngine
        let items: [PathEngine.Item]
        let statuses: PathEngine.Statuses
        let each: [ItemStatus]

        init(_ engine: PathEngine, _ statuses: PathEngine.Statuses) {
            self.engine = engine
            items = Array(engine.items)
            self.statuses = statuses
            each = items.map { engine.status($0.key, in: statuses) }
        }

        func next(after current: ItemKey?) -> ItemKey? {
            if case .lesson(let skill, let number)? = current {
                for (item, status) in zip(items, each) {
                    if case .lesson(skill, let n) = item.key, n > number, !status.isSettled { return item.key }
                }
            }
            var firstOpen: ItemKey?
            for (item, status) in zip(items, each) where !status.isSettled && item.key != current {
                if engine.prerequisitesMet(item.key, in: statuses) { return item.key }
                if firstOpen == nil { firstOpen = item.key }
            }
            return firstOpen
        }

        var remainingHours: Double {
            zip(items, each).filter { !$0.1.isSettled }.reduce(0) { $0 + $1.0.hours }
        }
    }

    /// A store with a random mix of a learner's doings on `engine`'s path: lessons finished one by
    /// one (some reset afterwards), skipped, opened; skills marked known or skipped whole; projects
    /// done; exercises solved after some lessons.
    static func randomLearner(_ engine: PathEngine, using generator: inout SystemRandomNumberGenerator) throws -> (ProgressStore, Profile) {
        let store = try ProgressStore.inMemory()
        let profile = try store.profile(named: "default", now: Date(timeIntervalSince1970: 1_780_000_000))
        var now = Date(timeIntervalSince1970: 1_780_000_000)
        // A third of the skills have no lesson touched, so that some stand whole on their own status.
        let untouched = Set(engine.skills.filter { _ in Int.random(in: 0..<3, using: &generator) == 0 })
        for item in engine.items {
            if case .lesson(let skill, _) = item.key, untouched.contains(skill) { continue }
            now.addTimeInterval(Double(Int.random(in: 60...900, using: &generator)))
            switch Int.random(in: 0..<8, using: &generator) {
            case 0, 1, 2: try store.set([item.key], to: .done, event: .finished, for: profile, now: now)
            case 3: try store.set([item.key], to: .skipped, event: .skipped, for: profile, now: now)
            case 4: try store.open(item.key, for: profile, now: now)
            case 5:
                try store.set([item.key], to: .done, event: .finished, for: profile, now: now)
                try store.set([item.key], to: .notStarted, event: .reset, for: profile, now: now.addingTimeInterval(5))
            default: break
            }
            if case .lesson(let skill, let number) = item.key, Int.random(in: 0..<4, using: &generator) == 0 {
                let exercise = Exercise(id: "e\(number)", skill: skill, number: number, lesson: "L", lessonNumber: number, kind: .answer, prompt: "",
                                        hints: [], solution: nil, explanation: "", sql: nil, check: [], question: nil)
                let when = now
                try store.updateExercise(exercise, for: profile) { $0.solvedAt = Bool.random() ? when : nil }
            }
        }
        for skill in engine.skills where Int.random(in: 0..<3, using: &generator) == 0 {
            try store.set([.skill(skill)], to: [.known, .skipped, .done, .inProgress].randomElement(using: &generator)!, event: .known, for: profile, now: now)
        }
        return (store, profile)
    }

    @Test("the path's stretches give what its items one by one give: next, hours left, level progress and the report's counts, over random learners, a skill placed in two levels included")
    func stretchesAsPlain() throws {
        let fixture = try ContentFixture.smallPath()
        try fixture.writePath(skills: [["skill-b", "skill-a"], ["skill-c", "skill-a"], ["skill-d"], ["skill-e"]],
                              projects: [["proj-1"], ["proj-2"], ["proj-3"], ["proj-4"]])
        let twice = Catalog.load(from: fixture.root)
        let engines = [engine, PathEngine(path: try #require(twice.paths["backend"]), catalog: twice, stack: .python)]
        #expect(engines[1].items.filter { $0.key == .lesson(skill: "skill-a", number: 1) }.count == 2)
        var generator = SystemRandomNumberGenerator()
        let calendar = Calendar(identifier: .gregorian)
        for engine in engines {
            let items = Array(engine.items)
            #expect(items.count == engine.items.count && engine.items.indices.allSatisfy { engine.items[$0] == items[$0] })
            for item in items {
                #expect(engine.index(of: item.key) == items.firstIndex { $0.key == item.key } && engine.item(item.key) == items.first { $0.key == item.key })
            }
            for key in [ItemKey.lesson(skill: "skill-a", number: 9), .lesson(skill: "nope", number: 1), .skill("skill-a"), .project("nope")] {
                #expect(engine.index(of: key) == nil)
            }
            for _ in 0..<40 {
                let (store, profile) = try Self.randomLearner(engine, using: &generator)
                let statuses = try store.statuses(for: profile)
                let plain = Plain(engine, statuses)
                let standing = engine.standing(statuses)
                #expect(Array(standing.items) == plain.each)
                let currents: [ItemKey?] = [nil, .lesson(skill: "skill-a", number: 99), .lesson(skill: "skill-b", number: 0), .skill("skill-a")] + items.map(\.key)
                for current in currents {
                    #expect(engine.next(after: current, in: standing)?.key == plain.next(after: current), "\(String(describing: current))")
                }
                #expect(engine.remainingHours(in: standing) == plain.remainingHours)
                let now = Date(timeIntervalSince1970: 1_780_000_000 + 86_400 * 3)
                let report = try ProgressReport(engine: engine, store: store, profile: profile, mastery: [:], now: now, days: LocalDays(calendar: calendar))
                for area in Area.allCases {
                    let lessons = zip(items, plain.each).filter {
                        if case .lesson(let skill, _) = $0.0.key { return engine.catalog.metadata(skill)?.area == area }
                        return false
                    }
                    let counted = try #require(report.areas.first { $0.area == area })
                    #expect(counted.lessons == lessons.count && counted.lessonsDone == lessons.filter { $0.1.isDone }.count)
                }
                let projects = zip(items, plain.each).filter { if case .project = $0.0.key { return true }; return false }
                #expect(report.projects == .init(done: projects.filter { $0.1.isDone }.count, total: projects.count))
                let events = try store.events(for: profile)
                let finished = Set(events.filter { $0.kind == .finished }.map(\.item))
                let solved = Set(try store.exerciseStates(for: profile).values.filter(\.solved).map { ItemKey.lesson(skill: $0.skill, number: $0.lesson) })
                #expect(report.lessonsPractised.done == items.filter { solved.contains($0.key) }.count)
                let oneByOne = zip(items, plain.each).filter {
                    if case .lesson = $0.0.key { return $0.1 == .done && finished.contains(.item($0.0.key)) }
                    return false
                }
                let activity = ActivitySummary(events: events, answers: [], now: now, days: LocalDays(calendar: calendar),
                                               finishedLessonHours: oneByOne.reduce(0) { $0 + $1.0.hours }, finishedLessons: oneByOne.count)
                #expect(report.pace == activity.pace)
                #expect(report.remainingHours == Int((plain.remainingHours * (activity.pace ?? 1)).rounded()))
            }
        }
    }

    @Test("a workspace's contexts share the path engines made for its catalog: each stack's is made once")
    func enginesShared() throws {
        let engines = PathEngines()
        var context = CommandContext(mode: .shell, catalog: engine.catalog, stack: .python)
        context.engines = engines
        var other = context
        other.stack = .go
        let python = try context.engine(), again = try context.engine(), go = try other.engine()
        #expect(python.skills == engine.skills && again.skills == engine.skills)
        #expect(go.skills.contains("skill-go") && !python.skills.contains("skill-go"))
        #expect(try context.engine(stack: .go).skills == go.skills)
        #expect(engines.count == 2)
        // Without a workspace's engines, each question makes its own.
        #expect(try CommandContext(mode: .shell, catalog: engine.catalog, stack: .go).engine().skills == go.skills)
        #expect(engines.count == 2)
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
