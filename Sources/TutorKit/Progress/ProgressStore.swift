import Foundation
import GRDB

/// The learner's progress in SQLite. Every write is one transaction; migrations only ever add.
public final class ProgressStore: Sendable {
    /// GRDB's connection: every write and migration, and every read the plain connection does not
    /// make. A store whose file needed nothing done to it opens it on first use.
    private let queue: Deferred<Queue>
    /// The reads most commands make, when the file needed nothing done to it (PlainReads.swift).
    let plain: PlainConnection?
    /// The database file, or nil in memory.
    public let url: URL?

    /// Closes the database connections; the store cannot be used afterwards. A store that is
    /// simply freed closes them too.
    public func close() {
        plain?.close()
        if case .opened(let writer)? = queue.ifMade { try? writer.close() }
    }

    /// GRDB's connection, or why it could not be opened. (Not a `Result`: making that type's
    /// metadata looks up its error's conformance, 0.3 million instructions.)
    private enum Queue: Sendable {
        case opened(any DatabaseWriter)
        case failed(any Error)
    }

    /// Whether GRDB's connection is open (or failed to open).
    var grdbOpened: Bool { queue.ifMade != nil }

    /// GRDB's connection, opened now if it was not yet.
    func writer() throws -> any DatabaseWriter {
        switch queue.value {
        case .opened(let writer): return writer
        case .failed(let error): throw error
        }
    }

    /// The schema, one migration per change. Never edit or remove a registered migration.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: profiles, item statuses, events") { db in
            try db.create(table: "profile") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("stack", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("currentItem", .text)
            }
            try db.create(table: "itemStatus") { t in
                t.column("profileId", .integer).notNull().references("profile")
                t.column("item", .text).notNull()
                t.column("status", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.primaryKey(["profileId", "item"])
            }
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("profileId", .integer).notNull().references("profile")
                t.column("at", .datetime).notNull()
                t.column("kind", .text).notNull()
                t.column("item", .text).notNull()
                t.column("detail", .text)
            }
            try db.create(index: "event_profile_at", on: "event", columns: ["profileId", "at"])
        }
        migrator.registerMigration("v2: review cards and review log") { db in
            try db.create(table: "card") { t in
                t.column("profileId", .integer).notNull().references("profile")
                t.column("skill", .text).notNull()
                t.column("questionId", .text).notNull()
                t.column("state", .integer).notNull()
                t.column("step", .integer)
                t.column("stability", .double)
                t.column("difficulty", .double)
                t.column("due", .datetime).notNull()
                t.column("lastReview", .datetime)
                t.primaryKey(["profileId", "skill", "questionId"])
            }
            try db.create(index: "card_due", on: "card", columns: ["profileId", "due"])
            try db.create(table: "reviewLog") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("profileId", .integer).notNull().references("profile")
                t.column("skill", .text).notNull()
                t.column("questionId", .text).notNull()
                t.column("rating", .integer).notNull()
                t.column("correct", .boolean).notNull()
                t.column("reviewedAt", .datetime).notNull()
                t.column("elapsedSeconds", .double)
                t.column("source", .text).notNull()
            }
            try db.create(index: "reviewLog_card", on: "reviewLog", columns: ["profileId", "skill", "questionId", "reviewedAt"])
        }
        // Statuses gain "known" and profiles a preference for every stack's examples; a build
        // that predates them must refuse the file rather than misread it.
        migrator.registerMigration("v3: known status, all stacks") { db in
            try db.alter(table: "profile") { t in
                t.add(column: "allStacks", .boolean).notNull().defaults(to: false)
            }
            // Items an earlier build stored as skipped when the learner started at a later level.
            try db.execute(sql: """
                UPDATE itemStatus SET status = 'known' WHERE status = 'skipped' AND EXISTS (
                  SELECT 1 FROM event WHERE event.profileId = itemStatus.profileId
                    AND event.item = itemStatus.item AND event.kind = 'known')
                """)
        }
        // Milestones proved by `projects verify`, apart from ticked by hand, and the command
        // that starts each project's server.
        migrator.registerMigration("v4: verified milestones") { db in
            try db.create(table: "verification") { t in
                t.column("profileId", .integer).notNull().references("profile")
                t.column("project", .text).notNull()
                t.column("milestone", .integer).notNull()
                t.column("verifiedAt", .datetime).notNull()
                t.primaryKey(["profileId", "project", "milestone"])
            }
            try db.create(table: "projectCommand") { t in
                t.column("profileId", .integer).notNull().references("profile")
                t.column("project", .text).notNull()
                t.column("command", .text).notNull()
                t.primaryKey(["profileId", "project"])
            }
        }
        // Exercises: each one's attempts, hints, last answer, solved or given up; and the
        // learner's settings (the exercise in hand, the server exercises are checked against).
        migrator.registerMigration("v5: exercises and settings") { db in
            try db.create(table: "exerciseState") { t in
                t.column("profileId", .integer).notNull().references("profile")
                t.column("skill", .text).notNull()
                t.column("exerciseId", .text).notNull()
                t.column("lesson", .integer).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("hints", .integer).notNull().defaults(to: 0)
                t.column("lastAnswer", .text)
                t.column("openedAt", .datetime)
                t.column("solvedAt", .datetime)
                t.column("gaveUpAt", .datetime)
                t.primaryKey(["profileId", "skill", "exerciseId"])
            }
            try db.create(table: "setting") { t in
                t.column("profileId", .integer).notNull().references("profile")
                t.column("name", .text).notNull()
                t.column("value", .text).notNull()
                t.primaryKey(["profileId", "name"])
            }
        }
        // Cohort mode: the cohort a profile syncs with, and the records the server holds.
        migrator.registerMigration("v6: cohort sync state", migrate: CohortLink.createTables)
        return migrator
    }

    init(writer: any DatabaseWriter, url: URL?) {
        queue = Deferred(.opened(writer))
        plain = nil
        self.url = url
    }

    /// A store reading through `plain`, with GRDB's connection to `url` opened when first needed.
    private init(plain: PlainConnection, url: URL) {
        queue = Deferred {
            do { return .opened(try Self.openQueue(url, checked: true)) } catch { return .failed(error) }
        }
        self.plain = plain
        self.url = url
    }

    /// A store in memory, for tests and for runs that must not touch the disk.
    public static func inMemory() throws -> ProgressStore {
        let queue = try DatabaseQueue()
        try migrator.migrate(queue)
        try queue.write { try $0.execute(sql: "PRAGMA user_version = \(schemaVersion)") }
        return ProgressStore(writer: queue, url: nil)
    }

    /// A store in memory starting as a copy of `template`'s database: a fresh empty store many
    /// times over without running the migrations each time (they were a tenth of a learner's
    /// fold in the teacher's report).
    public static func inMemory(copying template: ProgressStore) throws -> ProgressStore {
        let queue = try DatabaseQueue()
        try template.writer().backup(to: queue)
        return ProgressStore(writer: queue, url: nil)
    }

    /// What opening the store had to do that the learner should hear about.
    public enum OpenNotice: Hashable, Sendable {
        /// The file was not a usable database: it was moved to `movedTo` and a fresh one started.
        case movedCorruptFile(movedTo: String)
    }

    /// Opens (creating if needed) the database at `url`, in WAL mode with a 5-second busy timeout.
    public static func open(at url: URL, now: Date = Date()) throws(StoreError) -> (ProgressStore, [OpenNotice]) {
        let directory = url.deletingLastPathComponent()
        do {
            try PrivateFiles.createDirectory(directory)
        } catch {
            throw .io(path: directory.path, reason: "cannot create the progress folder (\((error as? FileFailure)?.reason ?? ErrorReason.of(error))); pass --db PATH to keep progress elsewhere")
        }
        if !FileManager.default.isWritableFile(atPath: directory.path) {
            throw .io(path: directory.path, reason: "the progress folder is not writable; fix its permissions or pass --db PATH")
        }
        // Progress is the learner's alone: the file is created readable by its owner only, and
        // never written through a link.
        do {
            try PrivateFiles.createFile(url.path)
        } catch {
            throw .io(path: url.path, reason: (error as? FileFailure)?.reason ?? ErrorReason.of(error))
        }
        let migrations = migrator.migrations
        if let plain = PlainConnection.open(url, migrations: migrations, version: migrations.count) {
            return (ProgressStore(plain: plain, url: url), [])
        }
        var notices: [OpenNotice] = []
        do {
            return (ProgressStore(writer: try openQueue(url), url: url), notices)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) || error.message == StoreFailure.corrupt {
            let moved = try moveAside(url, now: now)
            notices.append(.movedCorruptFile(movedTo: moved))
            do {
                try PrivateFiles.createFile(url.path)
                return (ProgressStore(writer: try openQueue(url), url: url), notices)
            } catch {
                throw .io(path: url.path, reason: "cannot start a new progress database: \(ErrorReason.of(error))")
            }
        } catch {
            throw .io(path: url.path, reason: "cannot open the progress database: \(ErrorReason.of(error))")
        }
    }

    /// The result of SQLite's full integrity check of the file at `url` ("ok" when sound), read
    /// without writing; nil when it is not an SQLite database at all.
    public static func integrityCheck(at url: URL) -> String? {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        guard let queue = try? DatabaseQueue(path: url.path, configuration: configuration),
              let rows = try? queue.read({ try String.fetchAll($0, sql: "PRAGMA integrity_check") }) else { return nil }
        return rows.joined(separator: "; ")
    }

    /// Moves a damaged database (and its WAL and shared-memory files) aside, never deleting it;
    /// returns where it went.
    public static func keepAside(_ url: URL, now: Date) throws(StoreError) -> String { try moveAside(url, now: now) }

    /// The profile's stack, read without opening the store for writing (no migration, no WAL
    /// setup): for commands that only show content in the learner's stack. nil on any failure.
    public static func peekStack(at url: URL, profile: String) -> (stack: Stack?, all: Bool) {
        // The plain connection, not a GRDB queue: a GRDB connection's set-up (its checks,
        // collations and functions, and the runtime's first look at its types) was 3.6 million
        // instructions of the 61 of `skill`, to read one row.
        guard let connection = PlainConnection.connect(url) else { return (nil, false) }
        defer { connection.close() }
        // A file from before the all-stacks preference has no such column: its stack still counts.
        for sql in ["SELECT stack, allStacks FROM profile WHERE name = ?", "SELECT stack, 0 AS allStacks FROM profile WHERE name = ?"] {
            guard let rows = connection.fetchAll(sql, [.text(profile)], { row in
                (stack: try row.optional("stack") as Stack?, all: try row.optional("allStacks") as Bool? ?? false)
            }) else { continue }
            return rows.first ?? (nil, false)
        }
        return (nil, false)
    }

    /// Whether a write-ahead log was left behind beside the database at `url`: a process may have
    /// died mid-write, and the file gets the full integrity check through GRDB.
    static func hasLeftoverLog(_ url: URL) -> Bool {
        var wal = stat()
        return stat(url.path + "-wal", &wal) == 0 && wal.st_size > 0
    }

    private enum StoreFailure {
        static let corrupt = "integrity check failed"
    }

    /// The schema version written to `PRAGMA user_version`: the number of migrations. A file
    /// with a larger one comes from a newer build, whichever marker says so.
    static var schemaVersion: Int { migrator.migrations.count }

    /// GRDB's connection does it all when the file needs anything: the checks, the migrations, then
    /// every read and write. (A pool opened a writer and a reader besides the read-only connection of the checks: three
    /// connections, each with its own file opens and locks, for a command that runs one query
    /// after another.) WAL mode still lets other processes read while this one writes. `checked`:
    /// the plain connection has just found the file needs no check, migration or change of mode.
    private static func openQueue(_ url: URL, checked: Bool = false) throws -> any DatabaseWriter {
        let migrator = Self.migrator
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.foreignKeysEnabled = true
        // A write-ahead log left behind means a process may have died mid-write: then the full
        // integrity check, which also finds indexes that disagree with their tables.
        let suspicious = hasLeftoverLog(url)
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        if checked {
            try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = NORMAL") }
            return queue
        }
        // Look before writing anything: a corrupt file or one from a newer version must be left
        // exactly as it is. Reading writes nothing.
        try queue.read { db in
            guard try String.fetchOne(db, sql: suspicious ? "PRAGMA integrity_check" : "PRAGMA quick_check") == "ok" else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: StoreFailure.corrupt)
            }
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            if !tables.isEmpty, !tables.contains("grdb_migrations") {
                throw StoreError.io(path: url.path, reason: "is an SQLite database of another program (it has tables, none of backend-tutor's); nothing was changed. Pass --db with backend-tutor's file, or a new path")
            }
            if try migrator.hasBeenSuperseded(db) || Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 > schemaVersion {
                throw StoreError.newerDatabase(path: url.path)
            }
        }
        try queue.writeWithoutTransaction { db in
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" { try db.execute(sql: "PRAGMA journal_mode = WAL") }
            // As GRDB's pools do: in WAL mode, NORMAL loses no committed transaction to a crash
            // of the process, only (at worst) the last ones to a power cut.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try migrator.migrate(queue)
        try queue.write { db in
            if try Int.fetchOne(db, sql: "PRAGMA user_version") != schemaVersion { try db.execute(sql: "PRAGMA user_version = \(schemaVersion)") }
        }
        return queue
    }

    /// Renames the broken file (and its WAL and shared-memory files) aside; never deletes them.
    static func moveAside(_ url: URL, now: Date) throws(StoreError) -> String {
        let stamp = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withYear, .withMonth, .withDay, .withTime, .withTimeZone])
        var target = url.path + ".corrupt-" + stamp
        var counter = 1
        while FileManager.default.fileExists(atPath: target) {
            counter += 1
            target = url.path + ".corrupt-" + stamp + "-\(counter)"
        }
        do {
            try FileManager.default.moveItem(atPath: url.path, toPath: target)
            for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: url.path + suffix) {
                try FileManager.default.moveItem(atPath: url.path + suffix, toPath: target + suffix)
            }
        } catch {
            throw .io(path: url.path, reason: "the file is not a usable progress database and could not be moved aside: \(ErrorReason.of(error))")
        }
        return target
    }

    /// Runs `body` in one write transaction, mapping database failures to a message.
    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer().write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .io(path: url?.path ?? ":memory:", reason: "could not save progress: \(ErrorReason.of(error))")
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer().read(body)
        } catch {
            throw .io(path: url?.path ?? ":memory:", reason: "could not read progress: \(ErrorReason.of(error))")
        }
    }

    /// `make` applied to each row of `sql`: through the plain connection when the store has one
    /// and it takes every value as stored, else through GRDB. `make` sees the same values either way.
    func fetchAll<T>(_ sql: String, _ arguments: [StoredArgument], _ make: (any StoredRow) throws -> T) throws(StoreError) -> [T] {
        if let rows = plain?.fetchAll(sql, arguments, make) { return rows }
        return try read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments.map(\.databaseValue)))
            var made: [T] = []
            while let row = try rows.next() { made.append(try make(row)) }
            return made
        }
    }

    // MARK: - Profiles

    /// The named profile, created on first use.
    public func profile(named name: String, now: Date) throws(StoreError) -> Profile {
        // Looked for first without a write, which would open GRDB's connection for nothing.
        if let existing = try existingProfile(named: name) { return existing }
        return try write { db in
            if let existing = try Profile.fetchOne(db, sql: "SELECT * FROM profile WHERE name = ?", arguments: [name]) { return existing }
            return try NewProfile(name: name, stack: nil, createdAt: now, currentItem: nil).insert(db)
        }
    }

    /// The named profile if it exists; never writes.
    public func existingProfile(named name: String) throws(StoreError) -> Profile? {
        try fetchAll("SELECT * FROM profile WHERE name = ?", [.text(name)]) { try Profile(stored: $0) }.first
    }

    public func profiles() throws(StoreError) -> [Profile] {
        try read { db in try Profile.fetchAll(db, sql: "SELECT * FROM profile ORDER BY name") }
    }

    /// Ticks milestones of a project with `count` milestones, in one transaction, and settles the
    /// project: done once every milestone is, else in progress. With `verifiedAt` the milestones
    /// are also recorded as proved by `verify`. Returns whether the project is done.
    @discardableResult
    public func tick(_ numbers: [Int], of project: String, milestones count: Int, verifiedAt: Date? = nil,
                     for profile: Profile, now: Date) throws(StoreError) -> Bool {
        try write { db in
            func status(_ key: ItemKey) throws -> ItemStatus? {
                try ItemState.fetchOne(db, key: ["profileId": profile.id, "item": key.text])?.status
            }
            for number in numbers {
                if let verifiedAt {
                    try db.execute(sql: "INSERT OR REPLACE INTO verification (profileId, project, milestone, verifiedAt) VALUES (?, ?, ?, ?)",
                                   arguments: [profile.id, project, number, verifiedAt])
                }
            }
            let unticked = try numbers.map { ItemKey.milestone(project: project, number: $0) }.filter { try status($0) != .done }
            try Self.save(unticked, as: .done, event: .finished, profile: profile, now: now, in: db)
            let done = try (1...max(count, 1)).allSatisfy { try status(.milestone(project: project, number: $0)) == .done }
            let projectStatus = try status(.project(project))
            if done, projectStatus != .done {
                try Self.save([.project(project)], as: .done, event: .finished, profile: profile, now: now, in: db)
            } else if !done, projectStatus == nil {
                try Self.save([.project(project)], as: .inProgress, event: .opened, profile: profile, now: now, in: db)
            }
            return done
        }
    }

    /// Forgets what `verify` proved: of one project, or of every project.
    public func clearVerified(project: String?, for profile: Profile) throws(StoreError) {
        try write { db in
            if let project {
                try db.execute(sql: "DELETE FROM verification WHERE profileId = ? AND project = ?", arguments: [profile.id, project])
            } else {
                try db.execute(sql: "DELETE FROM verification WHERE profileId = ?", arguments: [profile.id])
            }
        }
    }

    /// When each of a project's milestones was last verified.
    public func verified(project: String, for profile: Profile) throws(StoreError) -> [Int: Date] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT milestone, verifiedAt FROM verification WHERE profileId = ? AND project = ?",
                                        arguments: [profile.id, project])
            return Dictionary(rows.map { ($0["milestone"] as Int, $0["verifiedAt"] as Date) }, uniquingKeysWith: max)
        }
    }

    /// How many milestones of each project are verified.
    public func verifiedCounts(for profile: Profile) throws(StoreError) -> [String: Int] {
        let counts = try fetchAll("SELECT project, COUNT(*) AS n FROM verification WHERE profileId = ? GROUP BY project", [.integer(profile.id)]) { row in
            (try row.required("project") as String, try row.required("n") as Int)
        }
        return Dictionary(counts, uniquingKeysWith: +)
    }

    /// The command that starts the learner's server for a project, as last given to `--run`.
    public func runCommand(project: String, for profile: Profile) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT command FROM projectCommand WHERE profileId = ? AND project = ?", arguments: [profile.id, project])
        }
    }

    public func setRunCommand(_ command: String, project: String, for profile: Profile) throws(StoreError) {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO projectCommand (profileId, project, command) VALUES (?, ?, ?)", arguments: [profile.id, project, command])
        }
    }

    /// Whether the learner sees every stack's examples, not only their own.
    public func setAllStacks(_ all: Bool, for profile: Profile) throws(StoreError) -> Profile {
        try write { db in
            var updated = try Profile.fetchOne(db, key: profile.id) ?? profile
            updated.allStacks = all
            try updated.update(db)
            return updated
        }
    }

    public func setStack(_ stack: Stack, for profile: Profile, now: Date) throws(StoreError) -> Profile {
        try write { db in
            var updated = try Profile.fetchOne(db, key: profile.id) ?? profile
            updated.stack = stack
            try updated.update(db)
            try ProgressEvent(profile: profile, at: now, kind: .stack, item: .stack(stack)).insert(db)
            return updated
        }
    }

    // MARK: - Items

    /// Opens an item: it becomes the current one, and not-started becomes in-progress.
    public func open(_ item: ItemKey, for profile: Profile, now: Date) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE profile SET currentItem = ? WHERE id = ?", arguments: [item.text, profile.id])
            let existing = try Self.status(of: item, profile: profile, in: db)
            if existing == nil || existing == .notStarted {
                try Self.store(item, as: .inProgress, profile: profile, at: now, in: db)
            }
            try Self.log(.opened, .item(item), profile: profile, at: now, in: db)
        }
    }

    /// Sets items' statuses and logs one event each, all in one transaction.
    public func set(_ items: [ItemKey], to status: ItemStatus, event: ProgressEvent.Kind, for profile: Profile, now: Date) throws(StoreError) {
        try write { db in try Self.save(items, as: status, event: event, profile: profile, now: now, in: db) }
    }

    /// Skipping or marking known never downgrades what is done; `reset` is the one way back.
    private static func save(_ items: [ItemKey], as status: ItemStatus, event: ProgressEvent.Kind, profile: Profile, now: Date, in db: Database) throws {
        for item in items {
            if status == .skipped || status == .known, let existing = try Self.status(of: item, profile: profile, in: db), existing.isDone {
                continue
            }
            try store(item, as: status, profile: profile, at: now, in: db)
            try log(event, .item(item), profile: profile, at: now, in: db)
        }
    }

    // Statuses and events are read and written with plain prepared statements, as the import's
    // merge writes them: GRDB's record fetch, save (Codable encoding, an update then an insert)
    // and insert were 10 million instructions of `next`, most of it the runtime's first look at
    // the generic types behind them.

    /// An item's stored status; nil when it has none, or one this version does not know.
    private static func status(of item: ItemKey, profile: Profile, in db: Database) throws -> ItemStatus? {
        let select = try db.cachedStatement(sql: "SELECT status FROM itemStatus WHERE profileId = ? AND item = ?")
        return try String.fetchOne(select, arguments: [profile.id, item.text]).flatMap(ItemStatus.init(rawValue:))
    }

    private static func store(_ item: ItemKey, as status: ItemStatus, profile: Profile, at now: Date, in db: Database) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO itemStatus (profileId, item, status, updatedAt) VALUES (?, ?, ?, ?)
            ON CONFLICT (profileId, item) DO UPDATE SET status = excluded.status, updatedAt = excluded.updatedAt
            """)
        try upsert.execute(arguments: [profile.id, item.text, status.rawValue, now.stored])
    }

    private static func log(_ kind: ProgressEvent.Kind, _ subject: EventSubject, profile: Profile, at now: Date, in db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO event (profileId, at, kind, item, detail) VALUES (?, ?, ?, ?, NULL)")
        try insert.execute(arguments: [profile.id, now.stored, kind.rawValue, subject.text])
    }

    /// Records one event without changing any status.
    public func log(_ kind: ProgressEvent.Kind, item: ItemKey, for profile: Profile, now: Date) throws(StoreError) {
        try write { db in
            try Self.log(kind, .item(item), profile: profile, at: now, in: db)
        }
    }

    /// Starts the path at `level` in one transaction: the items of earlier levels given in
    /// `known` are marked known, and the start itself is logged.
    public func start(_ profile: Profile, at level: Level, marking known: [ItemKey], now: Date) throws(StoreError) {
        try write { db in
            try Self.save(known, as: .known, event: .known, profile: profile, now: now, in: db)
            try Self.log(.known, .level(level), profile: profile, at: now, in: db)
        }
    }

    public func statuses(for profile: Profile) throws(StoreError) -> [ItemKey: ItemStatus] {
        let states = try fetchAll("SELECT * FROM itemStatus WHERE profileId = ?", [.integer(profile.id)]) { try ItemState(stored: $0) }
        return Dictionary(states.map { ($0.item, $0.status) }, uniquingKeysWith: { $1 })
    }

    public func events(for profile: Profile) throws(StoreError) -> [ProgressEvent] {
        try fetchAll("SELECT * FROM event WHERE profileId = ? ORDER BY at, id", [.integer(profile.id)]) { try ProgressEvent(stored: $0) }
    }

    /// Whether the learner has done anything but choose a stack.
    public func hasStarted(_ profile: Profile) throws(StoreError) -> Bool {
        try read { db in
            try ProgressEvent.filter(ProgressEvent.Columns.profileId == profile.id && ProgressEvent.Columns.kind != ProgressEvent.Kind.stack).isEmpty(db) == false
        }
    }

    /// The latest time the learner opened, finished or skipped something.
    public func lastActivity(for profile: Profile) throws(StoreError) -> Date? {
        try read { db in
            try ProgressEvent.select(ProgressEvent.Columns.at, as: Date.self)
                .filter(ProgressEvent.Columns.profileId == profile.id && [ProgressEvent.Kind.opened, .finished, .skipped].contains(ProgressEvent.Columns.kind))
                .order(ProgressEvent.Columns.at.desc)
                .fetchOne(db)
        }
    }

    /// The profile as stored now (its current item may have changed in another process).
    public func reload(_ profile: Profile) throws(StoreError) -> Profile {
        try fetchAll("SELECT * FROM profile WHERE id = ?", [.integer(profile.id)]) { try Profile(stored: $0) }.first ?? profile
    }
}
