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

    /// What every command decodes from the snapshot with the skills' metadata (a compact part of
    /// its own): the paths and the projects' outlines. The other parts are rows of their own,
    /// decoded when first used.
    struct Core: Equatable {
        var paths: [LearningPath]
        var outlines: [ProjectOutline]
        var problems: [ContentProblem]
    }

    /// The snapshot's rows.
    enum Part: Int, CaseIterable {
        case core = 1, projects, comparisons, checklists, facts, skills
    }

    /// Whether the search index matches the content under `root` as it is now, so a search
    /// needs neither the catalog nor a rebuild.
    public func indexIsFresh(root: URL) -> Bool {
        guard let indexed = meta("index.contentHash"), indexed == meta("catalog.contentHash") else { return false }
        return meta("catalog.fingerprint") == stamped(ContentFingerprint.of(root).listing)
    }

    /// The facts stored with the snapshot, when the facts files are as they were when it was
    /// taken (`facts` is their fingerprint now); nil when they have changed, or when there is no
    /// snapshot. Never rebuilds: a command that shows one skill reads the facts files itself then.
    public func facts(matching facts: ContentFingerprint) -> Facts? {
        guard let stored = try? storedMeta("facts.fingerprint"), stored == stamped(facts.listing),
              let data = try? queue.read({ try Data.fetchOne($0, sql: "SELECT json FROM catalogSnapshot WHERE id = ?", arguments: [Part.facts.rawValue]) })
        else { return nil }
        return Self.facts(compact: data)
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
                // Taken before the files are read: a facts file changed meanwhile is read again.
                let factsListing = stamped(ContentFingerprint.of(root, folder: Facts.folder).listing)
                let hash = stamped(fingerprint.contentHash(root: root))
                if try storedMeta("catalog.contentHash") == hash, let catalog = try snapshot(root: root) {
                    // Touched but unchanged (or just stored by another process): remember the listings.
                    try queue.write { try setMeta(["catalog.fingerprint": listing, "facts.fingerprint": factsListing], in: $0) }
                    return Loaded(catalog: catalog, rebuilt: false, damaged: false)
                }
                let catalog = Catalog.load(from: root)
                let encoder = JSONEncoder()
                let core = Core(paths: Array(catalog.paths.values).sorted { $0.slug < $1.slug },
                                outlines: catalog.projectOutlines, problems: catalog.problems)
                let parts: [(Part, Data)] = [
                    (.core, core.compact()), (.skills, SkillMetadata.compact(catalog.skills)), (.projects, try encoder.encode(catalog.projects.map(\.withoutCriteria))),
                    (.comparisons, try encoder.encode(catalog.comparisons)), (.checklists, try encoder.encode(catalog.checklists)),
                    (.facts, Self.compact(catalog.facts)),
                ]
                try queue.write { db in
                    try db.execute(sql: "DELETE FROM catalogSnapshot")
                    for (part, data) in parts {
                        try db.execute(sql: "INSERT INTO catalogSnapshot (id, json) VALUES (?, ?)", arguments: [part.rawValue, data])
                    }
                    try setMeta(["catalog.fingerprint": listing, "catalog.contentHash": hash, "facts.fingerprint": factsListing], in: db)
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
        let rows = try queue.read { try Row.fetchAll($0, sql: "SELECT id, json FROM catalogSnapshot") }
        // Parts at their raw value's place, not in a dictionary keyed by them: its first use cost
        // the runtime a search of the binary's conformances, 0.5 million instructions.
        var parts = [Data?](repeating: nil, count: Part.allCases.count + 1)
        for row in rows {
            if let part = Part(rawValue: row["id"]) { parts[part.rawValue] = row["json"] }
        }
        guard let coreData = parts[Part.core.rawValue], let core = try? Core.decompact(coreData),
              let skillsData = parts[Part.skills.rawValue], let skills = try? SkillMetadata.decompact(skillsData),
              let projects = parts[Part.projects.rawValue], let comparisons = parts[Part.comparisons.rawValue],
              let checklists = parts[Part.checklists.rawValue], let facts = parts[Part.facts.rawValue] else { return nil }
        // A part that no longer decodes (the file damaged since) is read again from the files.
        func deferred<T: Decodable & Sendable>(_ data: Data, else fallback: @escaping @Sendable (Catalog) -> T) -> Deferred<T> {
            Deferred { (try? JSONDecoder().decode(T.self, from: data)) ?? fallback(Catalog.load(from: root)) }
        }
        return Catalog(root: root, metadata: skills, paths: Dictionary(core.paths.map { ($0.slug, $0) }, uniquingKeysWith: { a, _ in a }),
                       outlines: core.outlines, projects: deferred(projects) { $0.projects.map(\.withoutCriteria) }, projectsComplete: false,
                       comparisons: deferred(comparisons) { $0.comparisons }, checklists: deferred(checklists) { $0.checklists },
                       facts: Deferred { Self.facts(compact: facts) ?? Facts.read(root: root).0 }, problems: core.problems)
    }

    /// Facts in the compact byte form, as a flat list of strings: JSONDecoder took 4.9 million
    /// instructions of `skill` on the shipped curriculum's 180 facts.
    static func compact(_ facts: Facts) -> Data {
        var writer = CompactWriter()
        writer.strings(flat(facts))
        return Data(writer.bytes)
    }

    /// The facts ``compact(_:)`` wrote, nil when the bytes are not such a list.
    static func facts(compact data: Data) -> Facts? {
        var reader = CompactReader(data)
        guard let flat = try? reader.strings(), reader.isAtEnd else { return nil }
        return facts(flat: flat)
    }

    /// Facts as one flat list of strings, seven to a fact.
    static func flat(_ facts: Facts) -> [String] {
        facts.facts.values.sorted { $0.id < $1.id }.flatMap { [$0.id, $0.value, $0.source, $0.checked, $0.reviewBy, $0.file, String($0.line)] }
    }

    /// The facts of a flat list, nil when it is not one.
    static func facts(flat: [String]) -> Facts? {
        guard flat.count % 7 == 0 else { return nil }
        var facts: [Facts.Fact] = []
        for start in stride(from: 0, to: flat.count, by: 7) {
            guard let line = Int(flat[start + 6]) else { return nil }
            facts.append(Facts.Fact(id: flat[start], value: flat[start + 1], source: flat[start + 2], checked: flat[start + 3],
                                    reviewBy: flat[start + 4], file: flat[start + 5], line: line))
        }
        return Facts(facts)
    }
}
