import Foundation
import GRDB
import Testing
@testable import TutorKit

/// A folder under the temporary directory, removed when the test ends.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

@Suite("Progress store")
struct ProgressStoreTests {
    let clock = TestClock()

    @Test("the production migrator runs on an in-memory database")
    func migrator() throws {
        let queue = try DatabaseQueue()
        try ProgressStore.migrator.migrate(queue)
        let tables = try queue.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name") }
        #expect(tables == ["card", "cohortAck", "cohortLink", "event", "exerciseState", "itemStatus", "profile", "projectCommand", "reviewLog", "setting",
                           "sqlite_sequence", "verification"])
    }

    @Test("opening an item makes it current and in progress, and logs it")
    func openItem() throws {
        let store = try ProgressStore.inMemory()
        let profile = try store.profile(named: "default", now: clock.now)
        try store.open(.lesson(skill: "sql-databases", number: 2), for: profile, now: clock.now)
        #expect(try store.reload(profile).currentItem == "lesson:sql-databases/2")
        #expect(try store.statuses(for: profile) == ["lesson:sql-databases/2": .inProgress])
        try store.set([.lesson(skill: "sql-databases", number: 2)], to: .done, event: .finished, for: profile, now: clock.now)
        try store.open(.lesson(skill: "sql-databases", number: 2), for: profile, now: clock.now)
        #expect(try store.statuses(for: profile) == ["lesson:sql-databases/2": .done], "reopening does not undo done")
        #expect(try store.events(for: profile).map(\.kind) == [.opened, .finished, .opened])
    }

    @Test("a database closed cleanly, or left open by a finished process, opens again with its rows")
    func reopen() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("progress.sqlite")
        do {
            let (store, _) = try ProgressStore.open(at: url, now: clock.now)
            let profile = try store.profile(named: "default", now: clock.now)
            try store.set([.project("todo-api")], to: .done, event: .finished, for: profile, now: clock.now)
        }
        // After a clean close SQLite has folded the WAL file in and removed it.
        try? FileManager.default.removeItem(atPath: url.path + "-shm")
        try? FileManager.default.removeItem(atPath: url.path + "-wal")
        let (store, notices) = try ProgressStore.open(at: url, now: clock.now)
        #expect(notices.isEmpty)
        #expect(try store.statuses(for: try store.profile(named: "default", now: clock.now)) == ["project:todo-api": .done])
    }

    @Test("peeking at a learner's stack reads what a GRDB connection reads: a missing file, an old one without all-stacks, a broken one, unknown names")
    func peekStack() throws {
        // The plain way: a read-only GRDB queue.
        func plain(_ url: URL, _ profile: String) -> (stack: Stack?, all: Bool) {
            guard FileManager.default.fileExists(atPath: url.path) else { return (nil, false) }
            var configuration = Configuration()
            configuration.readonly = true
            guard let queue = try? DatabaseQueue(path: url.path, configuration: configuration) else { return (nil, false) }
            let found = try? queue.read { db in
                do {
                    return try Row.fetchOne(db, sql: "SELECT stack, allStacks FROM profile WHERE name = ?", arguments: [profile])
                } catch {
                    return try Row.fetchOne(db, sql: "SELECT stack, 0 AS allStacks FROM profile WHERE name = ?", arguments: [profile])
                }
            }
            guard let row = found ?? nil else { return (nil, false) }
            return ((row["stack"] as String?).flatMap(Stack.init(rawValue:)), (row["allStacks"] as Bool?) ?? false)
        }
        let folder = try TemporaryFolder()
        let current = folder.file("progress.sqlite")
        do {
            let (store, _) = try ProgressStore.open(at: current, now: clock.now)
            _ = try store.setStack(.go, for: try store.profile(named: "ada", now: clock.now), now: clock.now)
            _ = try store.setAllStacks(true, for: try store.setStack(.rust, for: try store.profile(named: "bob", now: clock.now), now: clock.now))
            _ = try store.profile(named: "cy", now: clock.now)
            store.close()
        }
        let old = folder.file("old.sqlite")
        try DatabaseQueue(path: old.path).write { db in
            try db.execute(sql: "CREATE TABLE profile (name TEXT, stack TEXT); INSERT INTO profile VALUES ('ada', 'python'), ('cy', 'cobol'), ('dee', NULL)")
        }
        let broken = folder.file("broken.sqlite")
        try Data("not a database, not even close to one".utf8).write(to: broken)
        let empty = folder.file("empty.sqlite")
        try Data().write(to: empty)
        let cases: [(URL, String, Stack?, Bool)] = [
            (current, "ada", .go, false), (current, "bob", .rust, true), (current, "cy", nil, false), (current, "nobody", nil, false),
            (old, "ada", .python, false), (old, "cy", nil, false), (old, "dee", nil, false),
            (broken, "ada", nil, false), (empty, "ada", nil, false), (folder.file("missing.sqlite"), "ada", nil, false), (folder.url, "ada", nil, false),
        ]
        for (url, name, stack, all) in cases {
            let peeked = ProgressStore.peekStack(at: url, profile: name), expected = plain(url, name)
            #expect(peeked.stack == expected.stack && peeked.all == expected.all, "\(url.lastPathComponent) \(name)")
            #expect(peeked.stack == stack && peeked.all == all, "\(url.lastPathComponent) \(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("missing.sqlite").path), "a missing file is not created")
    }

    @Test("profiles are separate, each with its stack")
    func profiles() throws {
        let store = try ProgressStore.inMemory()
        let ada = try store.profile(named: "ada", now: clock.now)
        let bob = try store.profile(named: "bob", now: clock.now)
        _ = try store.setStack(.go, for: ada, now: clock.now)
        try store.set([.project("todo-api")], to: .done, event: .finished, for: bob, now: clock.now)
        #expect(try store.profile(named: "ada", now: clock.now).stack == .go)
        #expect(try store.profile(named: "bob", now: clock.now).stack == nil)
        #expect(try store.statuses(for: ada).isEmpty)
        #expect(try store.profiles().map(\.name) == ["ada", "bob"])
    }

    @Test("a file that is not SQLite is moved aside, never overwritten, and a fresh database starts")
    func notADatabase() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("progress.sqlite")
        let garbage = Data("this is my shopping list, not a database\n".utf8) + Data(repeating: 7, count: 5000)
        try garbage.write(to: url)
        let (store, notices) = try ProgressStore.open(at: url, now: clock.now)
        guard case .movedCorruptFile(let moved)? = notices.first else {
            Issue.record("expected a notice, got \(notices)")
            return
        }
        #expect(moved == url.path + ".corrupt-20260302T090000Z")
        #expect(FileManager.default.contents(atPath: moved) == garbage)
        let profile = try store.profile(named: "default", now: clock.now)
        try store.set([.project("todo-api")], to: .done, event: .finished, for: profile, now: clock.now)
        #expect(try store.statuses(for: profile).count == 1)
    }

    @Test("a corrupted SQLite file is moved aside too")
    func corruptPages() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("progress.sqlite")
        do {
            let (store, _) = try ProgressStore.open(at: url, now: clock.now)
            let profile = try store.profile(named: "default", now: clock.now)
            for n in 1...300 { try store.log(.opened, item: .lesson(skill: "s", number: n), for: profile, now: clock.now) }
        }
        // Keep the header, scribble over the pages after it.
        var bytes = try Data(contentsOf: url)
        #expect(bytes.count > 8192)
        for i in 4096..<bytes.count where i % 7 != 0 { bytes[i] = 0xA5 }
        try bytes.write(to: url)
        try? FileManager.default.removeItem(atPath: url.path + "-wal")
        try? FileManager.default.removeItem(atPath: url.path + "-shm")
        let (_, notices) = try ProgressStore.open(at: url, now: clock.now)
        #expect(notices.count == 1)
        #expect(FileManager.default.contents(atPath: url.path + ".corrupt-20260302T090000Z") == bytes)
    }

    @Test("a database from a newer version is refused, unchanged, with exit status 1")
    func newerVersion() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("progress.sqlite")
        do {
            let queue = try DatabaseQueue(path: url.path)
            try ProgressStore.migrator.migrate(queue)
            try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
        }
        let before = try Data(contentsOf: url)
        #expect {
            _ = try ProgressStore.open(at: url, now: clock.now)
        } throws: { error in
            guard let error = error as? StoreError, case .newerDatabase = error else { return false }
            return ErrorReport.status(of: error) == .failure && error.message.contains("upgrade backend-tutor")
        }
        #expect(try Data(contentsOf: url) == before)
    }

    @Test("a folder that cannot be written is an I/O error naming the path, status 74")
    func unwritableFolder() throws {
        let folder = try TemporaryFolder()
        // A regular file where the data folder should be: no user, not even root, can create in it.
        let blocker = folder.file("data")
        try Data("not a folder".utf8).write(to: blocker)
        #expect {
            _ = try ProgressStore.open(at: blocker.appendingPathComponent("backend-tutor/progress.sqlite"), now: clock.now)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return ErrorReport.status(of: error) == .ioError && error.message.contains(blocker.path)
        }
    }

    @Test("a database made by the first migration opens under the latest code with its rows intact")
    func upgradeFromFirstMigration() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("progress.sqlite")
        do {
            let queue = try DatabaseQueue(path: url.path)
            try ProgressStore.migrator.migrate(queue, upTo: "v1: profiles, item statuses, events")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO profile (name, stack, createdAt, currentItem) VALUES ('default', 'rust', '2025-01-01 10:00:00.000', 'lesson:sql-databases/3')")
                try db.execute(sql: "INSERT INTO itemStatus VALUES (1, 'lesson:sql-databases/1', 'done', '2025-01-01 10:05:00.000')")
                try db.execute(sql: "INSERT INTO event (profileId, at, kind, item) VALUES (1, '2025-01-01 10:05:00.000', 'finished', 'lesson:sql-databases/1')")
            }
        }
        let (store, notices) = try ProgressStore.open(at: url, now: clock.now)
        #expect(notices.isEmpty)
        let profile = try store.profile(named: "default", now: clock.now)
        #expect(profile.stack == .rust)
        #expect(profile.currentItem == "lesson:sql-databases/3")
        #expect(try store.statuses(for: profile) == ["lesson:sql-databases/1": .done])
        #expect(try store.events(for: profile).count == 1)
    }

    @Test("export and import move progress, and import never drops newer work")
    func exportImport() throws {
        let home = try ProgressStore.inMemory()
        let laptop = try ProgressStore.inMemory()
        let atHome = try home.profile(named: "default", now: clock.now)
        _ = try home.setStack(.python, for: atHome, now: clock.now)
        try home.set([.lesson(skill: "sql-databases", number: 1)], to: .done, event: .finished, for: atHome, now: clock.now)
        clock.advance(minutes: 5)
        try home.set([.lesson(skill: "sql-databases", number: 2)], to: .skipped, event: .skipped, for: atHome, now: clock.now)
        clock.advance(minutes: 5)
        // The laptop did lesson 2 later than home skipped it.
        let onLaptop = try laptop.profile(named: "default", now: clock.now)
        try laptop.set([.lesson(skill: "sql-databases", number: 2)], to: .done, event: .finished, for: onLaptop, now: clock.now)

        let exported = try home.export(now: clock.now)
        let data = try ProgressExport.encoder().encode(exported)
        let summary = try laptop.merge(try ProgressExport.decode(data))
        #expect(summary.newerItems == 1)
        #expect(summary.keptItems == 1)
        #expect(try laptop.statuses(for: onLaptop) == ["lesson:sql-databases/1": .done, "lesson:sql-databases/2": .done])
        #expect(try laptop.reload(onLaptop).stack == .python)
        // Importing twice adds nothing.
        let again = try laptop.merge(try ProgressExport.decode(data))
        #expect(again.newEvents == 0)
        #expect(again.newerItems == 0)
        #expect(try laptop.events(for: onLaptop).count == 4)
    }

    @Test("merging keeps the newer of each status and card, and on a tie the one already here")
    func mergeNewerWins() throws {
        let store = try ProgressStore.inMemory()
        let profile = try store.profile(named: "default", now: clock.now)
        let t0 = clock.now, t1 = clock.now.addingTimeInterval(60), t2 = clock.now.addingTimeInterval(120)
        func card(due: Date, lastReview: Date?, stability: Double) -> ReviewCard {
            var card = ReviewCard(due: due)
            card.state = lastReview == nil ? .learning : .review
            card.stability = stability
            card.lastReview = lastReview
            return card
        }
        func export(items: [(String, ItemStatus, Date)], cards: [(String, ReviewCard)]) -> ProgressExport {
            ProgressExport(format: ProgressExport.formatName, version: ProgressExport.currentVersion, exportedAt: t2, profiles: [
                .init(name: "default", stack: nil, createdAt: t0, currentItem: nil,
                      items: items.map { .init(item: $0.0, status: $0.1, updatedAt: $0.2) }, events: [],
                      cards: cards.map { .init(skill: "sql-databases", questionId: $0.0, card: $0.1) }, reviews: [], verified: [], exercises: []),
            ])
        }
        let first = try store.merge(export(items: [("lesson:sql-databases/1", .done, t1), ("lesson:sql-databases/2", .done, t1),
                                                   ("lesson:sql-databases/3", .skipped, t1)],
                                           cards: [("q1", card(due: t2, lastReview: t1, stability: 1)), ("q2", card(due: t2, lastReview: nil, stability: 2)),
                                                   ("q3", card(due: t2, lastReview: t1, stability: 3))]))
        #expect(first.newerItems == 3 && first.keptItems == 0)
        // Older, tied and newer versions of each row.
        let second = try store.merge(export(items: [("lesson:sql-databases/1", .skipped, t0), ("lesson:sql-databases/2", .skipped, t1),
                                                    ("lesson:sql-databases/3", .done, t2)],
                                            cards: [("q1", card(due: t0, lastReview: t0, stability: 10)), ("q2", card(due: t0, lastReview: t0, stability: 20)),
                                                    ("q3", card(due: t0, lastReview: t1, stability: 30))]))
        #expect(second.newerItems == 1 && second.keptItems == 2)
        #expect(try store.statuses(for: profile) == ["lesson:sql-databases/1": .done, "lesson:sql-databases/2": .done, "lesson:sql-databases/3": .done])
        #expect(try store.card(QuizItem(skill: "sql-databases", questionId: "q1"), for: profile)?.stability == 1, "an older review is not kept")
        #expect(try store.card(QuizItem(skill: "sql-databases", questionId: "q2"), for: profile)?.stability == 20, "a reviewed card beats one never reviewed")
        #expect(try store.card(QuizItem(skill: "sql-databases", questionId: "q3"), for: profile)?.stability == 3, "on a tie the card here stays")
    }

    @Test("a store copied from an empty one works like a new one and shares nothing with it")
    func copiedStore() throws {
        let empty = try ProgressStore.inMemory()
        let copy = try ProgressStore.inMemory(copying: empty)
        let profile = try copy.profile(named: "ana", now: clock.now)
        try copy.set([.lesson(skill: "sql-databases", number: 1)], to: .done, event: .finished, for: profile, now: clock.now)
        #expect(try copy.statuses(for: profile) == ["lesson:sql-databases/1": .done])
        #expect(try empty.existingProfile(named: "ana") == nil)
        let other = try ProgressStore.inMemory(copying: empty)
        #expect(try other.existingProfile(named: "ana") == nil)
    }

    @Test("milestones verify proved travel with an export, the later proof winning")
    func exportVerified() throws {
        let home = try ProgressStore.inMemory()
        let laptop = try ProgressStore.inMemory()
        let atHome = try home.profile(named: "default", now: clock.now)
        try home.tick([1, 2], of: "todo-api", milestones: 4, verifiedAt: clock.now, for: atHome, now: clock.now)
        let onLaptop = try laptop.profile(named: "default", now: clock.now)
        clock.advance(minutes: 60)
        try laptop.tick([2], of: "todo-api", milestones: 4, verifiedAt: clock.now, for: onLaptop, now: clock.now)
        let data = try ProgressExport.encoder().encode(try home.export(now: clock.now))
        let decoded = try ProgressExport.decode(data)
        try decoded.validate(ProgressExport.Rules(skills: [:], projects: ["todo-api": 4], now: clock.now))
        _ = try laptop.merge(decoded)
        let verified = try laptop.verified(project: "todo-api", for: onLaptop)
        #expect(verified.keys.sorted() == [1, 2])
        #expect(verified[2] == clock.now, "the laptop's later proof is kept")
        let unknown = ProgressExport(format: ProgressExport.formatName, version: 1, exportedAt: clock.now, profiles: [
            .init(name: "a", stack: nil, createdAt: clock.now, currentItem: nil, items: [], events: [],
                  verified: [.init(project: "todo-api", milestone: 9, verifiedAt: clock.now)]),
        ])
        #expect(throws: ProgressExport.ImportProblem.self) { try unknown.validate(ProgressExport.Rules(skills: [:], projects: ["todo-api": 4], now: clock.now)) }
    }

    @Test("a malformed import is rejected with the reason", arguments: [
        ("{", "not valid JSON"),
        (#"{"format": "something-else", "version": 1, "exportedAt": "2026-01-01T00:00:00.000Z", "profiles": []}"#, "its format is 'something-else'"),
        (#"{"format": "backend-tutor-progress", "version": 9, "exportedAt": "2026-01-01T00:00:00.000Z", "profiles": []}"#, "written by a newer backend-tutor"),
        (#"{"format": "backend-tutor-progress", "version": 1, "exportedAt": "2026-01-01T00:00:00.000Z"}"#, "lacks the field 'profiles'"),
        (#"{"format": "backend-tutor-progress", "version": 1, "exportedAt": "2026-01-01T00:00:00.000Z", "profiles": [{"name": "a", "createdAt": "2026-01-01T00:00:00.000Z", "items": [{"item": "lesson:x/1", "status": "finished-ish", "updatedAt": "2026-01-01T00:00:00.000Z"}], "events": []}]}"#, "profiles[0].items[0].status"),
        (#"{"format": "backend-tutor-progress", "version": 1, "exportedAt": "2026-01-01T00:00:00.000Z", "profiles": [{"name": "a", "createdAt": "2026-01-01T00:00:00.000Z", "items": [{"item": "homework", "status": "done", "updatedAt": "2026-01-01T00:00:00.000Z"}], "events": []}]}"#, "names no lesson, skill or project"),
        // Found by the import fuzz target: a fraction of a second this long crashed ICU's parser.
        (#"{"format": "backend-tutor-progress", "version": 1, "exportedAt": "2026-12-01T00:00:00."# + String(repeating: "8", count: 300) + #"Z", "profiles": []}"#, "not an ISO 8601 date"),
        (#"{"format": "backend-tutor-progress", "version": 1, "exportedAt": "2026-12-01 00:00", "profiles": []}"#, "not an ISO 8601 date"),
    ])
    func malformedImport(_ json: String, _ reason: String) {
        let rules = ProgressExport.Rules(skills: ["x": 4], projects: [:], now: clock.now)
        var refusal: String?
        do {
            try ProgressExport.decode(Data(json.utf8)).validate(rules)
        } catch {
            refusal = error.reason
        }
        #expect(refusal?.contains(reason) == true, "\(refusal ?? "accepted")")
    }
}

@Suite("Activity from the event log")
struct ActivityTests {
    func event(_ kind: ProgressEvent.Kind, _ at: String) -> ProgressEvent {
        ProgressEvent(id: nil, profileId: 1, at: ISO8601DateFormatter().date(from: at)!, kind: kind, item: "lesson:s/1", detail: nil)
    }

    @Test("streaks count consecutive days up to today or yesterday; time counts gaps under 30 minutes")
    func streakAndTime() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let now = ISO8601DateFormatter().date(from: "2026-03-05T12:00:00Z")!
        let events = [
            event(.opened, "2026-03-01T10:00:00Z"),
            event(.opened, "2026-03-03T10:00:00Z"), event(.finished, "2026-03-03T10:20:00Z"),
            event(.opened, "2026-03-04T09:00:00Z"), event(.finished, "2026-03-04T09:10:00Z"),
            event(.opened, "2026-03-04T11:00:00Z"),
        ]
        let summary = ActivitySummary(events: events, now: now, days: LocalDays(calendar: calendar), finishedLessonHours: 1, finishedLessons: 2)
        #expect(summary.streakDays == 2, "March 3 and 4; nothing yet today")
        #expect(summary.minutesLast7Days == 30)
        #expect(summary.pace == nil, "too few lessons for a pace")
        #expect(summary.lastActivity == ISO8601DateFormatter().date(from: "2026-03-04T11:00:00Z"))
    }
}
