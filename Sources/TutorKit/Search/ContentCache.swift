import Foundation
import GRDB

/// The cache database in `$XDG_CACHE_HOME/backend-tutor/`: the full-text search index and the
/// last search's results, with the catalog's snapshot (a file of its own) beside it. Safe to delete.
public final class ContentCache: Sendable {
    let queue: DatabaseQueue
    public let url: URL?
    /// The catalog's snapshot for the same content root: a file beside the database, or in memory
    /// when the database is. Its build also marks the index, so an index written by another
    /// build is never trusted.
    public let snapshot: CatalogSnapshot

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
        migrator.registerMigration("v2: the catalog snapshot is a file of its own") { db in
            try db.drop(table: "catalogSnapshot")
            try db.execute(sql: "DELETE FROM meta WHERE key IN ('catalog.fingerprint', 'catalog.contentHash', 'facts.fingerprint')")
        }
        return migrator
    }

    private init(queue: DatabaseQueue, url: URL?, snapshot: CatalogSnapshot) {
        self.queue = queue
        self.url = url
        self.snapshot = snapshot
    }

    public static func inMemory(build: BuildIdentity = BuildIdentity("memory")) -> ContentCache {
        // An in-memory database with the schema cannot fail short of running out of memory.
        let queue = try! DatabaseQueue()
        try! migrator.migrate(queue)
        return ContentCache(queue: queue, url: nil, snapshot: .inMemory(build: build))
    }

    /// The cache file of a content root.
    public static func fileURL(directory: URL, root: URL) -> URL {
        directory.appendingPathComponent("index-\(Hash64.hex(root.standardizedFileURL.path)).sqlite")
    }

    /// Opens the cache for a content root. A file that is not a cache (or one another version
    /// wrote) is deleted and made anew, under a lock, since it holds nothing that cannot be
    /// rebuilt; a cache that cannot be written, or is a link, is replaced by one in memory for
    /// this run, and so is its catalog snapshot. The notice, if any, is one line for the learner.
    public static func open(directory: URL, root: URL, build: BuildIdentity) -> (ContentCache, notice: String?) {
        let url = fileURL(directory: directory, root: root)
        do {
            try PrivateFiles.createDirectory(directory)
            try PrivateFiles.createFile(url.path)
            guard access(url.path, W_OK) == 0, access(directory.path, W_OK) == 0 else {
                throw FileFailure(path: url.path, reason: "cannot be written")
            }
            return try FileLock.withLock(at: url.path + ".lock") {
                let snapshot = CatalogSnapshot(directory: directory, root: root, build: build)
                do {
                    return (try openFile(url, snapshot: snapshot), nil)
                } catch {
                    remove(url)
                    try PrivateFiles.createFile(url.path)
                    return (try openFile(url, snapshot: snapshot), "the content cache was unreadable and has been rebuilt")
                }
            }
        } catch {
            let reason = (error as? FileFailure)?.reason ?? ErrorReason.of(error)
            return (inMemory(build: build), "the content cache \(url.path) \(reason); this run keeps it in memory")
        }
    }

    private static func openFile(_ url: URL, snapshot: CatalogSnapshot) throws -> ContentCache {
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
        return ContentCache(queue: queue, url: url, snapshot: snapshot)
    }

    /// Closes the database connection; the cache cannot be used afterwards. A cache that is
    /// simply freed closes it too.
    public func close() { try? queue.close() }

    /// Deletes a cache file and its WAL files.
    public static func remove(_ url: URL) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
    }

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

    /// Whether the search index matches the content under `root` as it is now, so a search
    /// needs neither the catalog nor a rebuild.
    public func indexIsFresh(root: URL) -> Bool { freshIndexHash(root: root) != nil }

    /// The hash of the content the index was built from, when it is the content under `root` as
    /// it is now; nil when the index must be built.
    public func freshIndexHash(root: URL) -> String? {
        guard let indexed = meta("index.contentHash"), let hash = snapshot.contentHash(root: root), indexed == hash else { return nil }
        return hash
    }

    /// The hash of the content `catalog` was read from: the one it carries, else the snapshot's
    /// while the files are as they were, else one made from the files now.
    func contentHash(of catalog: Catalog) -> String {
        catalog.contentHash ?? snapshot.contentHash(root: catalog.root)
            ?? snapshot.stamped(ContentFingerprint.of(catalog.root).contentHash(root: catalog.root))
    }

    /// The catalog for `root`, from the snapshot beside this cache (see ``CatalogSnapshot``).
    public func catalog(root: URL) -> CatalogSnapshot.Loaded { snapshot.catalog(root: root) }

    /// The facts stored with the snapshot beside this cache (see ``CatalogSnapshot/facts(matching:)``).
    public func facts(matching facts: ContentFingerprint) -> Facts? { snapshot.facts(matching: facts) }
}
