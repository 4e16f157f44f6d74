import Foundation
import GRDB

/// The cohort a profile syncs with: its join code and name, the server it lives on, how far the
/// pull has read, and when the last sync ended. One per profile; `cohort leave` removes it.
public struct CohortLink: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "cohortLink"
    public var profileId: Int64
    /// The join code.
    public var code: String
    public var name: String
    /// The teacher's PostgreSQL role.
    public var teacher: String
    /// `user@host:port/database`: acknowledged records and the cursor belong to it.
    public var server: String
    /// The `--cohort-url` given when joining (never with a password), for the syncs after it;
    /// nil means the PG* environment at each sync.
    public var url: String?
    /// The last server sequence number applied here.
    public var cursor: Int64
    public var joinedAt: Date
    public var lastSyncAt: Date?
    /// When a sync was last started after a command, to start one at most every few seconds.
    public var lastAutoSyncAt: Date?

    public init(profileId: Int64, code: String, name: String, teacher: String, server: String, url: String?, joinedAt: Date) {
        self.profileId = profileId
        self.code = code
        self.name = name
        self.teacher = teacher
        self.server = server
        self.url = url
        self.cursor = 0
        self.joinedAt = joinedAt
    }

    /// Local migration v6.
    static func createTables(_ db: Database) throws {
        try db.create(table: "cohortLink") { t in
            t.primaryKey("profileId", .integer).references("profile")
            t.column("code", .text).notNull()
            t.column("name", .text).notNull()
            t.column("teacher", .text).notNull()
            t.column("server", .text).notNull()
            t.column("url", .text)
            t.column("cursor", .integer).notNull().defaults(to: 0)
            t.column("joinedAt", .datetime).notNull()
            t.column("lastSyncAt", .datetime)
            t.column("lastAutoSyncAt", .datetime)
        }
        // The records the server has acknowledged, per profile and server.
        try db.create(table: "cohortAck", options: .withoutRowID) { t in
            t.column("profileId", .integer).notNull().references("profile")
            t.column("server", .text).notNull()
            t.column("recordId", .text).notNull()
            t.primaryKey(["profileId", "server", "recordId"])
        }
    }
}

/// What a push still has to send and what the server already has.
public struct CohortOutbox: Sendable {
    /// Records the server has not acknowledged, in the order they are sent.
    public var pending: [CohortRecord]
    /// How many of the profile's records it already holds.
    public var acknowledged: Int
}

extension ProgressStore {
    /// Whether the profile called `name` is in a cohort: one plain query, asked after every
    /// command that may change progress (the record fetch it spares was 1.4 million instructions of `next`).
    public func isInCohort(profileNamed name: String) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM cohortLink JOIN profile ON profile.id = cohortLink.profileId WHERE profile.name = ?)",
                              arguments: [name]) ?? false
        }
    }

    public func cohortLink(for profile: Profile) throws(StoreError) -> CohortLink? {
        try read { db in try CohortLink.fetchOne(db, key: profile.id) }
    }

    /// Links the profile to a cohort. Joining one on another server starts its records and
    /// cursor afresh; on the same server they carry on.
    public func link(_ link: CohortLink) throws(StoreError) {
        try write { db in
            if let old = try CohortLink.fetchOne(db, key: link.profileId), old.server == link.server {
                var kept = link
                kept.cursor = old.cursor
                kept.lastSyncAt = old.lastSyncAt
                try kept.save(db)
            } else {
                try link.save(db)
            }
        }
    }

    /// Unlinks the profile; what it learned stays, and so do the acknowledgements.
    public func unlink(_ profile: Profile) throws(StoreError) {
        _ = try write { db in try CohortLink.deleteOne(db, key: profile.id) }
    }

    /// The profile's current records the server has not acknowledged.
    public func outbox(for profile: Profile, server: String, now: Date) throws(StoreError) -> CohortOutbox {
        let exported = try export(now: now).profiles.first { $0.name == profile.name }
        let records = exported.map(CohortRecords.records(of:)) ?? []
        let acknowledged = try read { db in
            Set(try String.fetchAll(db, sql: "SELECT recordId FROM cohortAck WHERE profileId = ? AND server = ?", arguments: [profile.id, server]))
        }
        var seen = Set<String>()
        var pending: [CohortRecord] = []
        var held = 0
        for record in records {
            let id = record.id
            guard seen.insert(id).inserted else { continue }
            if acknowledged.contains(id) { held += 1 } else { pending.append(record) }
        }
        return CohortOutbox(pending: pending, acknowledged: held)
    }

    /// Notes that the server holds these records: after its transaction committed.
    public func acknowledge(_ ids: [String], for profile: Profile, server: String) throws(StoreError) {
        try write { db in
            for id in ids {
                try db.execute(sql: "INSERT OR IGNORE INTO cohortAck (profileId, server, recordId) VALUES (?, ?, ?)", arguments: [profile.id, server, id])
            }
        }
    }

    /// Folds records pulled from the server into the store with the import's "newer work
    /// wins" rule, acknowledges them, then moves the cursor to `cursor`. Applying a batch twice
    /// changes nothing the second time; a run killed before the cursor moved applies it again.
    @discardableResult
    public func apply(pulled: [(id: String, record: CohortRecord)], cursor: Int64, for profile: Profile, server: String,
                      rules: ProgressExport.Rules) throws(StoreError) -> (applied: Int, refused: Int) {
        let (accepted, refused) = CohortRecords.accepted(pulled.map(\.record), rules: rules)
        if !accepted.isEmpty {
            _ = try merge(CohortRecords.export(name: profile.name, createdAt: profile.createdAt, records: accepted, now: rules.now))
        }
        let acceptedIds = Set(accepted.map(\.id))
        try write { db in
            for (id, _) in pulled where acceptedIds.contains(id) {
                try db.execute(sql: "INSERT OR IGNORE INTO cohortAck (profileId, server, recordId) VALUES (?, ?, ?)", arguments: [profile.id, server, id])
            }
            // Two syncs at once never move the cursor back.
            try db.execute(sql: "UPDATE cohortLink SET cursor = max(cursor, ?) WHERE profileId = ? AND server = ?", arguments: [cursor, profile.id, server])
        }
        return (accepted.count, refused)
    }

    /// Records that a sync ended well.
    public func noteSynced(_ profile: Profile, at date: Date) throws(StoreError) {
        try write { db in try db.execute(sql: "UPDATE cohortLink SET lastSyncAt = ? WHERE profileId = ?", arguments: [date, profile.id]) }
    }

    /// Whether a sync after a command is due (none started in the last `interval` seconds);
    /// when it is, notes it as started now, so concurrent commands start one between them.
    public func claimAutoSync(_ profile: Profile, now: Date, interval: TimeInterval) throws(StoreError) -> CohortLink? {
        try write { db in
            guard var link = try CohortLink.fetchOne(db, key: profile.id) else { return nil }
            if let last = link.lastAutoSyncAt, now.timeIntervalSince(last) < interval, last <= now { return nil }
            link.lastAutoSyncAt = now
            try link.update(db)
            return link
        }
    }

    /// How many of the profile's records the server has acknowledged.
    public func acknowledgedCount(for profile: Profile, server: String) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM cohortAck WHERE profileId = ? AND server = ?", arguments: [profile.id, server]) ?? 0
        }
    }
}

extension ProgressStore {
    /// Which of `ids` the server has acknowledged to this profile already.
    public func acknowledged(among ids: [String], for profile: Profile, server: String) throws(StoreError) -> Set<String> {
        try read { db in
            var found = Set<String>()
            for chunk in ids.chunked(500) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                let values: [(any DatabaseValueConvertible)?] = [profile.id, server] + chunk.map { $0 }
                let arguments = StatementArguments(values)
                found.formUnion(try String.fetchAll(db, sql: "SELECT recordId FROM cohortAck WHERE profileId = ? AND server = ? AND recordId IN (\(marks))", arguments: arguments))
            }
            return found
        }
    }
}
