import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import TutorKit

/// One connection to the cohort's server, as the role the person connects as. Every wait has a
/// timeout: connecting, and each statement (which the server also stops on its side).
public final class CohortServer: @unchecked Sendable {
    public let settings: CohortConnection
    let connection: PostgresConnection
    let logger: Logger
    /// The longest any one statement may take.
    let statementTimeout: TimeInterval

    init(settings: CohortConnection, connection: PostgresConnection, logger: Logger, statementTimeout: TimeInterval) {
        self.settings = settings
        self.connection = connection
        self.logger = logger
        self.statementTimeout = statementTimeout
    }

    /// Connects, waiting at most `timeout` seconds for the server to answer.
    public static func connect(_ settings: CohortConnection, timeout: Int, statementTimeout: TimeInterval = 60) async throws(CohortError) -> CohortServer {
        let logger = Logger(label: "backend-tutor-cohort") { _ in SwiftLogNoOpLogHandler() }
        var configuration: PostgresConnection.Configuration
        switch settings.endpoint {
        case .tcp(let host, let port):
            let tls: PostgresConnection.Configuration.TLS
            if settings.requiresTLS {
                do {
                    tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                } catch {
                    throw CohortError("could not set up TLS for \(host): \(error); nothing was sent")
                }
            } else {
                tls = .disable
            }
            configuration = .init(host: host, port: port, username: settings.user, password: settings.password, database: settings.database, tls: tls)
        case .socket(let directory, let port):
            configuration = .init(unixSocketPath: "\(directory)/.s.PGSQL.\(port)", username: settings.user, password: settings.password, database: settings.database)
        }
        configuration.options.connectTimeout = .seconds(Int64(timeout))
        // The server stops a statement that runs too long, and a session left idle in a transaction.
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", String(Int(statementTimeout * 1000))),
            ("idle_in_transaction_session_timeout", "60000"),
            ("application_name", "backend-tutor-cohort"),
        ]
        let ready = configuration
        do {
            let connection = try await withDeadline(seconds: TimeInterval(timeout) + 2) {
                try await PostgresConnection.connect(configuration: ready, id: 1, logger: logger)
            }
            return CohortServer(settings: settings, connection: connection, logger: logger, statementTimeout: statementTimeout)
        } catch {
            throw describe(error, settings: settings, connecting: true)
        }
    }

    public func close() async {
        try? await connection.close()
    }

    // MARK: Schema

    /// The server's schema version: 0 when the cohort tables are not there.
    public func schemaVersion() async throws(CohortError) -> Int {
        try await run {
            let exists = try await self.connection.query("SELECT to_regclass('tutor.schema_version') IS NOT NULL", logger: self.logger)
            for try await found in exists.decode(Bool.self) where !found { return 0 }
            let rows = try await self.connection.query("SELECT coalesce(max(version), 0) FROM tutor.schema_version", logger: self.logger)
            for try await version in rows.decode(Int.self) { return version }
            return 0
        }
    }

    /// Refuses a server whose schema this build does not know, before anything is written.
    public func requireSchema() async throws(CohortError) {
        let version = try await schemaVersion()
        try Self.check(serverVersion: version, server: settings.server)
    }

    static func check(serverVersion version: Int, server: String) throws(CohortError) {
        if version > ServerSchema.version {
            throw CohortError("the cohort schema on \(server) is version \(version), newer than this backend-tutor knows (\(ServerSchema.version)); nothing was written. Update backend-tutor, then sync again: your progress waits here.")
        }
        if version == 0 {
            throw CohortError.usage("\(server) has no cohort tables yet: a database owner runs `backend-tutor cohort setup` there once")
        }
        if version < ServerSchema.version {
            throw CohortError.usage("the cohort schema on \(server) is version \(version), older than this backend-tutor's \(ServerSchema.version): a database owner runs `backend-tutor cohort setup` to bring it up to date")
        }
    }

    /// Brings the server's schema to this build's version, in one transaction under a lock, so
    /// two setups at once apply each migration once. Returns the versions before and after.
    public func setup() async throws(CohortError) -> (from: Int, to: Int) {
        try await run {
            try await self.transaction { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(7402315)", logger: self.logger)
                for statement in ServerSchema.statements(ServerSchema.bootstrap) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                var current = 0
                for try await version in try await connection.query("SELECT coalesce(max(version), 0) FROM tutor.schema_version", logger: self.logger).decode(Int.self) {
                    current = version
                }
                if current > ServerSchema.version {
                    throw CohortError("the cohort schema on \(self.settings.server) is version \(current), newer than this backend-tutor knows (\(ServerSchema.version)); nothing was changed. Update backend-tutor.")
                }
                for migration in ServerSchema.migrations where migration.version > current {
                    for statement in ServerSchema.statements(migration.sql) {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                    }
                    try await connection.query("INSERT INTO tutor.schema_version (version, description) VALUES (\(migration.version), \(migration.description))", logger: self.logger)
                }
                return (current, ServerSchema.version)
            }
        }
    }

    // MARK: Cohorts

    /// Creates a cohort taught by the connected role; returns its join code.
    public func createCohort(name: String) async throws(CohortError) -> String {
        try await run {
            // A clash of codes is astronomically rare; a few tries settle it.
            for _ in 0..<5 {
                let code = JoinCode.make()
                let rows = try await self.connection.query("""
                    INSERT INTO tutor.cohorts (name, join_code) VALUES (\(name), \(code)) ON CONFLICT (join_code) DO NOTHING RETURNING join_code
                    """, logger: self.logger)
                for try await created in rows.decode(String.self) { return created }
            }
            throw CohortError("could not find a free join code; try again")
        }
    }

    /// Joins the cohort with `code` as the connected role: its name and teacher.
    public func join(code: String) async throws(CohortError) -> (name: String, teacher: String) {
        try await run {
            let rows = try await self.connection.query("SELECT cohort_name, cohort_teacher::text FROM tutor.join_cohort(\(code))", logger: self.logger)
            for try await (name, teacher) in rows.decode((String, String).self) { return (name, teacher) }
            throw CohortError("the server did not say which cohort it joined")
        }
    }

    /// Leaves the cohort with `code`; whether the role was in it.
    public func leave(code: String) async throws(CohortError) -> Bool {
        try await run {
            let rows = try await self.connection.query("""
                DELETE FROM tutor.members m USING tutor.cohorts c
                WHERE c.id = m.cohort_id AND c.join_code = \(code) AND m.learner = current_user RETURNING m.learner::text
                """, logger: self.logger)
            var left = false
            for try await _ in rows.decode(String.self) { left = true }
            return left
        }
    }

    /// The cohort a teacher teaches with `code`, or their only one when `code` is nil.
    public func taughtCohort(code: String?) async throws(CohortError) -> (id: Int64, name: String, code: String, teacher: String) {
        let found: [(Int64, String, String, String)] = try await run {
            let rows = try await self.connection.query("""
                SELECT id, name, join_code, teacher::text FROM tutor.cohorts WHERE teacher = current_user ORDER BY created_at
                """, logger: self.logger)
            var all: [(Int64, String, String, String)] = []
            for try await row in rows.decode((Int64, String, String, String).self) { all.append(row) }
            return all
        }
        if let code {
            guard let match = found.first(where: { $0.2 == code.uppercased() }) else {
                throw CohortError.usage("you teach no cohort with the code \(code) on \(settings.server)" + (found.isEmpty ? "" : "; yours: " + found.map { "\($0.1) (\($0.2))" }.joined(separator: ", ")))
            }
            return match
        }
        switch found.count {
        case 0: throw CohortError.usage("you (role \(settings.user)) teach no cohort on \(settings.server): `backend-tutor cohort create NAME` creates one")
        case 1: return found[0]
        default: throw CohortError.usage("you teach \(found.count) cohorts; name one: " + found.map { "cohort report \($0.2) (\($0.1))" }.joined(separator: ", "))
        }
    }

    /// Every member of cohort `id` with their records in server order, as one JSON array each:
    /// one row a learner, which the report decodes a learner per core.
    public func records(ofCohort id: Int64) async throws(CohortError) -> [(learner: String, records: String)] {
        try await run {
            let rows = try await self.connection.query("""
                SELECT m.learner::text, '[' || coalesce(string_agg(r.data, ',' ORDER BY r.seq), '') || ']'
                FROM tutor.members m LEFT JOIN tutor.records r ON r.learner = m.learner
                WHERE m.cohort_id = \(id) GROUP BY m.learner ORDER BY m.learner
                """, logger: self.logger)
            var all: [(learner: String, records: String)] = []
            for try await (learner, records) in rows.decode((String, String).self) { all.append((learner, records)) }
            return all
        }
    }

    // MARK: Sync

    /// Sends records in one transaction: returns the ids the server did not have. Those it had
    /// are left as they were (another machine, or a sync cut short, sent them).
    public func push(_ records: [(id: String, kind: String, data: String)],
                     beforeCommit: @escaping @Sendable () async throws -> Void = {}) async throws(CohortError) -> Set<String> {
        try await run {
            try await self.transaction { connection in
                // One push per learner at a time, so a pull's cursor never passes a record that
                // commits later with a smaller sequence number.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtext(current_user::text))", logger: self.logger)
                let ids = records.map(\.id), kinds = records.map(\.kind), data = records.map(\.data)
                let rows = try await connection.query("""
                    INSERT INTO tutor.records (id, kind, data) SELECT * FROM unnest(\(ids)::text[], \(kinds)::text[], \(data)::text[])
                    ON CONFLICT (learner, id) DO NOTHING RETURNING id
                    """, logger: self.logger)
                var inserted = Set<String>()
                for try await id in rows.decode(String.self) { inserted.insert(id) }
                try await beforeCommit()
                return inserted
            }
        }
    }

    /// The connected learner's records after `cursor`, at most `limit`, oldest first.
    public func pull(after cursor: Int64, limit: Int) async throws(CohortError) -> [(seq: Int64, id: String, data: String)] {
        try await run {
            let rows = try await self.connection.query("""
                SELECT seq, id, data FROM tutor.records WHERE learner = current_user AND seq > \(cursor) ORDER BY seq LIMIT \(limit)
                """, logger: self.logger)
            var result: [(Int64, String, String)] = []
            for try await row in rows.decode((Int64, String, String).self) { result.append(row) }
            return result
        }
    }

    /// The cohort the connected learner is in with `code`, if the server still has them in it.
    public func membership(code: String) async throws(CohortError) -> Bool {
        try await run {
            let rows = try await self.connection.query("""
                SELECT count(*) FROM tutor.members m JOIN tutor.cohorts c ON c.id = m.cohort_id WHERE c.join_code = \(code) AND m.learner = current_user
                """, logger: self.logger)
            for try await count in rows.decode(Int.self) { return count > 0 }
            return false
        }
    }

    // MARK: Errors

    /// Runs `body` with the statement deadline, mapping every failure to a message. When the
    /// deadline passes the connection is closed, which fails whatever `body` waits for.
    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws(CohortError) -> T {
        do {
            return try await Self.withDeadline(seconds: statementTimeout + 5, onTimeout: { [connection] in connection.close() }, body)
        } catch {
            throw Self.describe(error, settings: settings, connecting: false)
        }
    }

    struct DeadlinePassed: Error {}
    struct ConnectionClosed: Error {}

    /// `body`'s result, or `DeadlinePassed` after `seconds`, when `onTimeout` runs. Neither waits
    /// for the other: a query sent on a connection the server dropped may never be answered.
    static func withDeadline<T: Sendable>(seconds: TimeInterval, onTimeout: @escaping @Sendable () -> Void = {},
                                          _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = Race<T>()
        return try await withCheckedThrowingContinuation { continuation in
            race.start(continuation)
            let work = Task {
                do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
            }
            race.timer = Task {
                try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                if !Task.isCancelled, race.finish(.failure(DeadlinePassed())) {
                    onTimeout()
                    work.cancel()
                }
            }
        }
    }

    /// The first of a body and its timer to finish resumes the caller; the other is ignored.
    final class Race<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<T, any Error>?
        var timer: Task<Void, Never>? {
            get { lock.withLock { storedTimer } }
            set { lock.withLock { storedTimer = newValue } }
        }
        private var storedTimer: Task<Void, Never>?

        func start(_ continuation: CheckedContinuation<T, any Error>) { lock.withLock { self.continuation = continuation } }

        /// Resumes the caller with `result` unless it was resumed already; whether it did.
        @discardableResult
        func finish(_ result: Result<T, any Error>) -> Bool {
            let (waiting, timer): (CheckedContinuation<T, any Error>?, Task<Void, Never>?) = lock.withLock {
                defer { continuation = nil }
                return (continuation, storedTimer)
            }
            guard let waiting else { return false }
            if case .success = result { timer?.cancel() }
            waiting.resume(with: result)
            return true
        }
    }

    /// `body` in a transaction under `connection`; refused, rather than sent, on a connection
    /// the server closed (postgres-nio would wait for an answer that never comes).
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await query("BEGIN")
        do {
            let value = try await body(connection)
            try await query("COMMIT")
            return value
        } catch {
            if !connection.isClosed { _ = try? await connection.query("ROLLBACK", logger: logger) }
            throw error
        }
    }

    /// One statement, refused on a closed connection.
    @discardableResult
    func query(_ statement: PostgresQuery) async throws -> PostgresRowSequence {
        guard !connection.isClosed else { throw ConnectionClosed() }
        return try await connection.query(statement, logger: logger)
    }

    /// What happened, for the person: what it means and what to do. Nothing local is lost by
    /// any failure here.
    static func describe(_ error: any Error, settings: CohortConnection, connecting: Bool) -> CohortError {
        if let error = error as? CohortError { return error }
        let server = settings.server
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError ?? transaction.commitError ?? transaction.beginError {
                return describe(inner, settings: settings, connecting: connecting)
            }
        }
        if error is ConnectionClosed {
            return .unreachable("the connection to \(server) closed mid-sync; what the server acknowledged is kept, and the next sync carries on")
        }
        if error is DeadlinePassed {
            return .unreachable("\(server) did not answer in time; nothing more was sent, and the next sync carries on from here")
        }
        guard let error = error as? PSQLError else {
            return .unreachable("cannot reach \(server): \(Self.reason(error)); your progress is safe here, and the next sync carries on")
        }
        if let info = error.serverInfo {
            let state = info[.sqlState] ?? ""
            let message = info[.message] ?? "an error"
            let hint = info[.hint].map { " (\($0))" } ?? ""
            switch state {
            case "28P01", "28000":
                return .usage("PostgreSQL refused role \(settings.user) on \(server): \(message). Check PGUSER and the password in PGPASSWORD or ~/.pgpass")
            case "3D000":
                return .usage("\(server): \(message). Name an existing database in --cohort-url or PGDATABASE")
            case "42501":
                let group = message.contains("records") || message.contains("join_cohort") || message.contains("not a learner") ? "tutor_learner" : "tutor_teacher"
                return .usage("role \(settings.user) may not do that on \(server): \(message)\(hint). A database owner grants it with GRANT \(group) TO \(settings.user)")
            case "P0002":
                return .usage("\(message) on \(server): check the code with your teacher")
            case "57014":
                return .unreachable("\(server) stopped a statement that ran too long; nothing of it was kept, and the next sync carries on")
            case let state where state.hasPrefix("57P") || state.hasPrefix("08"):
                return .unreachable("\(server) went away mid-sync (\(message)); what it acknowledged is kept, and the next sync carries on")
            default:
                return CohortError("\(server) refused it: \(message)\(hint) [\(state)]")
            }
        }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return .unreachable("the connection to \(server) closed mid-sync; what the server acknowledged is kept, and the next sync carries on")
        case .sslUnsupported:
            return .unreachable("\(server) does not offer TLS, which is required for a server that is not this machine; nothing was sent")
        default:
            let underlying = error.underlying.map(Self.reason) ?? "\(error.code)"
            let verb = connecting ? "cannot connect to" : "lost"
            return .unreachable("\(verb) \(server): \(underlying); your progress is safe here: studying goes on as usual, and the next sync sends what waits")
        }
    }

    /// Why a connection failed, as a person reads it: `connection refused`, not the nested
    /// descriptions of NIO's errors.
    static func reason(_ error: any Error) -> String {
        if let failure = error as? NIOConnectionError {
            if let first = failure.connectionErrors.first { return reason(first.error) }
            if failure.dnsAError != nil || failure.dnsAAAAError != nil { return "the name \(failure.host) does not resolve" }
            return "no address of \(failure.host) answers"
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        let text = String(describing: error)
        return text.count <= 160 ? text : String(text.prefix(159)) + "…"
    }
}

/// Join codes: ten letters and digits without look-alikes (no 0/O, 1/I/L), in two groups.
public enum JoinCode {
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<10).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] }
        return String(characters[0..<5]) + "-" + String(characters[5..<10])
    }
}
