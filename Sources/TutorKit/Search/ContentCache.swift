import Foundation
import GRDB

/// The cache database in `$XDG_CACHE_HOME/backend-tutor/`: the catalog's metadata (so start-up
/// need not parse every content file) and the full-text search index. Safe to delete.
public final class ContentCache: Sendable {
    let queue: DatabaseQueue
    public let url: URL?
    /// The build that reads the content: every key the cache keeps includes it, so a snapshot or
    /// index written by another build is never trusted.
    public let build: BuildIdentity

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: meta, catalog, search index") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "catalogSnapshot") { t in
                t.primaryKey("id", .integer)
                t.column("json", .blob).notNull()
            }
            try db.execute(sql: """
                CREATE VIRTUAL TABLE doc USING fts5(title, heading, body, kind UNINDEXED, ref UNINDEXED, location UNINDEXED,
                    tokenize = 'porter unicode61')
                """)
            try db.create(table: "lastSearch") { t in
                t.primaryKey("rank", .integer)
                t.column("kind", .text).notNull()
                t.column("ref", .text).notNull()
                t.column("location", .text).notNull()
            }
        }
        return migrator
    }

    private init(queue: DatabaseQueue, url: URL?, build: BuildIdentity) {
        self.queue = queue
        self.url = url
        self.build = build
    }

    public static func inMemory(build: BuildIdentity = BuildIdentity("memory")) -> ContentCache {
        // An in-memory database with the schema cannot fail short of running out of memory.
        let queue = try! DatabaseQueue()
        try! migrator.migrate(queue)
        return ContentCache(queue: queue, url: nil, build: build)
    }

    /// Opens the cache for a content root. A file that is not a cache (or one another version
    /// wrote) is deleted and made anew, under a lock, since it holds nothing that cannot be
    /// rebuilt; a cache that cannot be written, or is a link, is replaced by one in memory for
    /// this run. The notice, if any, is one line for the learner.
    /// The cache file of a content root.
    public static func fileURL(directory: URL, root: URL) -> URL {
        directory.appendingPathComponent("index-\(Hash64.hex(root.standardizedFileURL.path)).sqlite")
    }

    public static func open(directory: URL, root: URL, build: BuildIdentity) -> (ContentCache, notice: String?) {
        let url = fileURL(directory: directory, root: root)
        do {
            try PrivateFiles.createDirectory(directory)
            try PrivateFiles.createFile(url.path)
            guard access(url.path, W_OK) == 0, access(directory.path, W_OK) == 0 else {
                throw FileFailure(path: url.path, reason: "cannot be written")
            }
            return try FileLock.withLock(at: url.path + ".lock") {
                do {
                    return (try openFile(url, build: build), nil)
                } catch {
                    remove(url)
                    try PrivateFiles.createFile(url.path)
                    return (try openFile(url, build: build), "the content cache was unreadable and has been rebuilt")
                }
            }
        } catch {
            let reason = (error as? FileFailure)?.reason ?? ErrorReason.of(error)
            return (inMemory(build: build), "the content cache \(url.path) \(reason); this run keeps it in memory")
        }
    }

    private static func openFile(_ url: URL, build: BuildIdentity) throws -> ContentCache {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        // A cache can always be rebuilt: no waiting for the disk on every write. WAL lets one
        // process rebuild it while others keep reading the old content.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = OFF")
        }
        let queue = try DatabaseQueue(path: url.path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" { try db.execute(sql: "PRAGMA journal_mode = WAL") }
        }
        let migrator = Self.migrator
        if try queue.read({ try migrator.hasBeenSuperseded($0) }) {
            throw DatabaseError(resultCode: .SQLITE_ERROR, message: "written by another version")
        }
        try migrator.migrate(queue)
        return ContentCache(queue: queue, url: url, build: build)
    }

    /// Deletes a cache file and its WAL files.
    public static func remove(_ url: URL) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
    }

    /// A key or hash of the content, made specific to this build.
    func stamped(_ value: String) -> String { "\(build)|\(value)" }

    /// Deletes a damaged cache file so that the next run builds it anew.
    public func discard() {
        guard let url else { return }
        _ = try? FileLock.withLock(at: url.path + ".lock") { Self.remove(url) }
    }

    /// Runs `body` holding the lock that builders of this cache take turns with.
    func building<T>(_ body: () throws -> T) throws -> T {
        guard let url else { return try body() }
        return try FileLock.withLock(at: url.path + ".lock", timeout: 30, body)
    }

    /// Whether an error means the file itself is damaged.
    static func isDamage(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return [.SQLITE_CORRUPT, .SQLITE_NOTADB, .SQLITE_IOERR].contains(error.resultCode)
    }

    func meta(_ key: String) -> String? {
        try? queue.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    func setMeta(_ values: [String: String], in db: Database) throws {
        for (key, value) in values {
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value])
        }
    }

    // MARK: - Catalog snapshot

    /// What every command decodes: projects without their criteria, the largest part of the
    /// content and needed only to show or verify one project.
    struct Snapshot: Codable {
        var skills: [SkillMetadata]
        var paths: [LearningPath]
        var projects: [Project]
        var comparisons: [ComparisonEntry]
        var checklists: [Checklist]
        var facts: Facts
        var problems: [ContentProblem]
    }

    /// Whether the search index matches the content under `root` as it is now, so a search
    /// needs neither the catalog nor a rebuild.
    public func indexIsFresh(root: URL) -> Bool {
        guard let indexed = meta("index.contentHash"), indexed == meta("catalog.contentHash") else { return false }
        return meta("catalog.fingerprint") == stamped(ContentFingerprint.of(root).listing)
    }

    /// The catalog for `root`, and how it was had.
    public struct Loaded: Sendable {
        public var catalog: Catalog
        /// Loaded from the files (the content, or the build, changed).
        public var rebuilt: Bool
        /// The cache file is damaged: the catalog came from the files, and the file should go.
        public var damaged: Bool
    }

    /// The catalog for `root`: from the snapshot when the content is unchanged, else loaded
    /// from the files and stored (by one process at a time).
    public func catalog(root: URL) -> Loaded {
        let fingerprint = ContentFingerprint.of(root)
        let listing = stamped(fingerprint.listing)
        do {
            if try storedMeta("catalog.fingerprint") == listing, let catalog = try snapshot(root: root) {
                return Loaded(catalog: catalog, rebuilt: false, damaged: false)
            }
            return try building {
                let hash = stamped(fingerprint.contentHash(root: root))
                if try storedMeta("catalog.contentHash") == hash, let catalog = try snapshot(root: root) {
                    // Touched but unchanged (or just stored by another process): remember the listing.
                    try queue.write { try setMeta(["catalog.fingerprint": listing], in: $0) }
                    return Loaded(catalog: catalog, rebuilt: false, damaged: false)
                }
                let catalog = Catalog.load(from: root)
                let snapshot = Snapshot(skills: catalog.skills, paths: Array(catalog.paths.values).sorted { $0.slug < $1.slug }, projects: catalog.projects.map(\.withoutCriteria),
                                        comparisons: catalog.comparisons, checklists: catalog.checklists, facts: catalog.facts, problems: catalog.problems)
                let data = try JSONEncoder().encode(snapshot)
                try queue.write { db in
                    try db.execute(sql: "INSERT OR REPLACE INTO catalogSnapshot (id, json) VALUES (1, ?)", arguments: [data])
                    try setMeta(["catalog.fingerprint": listing, "catalog.contentHash": hash], in: db)
                }
                return Loaded(catalog: catalog, rebuilt: true, damaged: false)
            }
        } catch {
            return Loaded(catalog: Catalog.load(from: root), rebuilt: true, damaged: Self.isDamage(error))
        }
    }

    private func storedMeta(_ key: String) throws -> String? {
        try queue.read { try String.fetchOne($0, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    private func snapshot(root: URL) throws -> Catalog? {
        guard let data = try queue.read({ try Data.fetchOne($0, sql: "SELECT json FROM catalogSnapshot WHERE id = 1") }),
              let snapshot = try? JSONDecoder().decode(Snapshot.self, from: data) else { return nil }
        return Catalog(root: root, metadata: snapshot.skills, paths: Dictionary(snapshot.paths.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a }),
                       projects: snapshot.projects, projectsComplete: false, comparisons: snapshot.comparisons, checklists: snapshot.checklists, facts: snapshot.facts, problems: snapshot.problems)
    }
}
