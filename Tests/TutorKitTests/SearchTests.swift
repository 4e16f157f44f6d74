import Foundation
import Testing
@testable import TutorKit

@Suite("Search and the content cache")
struct SearchTests {
    @Test("any input becomes a safe FTS5 query of quoted words, the last a prefix")
    func queries() {
        #expect(ContentCache.ftsQuery("idempotent retries") == #""idempotent" "retries"*"#)
        #expect(ContentCache.ftsQuery(#"say "hello" AND (world OR NEAR(x y)) * -z"#) == #""say" "hello" "AND" "world" "OR" "NEAR" "x" "y" "z"*"#)
        #expect(ContentCache.ftsQuery("über café 日本") == #""über" "café" "日本"*"#)
        #expect(ContentCache.ftsQuery("((( *** \"\"") == nil)
        #expect(ContentCache.ftsQuery("") == nil)
    }

    func indexedFixture() throws -> (ContentFixture, Catalog, ContentCache) {
        let fixture = try ContentFixture.smallPath()
        var lessons = ContentFixture.lessons
        lessons[0] = ("Retries with backoff", lessons[0].1 + "\n\nA client retries a request when the network fails.")
        lessons[1].1 += "\n\nThe word backoff appears once in this body."
        try fixture.writeSkill("skill-x", title: "Skill X", lessons: lessons)
        let catalog = Catalog.load(from: fixture.root)
        let cache = ContentCache.inMemory()
        try cache.ensureIndex(catalog)
        return (fixture, catalog, cache)
    }

    @Test("stems match, the last word matches as a prefix, and headings outrank body text")
    func ranking() throws {
        let (_, _, cache) = try indexedFixture()
        let retry = try cache.search("retry")
        #expect(retry.first?.target == .lesson(skill: "skill-x", number: 1), "porter stemming: retry finds retries")
        let prefix = try cache.search("backof")
        #expect(prefix.first?.location == "Skill X › 1. Retries with backoff", "the heading match ranks first")
        let body = try #require(prefix.first { $0.target == .lesson(skill: "skill-x", number: 2) })
        #expect(body.snippet.contains(ContentCache.startMark + "backoff" + ContentCache.endMark))
        #expect(try cache.search("zzzzqqq").isEmpty)
        for odd in [#"" OR "#, "NEAR(", "a*b", "(((", "'; DROP TABLE doc; --", "über"] {
            _ = try cache.search(odd)
        }
    }

    @Test("every kind of content is searchable: lessons, quizzes, projects, stacks, practices")
    func kinds() throws {
        let catalog = Catalog.load(from: CurriculumTests.root)
        let cache = ContentCache.inMemory()
        try cache.ensureIndex(catalog)
        #expect(try cache.search("problem details").contains { $0.target.kind == "lesson" })
        #expect(try cache.search("shortener").contains { $0.target.kind == "project" })
        #expect(try cache.search("goroutines").contains { $0.target.kind == "stack" })
        #expect(try cache.search("kafka partitions").contains { $0.target.kind == "technology" })
        #expect(try cache.search("secrets management").contains { $0.target.kind == "practice" })
        #expect(try cache.search("Location header 201").contains { $0.target.kind == "quiz" })
        #expect(try cache.search("idempotent retries").count == 10)
    }

    @Test("/open N opens result N of the last search")
    func open() throws {
        // The fixture's files stay until the test ends: `/open` reads the lesson from its file.
        let (fixture, catalog, cache) = try indexedFixture()
        defer { withExtendedLifetime(fixture) {} }
        let tutor = try TestTutor(catalog, clock: TestClock(), cache: cache)
        #expect(tutor.text(try tutor.run("/search retry"), width: 80).contains("Skill X › 1. Retries with backoff"))
        #expect(tutor.text(try tutor.run("/open 1"), width: 80).hasPrefix("1. Retries with backoff"))
        #expect(throws: CommandError.self) { try tutor.run("/open 99") }
    }

    @Test("/open only looks: the bookmark and the lesson's status stay as they were")
    func openDoesNotMoveTheBookmark() throws {
        // The fixture's files stay until the test ends: `/open` reads the lesson from its file.
        let (fixture, catalog, cache) = try indexedFixture()
        defer { withExtendedLifetime(fixture) {} }
        let tutor = try TestTutor(catalog, clock: TestClock(), cache: cache)
        _ = try tutor.run("/stack go")
        #expect(try tutor.profile.currentItem == nil)
        _ = try tutor.run("/search retry")
        let shown = tutor.text(try tutor.run("/open 1"), width: 80)
        #expect(shown.contains("Your place on the path did not move"))
        #expect(try tutor.profile.currentItem == nil)
        #expect(try tutor.statuses().isEmpty)
    }

    @Test("projects come from the snapshot without criteria, which load from the file for one project")
    func snapshotProjects() throws {
        let folder = try TemporaryFolder()
        let root = CurriculumTests.root
        let (cache, _) = ContentCache.open(directory: folder.url, root: root, build: BuildIdentity("test"))
        _ = cache.catalog(root: root)
        let cached = cache.catalog(root: root)
        #expect(!cached.rebuilt)
        let full = try #require(Catalog.load(from: root).project("todo-api"))
        #expect(cached.catalog.project("todo-api")?.criteria.isEmpty == true, "the snapshot every command decodes leaves criteria out")
        #expect(try cached.catalog.loadProject("todo-api") == full, "criteria load from the file when asked for")
        let tutor = try TestTutor(cached.catalog, clock: TestClock())
        #expect(tutor.text(try tutor.run("/projects todo-api")).contains("Acceptance criteria"))
    }

    @Test("the catalog snapshot is reused until the content changes; touching a file is not a change")
    func snapshot() throws {
        let fixture = try ContentFixture.smallPath()
        let folder = try TemporaryFolder()
        let (cache, notice) = ContentCache.open(directory: folder.url, root: fixture.root, build: BuildIdentity("test"))
        #expect(notice == nil)
        #expect(cache.catalog(root: fixture.root).rebuilt)
        let loaded = cache.catalog(root: fixture.root)
        #expect(!loaded.rebuilt)
        let again = loaded.catalog
        #expect(again.skillSlugs == Catalog.load(from: fixture.root).skillSlugs)
        #expect(try again.loadSkill("skill-a").lessons.count == 4, "lessons load from the file when asked for")
        // Same bytes, new modification time: confirmed unchanged by the content hash.
        let file = fixture.root.appendingPathComponent("Skills/skill-a/SKILL.md")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: file.path)
        #expect(!cache.catalog(root: fixture.root).rebuilt)
        try fixture.writeSkill("skill-a", title: "Skill A, renamed")
        let reloaded = cache.catalog(root: fixture.root)
        #expect(reloaded.rebuilt)
        #expect(reloaded.catalog.metadata("skill-a")?.title == "Skill A, renamed")
    }

    @Test("a snapshot written by another build is never trusted")
    func otherBuild() throws {
        let fixture = try ContentFixture.smallPath()
        let folder = try TemporaryFolder()
        let old = ContentCache.open(directory: folder.url, root: fixture.root, build: BuildIdentity("0.1.0/1000/1.0")).0
        #expect(old.catalog(root: fixture.root).rebuilt)
        #expect(!old.catalog(root: fixture.root).rebuilt)
        try old.ensureIndex(old.catalog(root: fixture.root).catalog)
        #expect(old.indexIsFresh(root: fixture.root))
        let new = ContentCache.open(directory: folder.url, root: fixture.root, build: BuildIdentity("0.1.0/1000/2.0")).0
        #expect(!new.indexIsFresh(root: fixture.root), "the index of another build is stale")
        #expect(new.catalog(root: fixture.root).rebuilt, "so is its snapshot, though the content is the same")
        #expect(try new.ensureIndex(new.catalog(root: fixture.root).catalog), "and the index is built anew")
    }

    @Test("a corrupt cache is made anew with a one-line notice; a deleted one is simply rebuilt")
    func corruptCache() throws {
        let fixture = try ContentFixture.smallPath()
        let folder = try TemporaryFolder()
        _ = ContentCache.open(directory: folder.url, root: fixture.root, build: BuildIdentity("test")).0.catalog(root: fixture.root)
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).first { $0.hasSuffix(".sqlite") })
        try Data("not a database at all".utf8).write(to: folder.url.appendingPathComponent(file))
        let (cache, notice) = ContentCache.open(directory: folder.url, root: fixture.root, build: BuildIdentity("test"))
        #expect(notice?.contains("rebuilt") == true)
        #expect(cache.catalog(root: fixture.root).rebuilt)
        try FileManager.default.removeItem(at: folder.url)
        let (fresh, _) = ContentCache.open(directory: folder.url, root: fixture.root, build: BuildIdentity("test"))
        #expect(fresh.catalog(root: fixture.root).catalog.skillSlugs.count == 6)
    }

    @Test("the benchmark's synthetic corpus loads, indexes and searches correctly")
    func syntheticCorpus() throws {
        let folder = try TemporaryFolder()
        let lessons = try SyntheticCurriculum.write(to: folder.url, skills: 12, lessons: 20)
        #expect(lessons == 240)
        let catalog = Catalog.load(from: folder.url)
        #expect(catalog.problems.isEmpty, "\(catalog.problems.prefix(3))")
        #expect(catalog.skills.count == 12)
        #expect(catalog.skills.allSatisfy { $0.lessons.count == 20 })
        #expect(catalog.paths["backend"]?.levels.count == 4)
        let cache = ContentCache.inMemory()
        try cache.ensureIndex(catalog)
        let rare = try cache.search(SyntheticCurriculum.rareTerm)
        #expect(rare.count == 1)
        #expect(rare.first?.target == .lesson(skill: "synthetic-skill-0006", number: 11))
        #expect(try cache.search(SyntheticCurriculum.commonTerm).count == 10)
        #expect(PathEngine(path: try #require(catalog.paths["backend"]), catalog: catalog).items.filter { if case .lesson = $0.key { return true }; return false }.count == 240)
    }
}
