import Foundation
import Testing
@testable import TutorKit

/// Cohort mode's parts that need no server: record ids, the sync state, folding pulled records,
/// the report, the connection settings and the command's grammar.
@Suite("cohort mode without a server")
struct CohortTests {
    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1000)) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    static let at = ISO8601DateFormatter().date(from: "2026-03-02T09:00:00Z")!

    @Test("a record's id is the hash of its canonical JSON: the same content has the same id, other content another")
    func recordIds() throws {
        let event = CohortRecord.event(.init(at: Self.at, kind: .finished, item: "lesson:skill-a/1", detail: nil))
        #expect(event.canonicalJSON == #"{"body":{"at":"2026-03-02T09:00:00.000Z","item":"lesson:skill-a/1","kind":"finished"},"kind":"event"}"#)
        #expect(event.id == SHA256.hex(Array(event.canonicalJSON.utf8)))
        #expect(CohortRecord.decode(event.canonicalJSON) == event)
        #expect(CohortRecord.decode(event.canonicalJSON)?.id == event.id)
        let later = CohortRecord.event(.init(at: Self.at.addingTimeInterval(0.001), kind: .finished, item: "lesson:skill-a/1", detail: nil))
        #expect(later.id != event.id)
        let item = CohortRecord.item(.init(item: "lesson:skill-a/1", status: .done, updatedAt: Self.at))
        #expect(item.id != event.id)
        #expect(CohortRecord.decode(#"{"kind":"nonsense","body":{}}"#) == nil)
    }

    /// A store with a profile that read lessons of skill-a.
    static func studied(_ lessons: ClosedRange<Int>, start: Date = at) throws -> (ProgressStore, Profile) {
        let store = try ProgressStore.inMemory()
        let profile = try store.profile(named: "default", now: start)
        for number in lessons {
            let when = start.addingTimeInterval(Double(number) * 60)
            try store.open(.lesson(skill: "skill-a", number: number), for: profile, now: when)
            try store.set([.lesson(skill: "skill-a", number: number)], to: .done, event: .finished, for: profile, now: when.addingTimeInterval(30))
        }
        return (store, profile)
    }

    static func link(_ store: ProgressStore, _ profile: Profile) throws {
        try store.link(CohortLink(profileId: profile.id, code: "ABCDE-FGHJK", name: "Spring", teacher: "teacher", server: "ana@localhost:5432/tutor", url: nil, joinedAt: at))
    }

    static let rules = ProgressExport.Rules(skills: ["skill-a": 4, "skill-b": 4], projects: [:], now: at.addingTimeInterval(86_400))

    @Test("a profile is in a cohort once linked, and another profile of the same file is not")
    func inCohort() throws {
        let (store, profile) = try Self.studied(1...1)
        _ = try store.profile(named: "ben", now: Self.at)
        #expect(try !store.isInCohort(profileNamed: profile.name))
        try Self.link(store, profile)
        #expect(try store.isInCohort(profileNamed: profile.name))
        #expect(try !store.isInCohort(profileNamed: "ben") && !store.isInCohort(profileNamed: "nobody"))
    }

    @Test("the outbox holds what the server has not acknowledged; acknowledged records leave it")
    func outbox() throws {
        let (store, profile) = try Self.studied(1...2)
        try Self.link(store, profile)
        let server = "ana@localhost:5432/tutor"
        let first = try store.outbox(for: profile, server: server, now: Self.at)
        // Two lessons: each opened and finished (4 events) and its status.
        #expect(first.pending.count == 6)
        try store.acknowledge(first.pending.prefix(4).map(\.id), for: profile, server: server)
        let second = try store.outbox(for: profile, server: server, now: Self.at)
        #expect(second.pending.count == 2)
        #expect(second.acknowledged == 4)
        // Another server starts afresh.
        #expect(try store.outbox(for: profile, server: "ana@elsewhere:5432/tutor", now: Self.at).pending.count == 6)
    }

    @Test("pulled records fold in with newer work winning; applying them twice changes nothing more")
    func applyIsIdempotent() throws {
        let (laptop, laptopProfile) = try Self.studied(1...3)
        let (desktop, desktopProfile) = try Self.studied(3...4, start: Self.at.addingTimeInterval(3600))
        try Self.link(desktop, desktopProfile)
        let server = "ana@localhost:5432/tutor"
        let sent = try laptop.outbox(for: laptopProfile, server: server, now: Self.at).pending
        let pulled = sent.map { (id: $0.id, record: $0) }
        try desktop.apply(pulled: pulled, cursor: 10, for: desktopProfile, server: server, rules: Self.rules)
        let events = try desktop.events(for: desktopProfile).count
        let statuses = try desktop.statuses(for: desktopProfile)
        try desktop.apply(pulled: pulled, cursor: 10, for: desktopProfile, server: server, rules: Self.rules)
        #expect(try desktop.events(for: desktopProfile).count == events)
        #expect(try desktop.statuses(for: desktopProfile) == statuses)
        #expect(statuses.count == 4)
        // Lesson 3 was finished later on the desktop: its version stays.
        let lesson3 = try desktop.export(now: Self.at).profiles[0].items.first { $0.item == "lesson:skill-a/3" }
        #expect(lesson3?.updatedAt ?? .distantPast > Self.at.addingTimeInterval(3600))
        // The cursor moved, never back; what was pulled is acknowledged and not pushed again.
        #expect(try desktop.cohortLink(for: desktopProfile)?.cursor == 10)
        try desktop.apply(pulled: [], cursor: 3, for: desktopProfile, server: server, rules: Self.rules)
        #expect(try desktop.cohortLink(for: desktopProfile)?.cursor == 10)
        let outbox = try desktop.outbox(for: desktopProfile, server: server, now: Self.at)
        #expect(Set(outbox.pending.map(\.id)).isDisjoint(with: Set(sent.map(\.id))))
    }

    @Test("records naming a skill this curriculum lacks are refused, not applied")
    func foreignRecordsRefused() throws {
        let store = try ProgressStore.inMemory()
        let profile = try store.profile(named: "default", now: Self.at)
        try Self.link(store, profile)
        let unknown = CohortRecord.item(.init(item: "lesson:no-such-skill/1", status: .done, updatedAt: Self.at))
        let known = CohortRecord.item(.init(item: "lesson:skill-b/1", status: .done, updatedAt: Self.at))
        let result = try store.apply(pulled: [(unknown.id, unknown), (known.id, known)], cursor: 2, for: profile, server: "ana@localhost:5432/tutor", rules: Self.rules)
        #expect(result.applied == 1 && result.refused == 1)
        #expect(try store.statuses(for: profile).keys.map(\.text) == ["lesson:skill-b/1"])
    }

    @Test("a sync after a command is claimed at most once a minute, and only in a cohort")
    func autoSyncInterval() throws {
        let (store, profile) = try Self.studied(1...1)
        #expect(try store.claimAutoSync(profile, now: Self.at, interval: 60) == nil)
        try Self.link(store, profile)
        #expect(try store.claimAutoSync(profile, now: Self.at, interval: 60) != nil)
        #expect(try store.claimAutoSync(profile, now: Self.at.addingTimeInterval(30), interval: 60) == nil)
        #expect(try store.claimAutoSync(profile, now: Self.at.addingTimeInterval(61), interval: 60) != nil)
        try store.unlink(profile)
        #expect(try store.cohortLink(for: profile) == nil)
    }

    /// A learner two lessons in with the third open, and their records.
    static func twoLessonsAndThirdOpen() throws -> (store: ProgressStore, profile: Profile, records: [CohortRecord]) {
        let (store, profile) = try Self.studied(1...2)
        try store.open(.lesson(skill: "skill-a", number: 3), for: profile, now: Self.at.addingTimeInterval(600))
        return (store, profile, CohortRecords.records(of: try store.export(now: Self.at).profiles[0]))
    }

    /// Records as the server sends a learner's: one JSON array of their canonical JSON.
    static func array(_ records: [CohortRecord], plus extra: [String] = []) -> String {
        "[" + (records.map(\.canonicalJSON) + extra).joined(separator: ",") + "]"
    }

    @Test("the report folds each learner's records and computes what their own progress shows")
    func report() throws {
        let fixture = try ContentFixture.smallPath()
        let catalog = Catalog.load(from: fixture.root)
        let (store, profile, records) = try Self.twoLessonsAndThirdOpen()
        let now = Self.at.addingTimeInterval(3600)
        let report = try CohortReport(cohort: "Spring", code: "ABCDE-FGHJK", teacher: "teacher", encoded: [("ana", Self.array(records)), ("ben", "[]")],
                                      catalog: catalog, now: now, days: LocalDays(calendar: Calendar(identifier: .gregorian)))
        #expect(report.learners.map(\.learner) == ["ana", "ben"])
        let engine = PathEngine(path: try #require(catalog.paths["backend"]), catalog: catalog, stack: nil)
        let own = try ProgressReport(engine: engine, store: store, profile: profile, mastery: [:], now: now, days: LocalDays(calendar: Calendar(identifier: .gregorian)))
        #expect(report.learners[0].lessonsRead == own.areas.reduce(0) { $0 + $1.lessonsDone })
        #expect(report.learners[0].lessonsRead == 2)
        #expect(report.learners[0].streakDays == own.streakDays)
        #expect(report.learners[0].openLesson == "lesson:skill-a/3")
        #expect(report.learners[1].lessonsRead == 0 && report.learners[1].lastActive == nil)
        #expect(report.lessons.first?.lesson == "lesson:skill-a/3")
        let csv = report.csv.components(separatedBy: "\r\n")
        #expect(csv[0].hasPrefix("learner,stack,level,share_done"))
        #expect(csv[1].hasPrefix("ana,,beginner,"))
    }

    @Test("a learner's JSON array decodes to their records, leaving out one this build cannot read, and the report is the same with it")
    func reportFromArrays() throws {
        let fixture = try ContentFixture.smallPath()
        let catalog = Catalog.load(from: fixture.root)
        let (_, _, records) = try Self.twoLessonsAndThirdOpen()
        let withUnknown = Self.array(records, plus: [#"{"body":{"at":"2026-03-02T09:00:00.000Z"},"kind":"badge"}"#])
        #expect(CohortRecord.decodeArray(withUnknown) == records)
        #expect(CohortRecord.decodeArray("[]").isEmpty && CohortRecord.decodeArray("not json").isEmpty)
        let now = Self.at.addingTimeInterval(3600)
        let calendar = Calendar(identifier: .gregorian)
        let plain = try CohortReport(cohort: "S", code: "ABCDE-FGHJK", teacher: "t", encoded: [("ana", Self.array(records)), ("ben", "[]")],
                                     catalog: catalog, now: now, days: LocalDays(calendar: calendar))
        let mixed = try CohortReport(cohort: "S", code: "ABCDE-FGHJK", teacher: "t", encoded: [("ana", withUnknown), ("ben", "[]")],
                                     catalog: catalog, now: now, days: LocalDays(calendar: calendar))
        #expect(mixed.learners == plain.learners && mixed.lessons == plain.lessons)
        #expect(mixed.learners[0].lessonsRead == 2)
    }

    @Test("CSV cells a spreadsheet would run as formulas are defused")
    func csvFormula() throws {
        let fixture = try ContentFixture.smallPath()
        let report = try CohortReport(cohort: "C", code: "ABCDE-FGHJK", teacher: "t", encoded: [("=cmd", "[]")],
                                      catalog: Catalog.load(from: fixture.root), now: Self.at, days: LocalDays(calendar: Calendar(identifier: .gregorian)))
        #expect(report.csv.components(separatedBy: "\r\n")[1].hasPrefix("'=cmd,"))
    }

    static func environment(_ variables: [String: String]) -> TutorEnvironment {
        TutorEnvironment(variables: variables, workingDirectory: URL(fileURLWithPath: "/"), executable: nil)
    }

    @Test("the connection comes from the URL over PG* variables; passwords never from a URL; TLS beyond this machine")
    func connectionSettings() throws {
        let env = Self.environment(["PGHOST": "127.0.0.1", "PGPORT": "5433", "PGUSER": "ana", "PGDATABASE": "school", "PGPASSWORD": "pw"])
        let local = try CohortConnection.resolve(url: nil, environment: env)
        #expect(local.endpoint == .tcp(host: "127.0.0.1", port: 5433))
        #expect(local.server == "ana@127.0.0.1:5433/school")
        #expect(local.password == "pw" && !local.requiresTLS)
        let remote = try CohortConnection.resolve(url: "postgres://ben@db.example.org/class", environment: env)
        #expect(remote.server == "ben@db.example.org:5433/class")
        #expect(remote.requiresTLS)
        #expect(throws: CohortConnection.Problem.self) { try CohortConnection.resolve(url: "postgres://ben:secret@db.example.org/class", environment: env) }
        #expect(throws: CohortConnection.Problem.self) { try CohortConnection.resolve(url: "postgres://ben@db.example.org/class?password=x", environment: env) }
        #expect(throws: CohortConnection.Problem.self) { try CohortConnection.resolve(url: "postgres://ben@db.example.org/class?sslmode=disable", environment: env) }
        #expect(throws: CohortConnection.Problem.self) { try CohortConnection.resolve(url: "mysql://ben@db/class", environment: env) }
        #expect(try CohortConnection.resolve(url: "postgres://ben@localhost/class?sslmode=disable", environment: env).requiresTLS == false)
        #expect(try CohortConnection.resolve(url: nil, environment: Self.environment(["PGHOST": "/tmp/sock", "PGUSER": "ana"])).endpoint == .socket(directory: "/tmp/sock", port: 5432))
    }

    @Test("the password file is read as libpq reads it, and ignored when others can read it")
    func passwordFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("pgpass").path
        try "# comment\nother:*:*:*:wrong\n127.0.0.1:5433:school:ana:pa\\:ss\\\\word\n*:*:*:ana:fallback\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        let env = Self.environment(["PGHOST": "127.0.0.1", "PGPORT": "5433", "PGUSER": "ana", "PGDATABASE": "school", "PGPASSFILE": path])
        #expect(try CohortConnection.resolve(url: nil, environment: env).password == "pa:ss\\word")
        #expect(try CohortConnection.resolve(url: "postgres://ana@127.0.0.1:5433/other", environment: env).password == "fallback")
        chmod(path, 0o644)
        #expect(try CohortConnection.resolve(url: nil, environment: env).password == nil)
    }

    @Test("cohort's grammar: what each action takes, and the arguments passed on")
    func grammar() throws {
        #expect(throws: (any Error).self) { try CohortCommand.parse(["create"]) }
        #expect(throws: (any Error).self) { try CohortCommand.parse(["join"]) }
        #expect(throws: (any Error).self) { try CohortCommand.parse(["sync", "--csv"]) }
        #expect(throws: (any Error).self) { try CohortCommand.parse(["report", "--csv", "--json"]) }
        #expect(throws: (any Error).self) { try CohortCommand.parse(["status", "extra"]) }
        #expect(throws: (any Error).self) { try CohortCommand.parse(["fly"]) }
        let create = try CohortCommand.parse(["create", "Backend", "spring", "--cohort-url", "postgres://t@localhost/db"])
        #expect(create.name == "Backend spring")
        #expect(create.arguments(database: URL(fileURLWithPath: "/tmp/p.sqlite"), profile: "default")
                == ["create", "Backend", "spring", "--cohort-url", "postgres://t@localhost/db", "--db", "/tmp/p.sqlite", "--profile", "default"])
        let report = try CohortCommand.parse(["report", "--csv"])
        #expect(try CohortCommand.parse(report.arguments(database: nil, profile: nil)).csv)
        #expect(CommandList.command(named: "cohort") != nil)
    }
}
