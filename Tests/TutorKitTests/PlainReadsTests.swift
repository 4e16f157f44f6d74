import Foundation
import GRDB
import Testing
@testable import TutorKit

/// Reads through the plain SQLite connection against the same reads through GRDB alone.
@Suite("Plain reads")
struct PlainReadsTests {
    let clock = TestClock()

    /// The file at `url` read through a GRDB queue only, as every read was before.
    func grdbOnly(_ url: URL) throws -> ProgressStore {
        ProgressStore(writer: try DatabaseQueue(path: url.path), url: url)
    }

    /// A sound progress file made by the store itself, then filled by `fill` with SQL.
    func file(in folder: TemporaryFolder, _ fill: (Database) throws -> Void = { _ in }) throws -> URL {
        let url = folder.file("progress-\(UUID().uuidString).sqlite")
        let (store, _) = try ProgressStore.open(at: url, now: clock.now)
        store.close()
        let queue = try DatabaseQueue(path: url.path)
        try queue.write(fill)
        try queue.close()
        return url
    }

    /// Every read the plain connection makes, as values that compare.
    func reads(_ store: ProgressStore, names: [String], at dates: [Date]) throws -> [String] {
        var seen: [String] = []
        for name in names {
            guard let profile = try store.existingProfile(named: name) else {
                seen.append("\(name): none")
                continue
            }
            seen.append("\(name): \(profile)")
            seen.append("reload \(try store.reload(profile))")
            seen.append("named \(try store.profile(named: name, now: clock.now))")
            seen.append("statuses \(try store.statuses(for: profile).sorted { $0.key.text < $1.key.text })")
            seen.append("events \(try store.events(for: profile))")
            seen.append("exercises \(try store.exerciseStates(for: profile).sorted { $0.key < $1.key })")
            seen.append("exercises of skill-1 \(try store.exerciseStates(skill: "skill-1", for: profile).sorted { $0.key < $1.key })")
            seen.append("log \(try store.reviewLog(for: profile))")
            seen.append("verified \(try store.verifiedCounts(for: profile).sorted { $0.key < $1.key })")
            for date in dates { seen.append("due at \(date.timeIntervalSince1970) \(try store.dueCards(for: profile, at: date))") }
            seen.append("answers \(try store.latestAnswers(for: profile).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.right.sorted()) \($0.value.answered.sorted())" })")
        }
        return seen
    }

    /// Rows as the tutor writes them: each column in the storage class its own writes give it.
    func randomLearners(_ db: Database, using generator: inout some RandomNumberGenerator) throws -> [String] {
        func date() -> DatabaseValue {
            Date(timeIntervalSince1970: 1_767_225_600 + Double(Int.random(in: 0..<(90 * 86_400_000), using: &generator)) / 1000).stored
        }
        func maybe<T: DatabaseValueConvertible>(_ value: @autoclosure () -> T) -> (any DatabaseValueConvertible)? {
            Bool.random(using: &generator) ? value() : nil
        }
        var names: [String] = []
        for number in 0..<Int.random(in: 1...3, using: &generator) {
            let name = number == 0 ? "default" : "learner \(number) ✓"
            names.append(name)
            try db.execute(sql: "INSERT INTO profile (name, stack, createdAt, currentItem, allStacks) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, maybe(Stack.allCases.randomElement(using: &generator)!.rawValue), date(),
                                       maybe("lesson:skill-\(Int.random(in: 0..<4, using: &generator))/2"), Bool.random(using: &generator)])
            let id = db.lastInsertedRowID
            for item in 0..<Int.random(in: 0..<30, using: &generator) {
                let key = item % 5 == 0 ? "project:project-\(item)" : "lesson:skill-\(item % 4)/\(item)"
                try db.execute(sql: "INSERT INTO itemStatus VALUES (?, ?, ?, ?)", arguments: [id, key, ItemStatus.allCases.randomElement(using: &generator)!.rawValue, date()])
                let kind = ["opened", "finished", "skipped", "reset", "known"].randomElement(using: &generator)!
                try db.execute(sql: "INSERT INTO event (profileId, at, kind, item, detail) VALUES (?, ?, ?, ?, ?)", arguments: [id, date(), kind, key, maybe("detail \(item)")])
            }
            try db.execute(sql: "INSERT INTO event (profileId, at, kind, item) VALUES (?, ?, 'known', 'level:intermediate'), (?, ?, 'stack', 'stack:go')",
                           arguments: [id, date(), id, date()])
            for exercise in 0..<Int.random(in: 0..<8, using: &generator) {
                try db.execute(sql: """
                    INSERT INTO exerciseState (profileId, skill, exerciseId, lesson, attempts, hints, lastAnswer, openedAt, solvedAt, gaveUpAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, "skill-\(exercise % 3)", "exercise-\(exercise)", exercise + 1, Int.random(in: 0..<5, using: &generator),
                                     Int.random(in: 0..<3, using: &generator), maybe("SELECT 'é' -- \(exercise)"), maybe(date()), maybe(date()), maybe(date())])
            }
            for question in 0..<Int.random(in: 0..<12, using: &generator) {
                let skill = "skill-\(question % 3)", questionId = question % 4 == 3 ? "exercise/q\(question)" : "q\(question % 6)"
                try db.execute(sql: """
                    INSERT OR REPLACE INTO card (profileId, skill, questionId, state, step, stability, difficulty, due, lastReview)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, skill, questionId, Int.random(in: 1...3, using: &generator), maybe(Int.random(in: 0..<3, using: &generator)),
                                     maybe(Double.random(in: 0.1..<40, using: &generator)), maybe(Double.random(in: 1..<10, using: &generator)), date(), maybe(date())])
                try db.execute(sql: """
                    INSERT INTO reviewLog (profileId, skill, questionId, rating, correct, reviewedAt, elapsedSeconds, source)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, skill, questionId, Int.random(in: 1...4, using: &generator), Bool.random(using: &generator), date(),
                                     maybe(Double.random(in: 0..<90, using: &generator)), ["quiz", "review"].randomElement(using: &generator)!])
            }
            for milestone in 0..<Int.random(in: 0..<5, using: &generator) {
                try db.execute(sql: "INSERT INTO verification VALUES (?, ?, ?, ?)", arguments: [id, "project-\(milestone % 2)", milestone, date()])
            }
        }
        return names
    }

    @Test("reads through the plain connection give what GRDB gives, over 30 random files of learners, and open no GRDB connection")
    func sameAsGRDB() throws {
        var generator = SystemRandomNumberGenerator()
        let folder = try TemporaryFolder()
        let dates = [Date(timeIntervalSince1970: 1_767_225_600), Date(timeIntervalSince1970: 1_767_225_600 + 45 * 86_400), Date(timeIntervalSince1970: 1_800_000_000)]
        for _ in 0..<30 {
            var names: [String] = []
            let url = try file(in: folder) { names = try randomLearners($0, using: &generator) }
            let (store, _) = try ProgressStore.open(at: url, now: clock.now)
            #expect(store.plain != nil)
            let expected = try reads(try grdbOnly(url), names: names + ["nobody"], at: dates)
            #expect(try reads(store, names: names + ["nobody"], at: dates) == expected)
            #expect(!store.grdbOpened, "every read was plain")
            store.close()
        }
    }

    @Test("a value stored in another form than the tutor's is read by GRDB, which gives the same value or the same error")
    func otherForms() throws {
        let folder = try TemporaryFolder()
        let insertLearner = """
            INSERT INTO profile (name, stack, createdAt, allStacks) VALUES ('default', 'go', '2026-01-02 10:00:00.000', 0);
            """
        let cases: [(String, String)] = [
            ("a date as seconds since 1970", "INSERT INTO event (profileId, at, kind, item) VALUES (1, 1767225600.25, 'finished', 'lesson:a/1')"),
            ("a date written another way", "INSERT INTO event (profileId, at, kind, item) VALUES (1, '2026-01-03 09:30', 'finished', 'lesson:a/1')"),
            ("a stack as a blob", "UPDATE profile SET stack = CAST('python' AS BLOB)"),
            ("a count as a fraction", "INSERT INTO exerciseState (profileId, skill, exerciseId, lesson, attempts) VALUES (1, 'a', 'e', 1, 2.5)"),
            ("an answer marked right in text", "INSERT INTO reviewLog (profileId, skill, questionId, rating, correct, reviewedAt, source) VALUES (1, 'a', 'q', 3, 'yes', '2026-01-02 10:00:00.000', 'quiz')"),
            ("a rating as a fraction", "INSERT INTO reviewLog (profileId, skill, questionId, rating, correct, reviewedAt, source) VALUES (1, 'a', 'q', 3.0000001, 1, '2026-01-02 10:00:00.000', 'quiz')"),
            ("an unknown status", "INSERT INTO itemStatus VALUES (1, 'lesson:a/1', 'half-done', '2026-01-02 10:00:00.000')"),
            ("an item that names nothing", "INSERT INTO itemStatus VALUES (1, 'chapter:a/1', 'done', '2026-01-02 10:00:00.000')"),
            ("a card due at a number of seconds", "INSERT INTO card (profileId, skill, questionId, state, due) VALUES (1, 'a', 'q', 2, 1767225600)"),
        ]
        for (name, sql) in cases {
            let url = try file(in: folder) { try $0.execute(sql: insertLearner + sql) }
            let (store, _) = try ProgressStore.open(at: url, now: clock.now)
            #expect(store.plain != nil, "\(name)")
            func outcome(_ store: ProgressStore) -> String {
                do { return try reads(store, names: ["default"], at: [Date(timeIntervalSince1970: 1_800_000_000)]).joined(separator: "\n") } catch { return "error: \(error)" }
            }
            let expected = outcome(try grdbOnly(url))
            #expect(outcome(store) == expected, "\(name)")
            #expect(store.grdbOpened, "\(name) was read by GRDB")
            store.close()
        }
    }

    @Test("only a sound file of this schema in WAL mode is read plainly; GRDB opens any other and does what it needs")
    func whenPlain() throws {
        let folder = try TemporaryFolder()
        func plain(_ url: URL) throws -> Bool {
            let (store, notices) = try ProgressStore.open(at: url, now: clock.now)
            defer { store.close() }
            #expect(notices.isEmpty)
            #expect(try store.profile(named: "default", now: clock.now).name == "default")
            return store.plain != nil
        }
        let new = folder.file("new.sqlite")
        #expect(try !plain(new), "a new file is made by GRDB")
        #expect(try plain(new), "and read plainly next time")

        let rollback = try file(in: folder) { _ in }
        try DatabaseQueue(path: rollback.path).writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = DELETE") }
        #expect(try !plain(rollback), "a file out of WAL mode")
        #expect(try plain(rollback), "is put back in it by GRDB")

        let old = folder.file("old.sqlite")
        do {
            let queue = try DatabaseQueue(path: old.path)
            try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA journal_mode = WAL") }
            try ProgressStore.migrator.migrate(queue, upTo: "v5: exercises and settings")
            // The version marker alone would not tell.
            try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = \(ProgressStore.schemaVersion)") }
            try queue.close()
        }
        #expect(try !plain(old), "a file missing a migration")
        #expect(try plain(old), "is migrated by GRDB")

        let version = try file(in: folder) { try $0.execute(sql: "PRAGMA user_version = 0") }
        #expect(try !plain(version), "a file whose version marker is behind")
        #expect(try plain(version), "has it set by GRDB")

        let leftover = try file(in: folder) { _ in }
        try Data(repeating: 7, count: 64).write(to: URL(fileURLWithPath: leftover.path + "-wal"))
        #expect(try !plain(leftover), "a file beside a write-ahead log a process left gets GRDB's full check")

        for (name, change) in [("a migration of a newer build", "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')"),
                               ("a newer version marker", "PRAGMA user_version = 99")] {
            let newer = try file(in: folder) { try $0.execute(sql: change) }
            let before = try Data(contentsOf: newer)
            #expect(throws: StoreError.self, "\(name)") { _ = try ProgressStore.open(at: newer, now: clock.now) }
            #expect(try Data(contentsOf: newer) == before, "\(name) is left as it was")
        }

        let broken = try file(in: folder) { _ in }
        var bytes = try Data(contentsOf: broken)
        bytes.replaceSubrange(0..<16, with: Data("not SQLite, no.\0".utf8))
        try bytes.write(to: broken)
        let (store, notices) = try ProgressStore.open(at: broken, now: clock.now)
        #expect(store.plain == nil && notices.count == 1, "a broken file is moved aside by GRDB's opening")
        store.close()
    }

    @Test("writes open GRDB's connection once, and later plain reads see them; closing leaves no log beside the file")
    func writesThenReads() throws {
        let folder = try TemporaryFolder()
        let url = try file(in: folder) { try $0.execute(sql: "INSERT INTO profile (name, createdAt) VALUES ('default', '2026-01-02 10:00:00.000')") }
        let (store, _) = try ProgressStore.open(at: url, now: clock.now)
        #expect(store.plain != nil)
        let profile = try store.profile(named: "default", now: clock.now)
        #expect(!store.grdbOpened, "a profile that exists is found without a write")
        let lesson = ItemKey.lesson(skill: "sql-databases", number: 1)
        try store.set([lesson], to: .done, event: .finished, for: profile, now: clock.now)
        #expect(store.grdbOpened)
        #expect(try store.statuses(for: profile) == [lesson: .done])
        #expect(try store.events(for: profile).map(\.kind) == [.finished])
        store.close()
        for suffix in ["-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: url.path + suffix), "\(suffix)")
        }
    }
}
