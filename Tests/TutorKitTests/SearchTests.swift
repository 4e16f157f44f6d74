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

    @Test("an index is marked with the content its catalog was read from, so content changed before it was built is indexed again")
    func indexMarkedWithCatalog() throws {
        let fixture = try ContentFixture.smallPath()
        let folder = try TemporaryFolder()
        let (cache, _) = ContentCache.open(directory: folder.url, root: fixture.root, build: BuildIdentity("test"))
        let old = cache.catalog(root: fixture.root).catalog
        #expect(old.contentHash != nil)
        try fixture.writeSkill("skill-a", title: "Skill A", lessons: [("Quokkas", "Quokkas are marsupials.")])
        #expect(try cache.ensureIndex(old), "built from the catalog loaded before the change")
        let new = cache.catalog(root: fixture.root)
        #expect(new.rebuilt && new.catalog.contentHash != old.contentHash)
        #expect(!cache.indexIsFresh(root: fixture.root), "the index holds the content as it was")
        #expect(try cache.ensureIndex(new.catalog))
        #expect(cache.indexIsFresh(root: fixture.root))
        #expect(try cache.search("quokkas").first?.target == .lesson(skill: "skill-a", number: 1))
        #expect(try !cache.ensureIndex(Catalog.empty(root: fixture.root)), "a search whose index was found fresh builds nothing")
    }

    @Test("a corrupt cache database is made anew with a one-line notice; a deleted cache is simply rebuilt")
    func corruptCache() throws {
        let fixture = try ContentFixture.smallPath()
        let folder = try TemporaryFolder()
        _ = ContentCache.open(directory: folder.url, root: fixture.root, build: BuildIdentity("test")).0.catalog(root: fixture.root)
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).first { $0.hasSuffix(".sqlite") })
        try Data("not a database at all".utf8).write(to: folder.url.appendingPathComponent(file))
        let (cache, notice) = ContentCache.open(directory: folder.url, root: fixture.root, build: BuildIdentity("test"))
        #expect(notice?.contains("rebuilt") == true)
        #expect(cache.url != nil)
        #expect(!cache.catalog(root: fixture.root).rebuilt, "the catalog's snapshot is a file of its own, still whole")
        try cache.ensureIndex(cache.catalog(root: fixture.root).catalog)
        #expect(cache.indexIsFresh(root: fixture.root))
        try FileManager.default.removeItem(at: folder.url)
        let (fresh, _) = ContentCache.open(directory: folder.url, root: fixture.root, build: BuildIdentity("test"))
        #expect(!fresh.indexIsFresh(root: fixture.root))
        let rebuilt = fresh.catalog(root: fixture.root)
        #expect(rebuilt.rebuilt && rebuilt.catalog.skillSlugs.count == 6)
    }

    @Test("the catalog snapshot is a file of its own: taking and reading it opens no database")
    func snapshotFile() throws {
        let fixture = try ContentFixture.smallPath()
        let folder = try TemporaryFolder()
        let taken = CatalogSnapshot(directory: folder.url.appendingPathComponent("cache"), root: fixture.root, build: BuildIdentity("test")).catalog(root: fixture.root)
        #expect(taken.rebuilt && taken.notice == nil)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("cache").path)
        #expect(names.contains { $0.hasPrefix("catalog-") && $0.hasSuffix(".snapshot") })
        #expect(!names.contains { $0.hasSuffix(".sqlite") }, "\(names)")
        let snapshot = CatalogSnapshot(directory: folder.url.appendingPathComponent("cache"), root: fixture.root, build: BuildIdentity("test"))
        let read = snapshot.catalog(root: fixture.root)
        #expect(!read.rebuilt)
        #expect(read.catalog.skills == Catalog.load(from: fixture.root).skills)
        #expect(read.catalog.paths == Catalog.load(from: fixture.root).paths)
        #expect(CatalogSnapshot(directory: folder.url.appendingPathComponent("cache"), root: fixture.root, build: BuildIdentity("other")).catalog(root: fixture.root).rebuilt,
                "another build takes it anew")
    }

    /// A small curriculum, a cache folder, and the snapshot taken of the one in the other.
    func takenSnapshot() throws -> (ContentFixture, TemporaryFolder, CatalogSnapshot) {
        let fixture = try ContentFixture.smallPath()
        let folder = try TemporaryFolder()
        let snapshot = CatalogSnapshot(directory: folder.url, root: fixture.root, build: BuildIdentity("test"))
        #expect(snapshot.catalog(root: fixture.root).rebuilt)
        return (fixture, folder, snapshot)
    }

    @Test("a snapshot file cut short, grown, overwritten or with a part missing is taken anew from the files, and read again next time")
    func damagedSnapshot() throws {
        let (fixture, folder, snapshot) = try takenSnapshot()
        let url = try #require(snapshot.url)
        let whole = try Data(contentsOf: url)
        let files = Catalog.load(from: fixture.root)
        var damaged: [Data] = [Data(), Data("not a snapshot".utf8), whole + Data([0]), Data(repeating: 0xFF, count: whole.count)]
        for cut in [1, CatalogSnapshot.magic.count, CatalogSnapshot.magic.count + 3, whole.count / 3, whole.count / 2, whole.count - 1] { damaged.append(whole.prefix(cut)) }
        let partless = CatalogSnapshot.encode(listing: "l", contentHash: "h", factsListing: "f", parts: try CatalogSnapshot.parts(of: files).filter { $0.0 != .skills })
        damaged.append(Data(partless))
        #expect(CatalogSnapshot.Stored(partless) == nil)
        for bytes in damaged {
            try bytes.write(to: url)
            let loaded = snapshot.catalog(root: fixture.root)
            #expect(loaded.rebuilt && loaded.notice == nil, "\(bytes.count) bytes")
            #expect(loaded.catalog.skills == files.skills)
            let again = try #require(CatalogSnapshot.Stored(Array(try Data(contentsOf: url))), "written whole again")
            let first = try #require(CatalogSnapshot.Stored(Array(whole)))
            // The JSON parts' objects may list their keys in another order.
            for part in [CatalogSnapshot.Part.core, .skills, .facts] { #expect(again.part(part) == first.part(part), "\(part)") }
            let decoded = try #require(again.catalog(root: fixture.root))
            #expect(decoded.projects == files.projects.map(\.withoutCriteria) && decoded.comparisons == files.comparisons && decoded.checklists == files.checklists)
            #expect(!snapshot.catalog(root: fixture.root).rebuilt)
        }
        // Parts that read as a snapshot but whose skills no longer decode are taken anew too.
        var parts = try CatalogSnapshot.parts(of: files)
        parts[parts.firstIndex { $0.0 == .skills }!].1 = Data([200])
        let stored = try #require(CatalogSnapshot.Stored(CatalogSnapshot.encode(listing: "l", contentHash: "h", factsListing: "f", parts: parts)))
        #expect(stored.catalog(root: fixture.root) == nil)
        withExtendedLifetime(folder) {}
    }

    @Test("a snapshot reached through a symbolic link is not read, and what the link points to is never written")
    func linkedSnapshot() throws {
        let (fixture, folder, snapshot) = try takenSnapshot()
        let url = try #require(snapshot.url)
        let target = folder.url.appendingPathComponent("elsewhere")
        try FileManager.default.moveItem(at: url, to: target)
        let before = try Data(contentsOf: target)
        try FileManager.default.createSymbolicLink(at: url, withDestinationURL: target)
        #expect(snapshot.catalog(root: fixture.root).rebuilt, "the file behind the link is not trusted")
        #expect(try Data(contentsOf: target) == before)
        #expect(!PrivateFiles.isSymbolicLink(url.path), "the link was replaced by the snapshot itself")
        #expect(!snapshot.catalog(root: fixture.root).rebuilt)
    }

    @Test("a snapshot that cannot be written says so in one line and the catalog still loads from the files")
    func unwritableSnapshot() throws {
        let fixture = try ContentFixture.smallPath()
        let folder = try TemporaryFolder()
        // A file where the cache folder should be: no user, root included, can write under it.
        let blocked = folder.url.appendingPathComponent("cache")
        try Data().write(to: blocked)
        let snapshot = CatalogSnapshot(directory: blocked, root: fixture.root, build: BuildIdentity("test"))
        for _ in 0..<2 {
            let loaded = snapshot.catalog(root: fixture.root)
            #expect(loaded.rebuilt)
            #expect(loaded.notice?.hasSuffix("this run keeps it in memory") == true, "\(loaded.notice ?? "")")
            #expect(loaded.catalog.skills == Catalog.load(from: fixture.root).skills)
        }
        #expect(try Data(contentsOf: blocked).isEmpty)
    }

    @Test("a command that needs only the catalog opens no cache database; search and open add it to the same workspace")
    func workspaceCache() throws {
        let fixture = try ContentFixture.smallPath()
        let folder = try TemporaryFolder()
        let environment = TutorEnvironment(variables: ["HOME": folder.url.path, "XDG_CACHE_HOME": folder.url.appendingPathComponent("cache").path,
                                                       "XDG_DATA_HOME": folder.url.appendingPathComponent("data").path],
                                           workingDirectory: folder.url, executable: nil)
        let loader = ContextLoader(environment: environment)
        let settings = GlobalSettings(contentDirectory: fixture.root.path)
        var warnings: [String] = []
        let learner = try loader.workspace(for: .learner, settings: settings) { warnings.append($0) }
        #expect(learner.cache == nil && learner.store != nil && !learner.catalog.skills.isEmpty)
        let cacheFolder = environment.cacheDirectory
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path).filter { $0.hasSuffix(".sqlite") }.isEmpty)
        let searching = try loader.workspace(for: Needs(.index, .none), settings: settings, reusing: learner) { warnings.append($0) }
        #expect(searching.cache != nil && searching.store === learner.store && searching.catalog.skills == learner.catalog.skills,
                "the catalog and the store are kept; only the cache is opened")
        #expect(searching.widens(learner) && !learner.widens(searching) && !searching.widens(searching))
        // The widened workspace keeps the catalog, so its contexts keep the path engines made for it;
        // a workspace loaded afresh starts its own.
        let shared = loader.context(for: .learner, settings: settings, mode: .repl, in: learner).engines
        #expect(shared === learner.engines && loader.context(for: .learner, settings: settings, mode: .repl, in: searching).engines === shared)
        var replaced = learner
        replaced.catalog = Catalog.load(from: fixture.root)
        #expect(replaced.engines !== learner.engines, "a catalog put in place gets engines of its own")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cacheFolder.path).contains { $0.hasSuffix(".sqlite") })
        let opening = try loader.workspace(for: OpenCommand().needs, settings: settings, reusing: searching) { warnings.append($0) }
        #expect(opening.cache === searching.cache)
        let fresh = try loader.workspace(for: OpenCommand().needs, settings: settings) { warnings.append($0) }
        #expect(fresh.cache != nil && fresh.catalog.skills == learner.catalog.skills && fresh.engines !== learner.engines)
        #expect(warnings.isEmpty, "\(warnings)")
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
