import Foundation
import TutorKit
#if canImport(Glibc)
import Glibc
#endif

/// Runs one `cohort` command: opens what it needs, talks to the server, and returns the result
/// the presenter shows. The local store stays the source of truth; the server is a copy that
/// each sync brings up to date, in batches, and a run stopped at any point loses nothing.
public struct CohortRunner: Sendable {
    public var environment: TutorEnvironment
    public var clock: @Sendable () -> Date
    /// Records per push transaction and per pull.
    public var pushBatch = 500
    public var pullBatch = 2_000
    /// The longest one statement (a batch written or read) may take before the sync gives up.
    public var statementTimeout: TimeInterval = 60
    /// Called inside each push transaction before it commits, and after each batch is done:
    /// where tests stop the server to prove a sync cut short loses nothing.
    public var observer: (@Sendable (SyncStep) async throws -> Void)?

    public enum SyncStep: Hashable, Sendable {
        /// Push batch `n` (from 0) is written, not yet committed.
        case pushCommitting(Int)
        /// Push batch `n` is committed and acknowledged here.
        case pushed(Int)
        /// Pull batch `n` is applied here and the cursor moved past it.
        case pulled(Int)
    }

    public init(environment: TutorEnvironment, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.environment = environment
        self.clock = clock
    }

    public func run(_ command: CohortCommand) async throws -> any CommandResult & TextView {
        switch command.action {
        case .setup:
            return try await using(try await connect(command, url: command.cohortURL)) { server in
                let (from, to) = try await server.setup()
                return CohortSetupResult(server: server.settings.server, from: from, to: to)
            }
        case .create:
            return try await using(try await connect(command, url: command.cohortURL)) { server in
                try await server.requireSchema()
                let code = try await server.createCohort(name: command.name)
                return CohortCreated(cohort: command.name, code: code, teacher: server.settings.user, server: server.settings.server)
            }
        case .report:
            let workspace = try load(command, content: .catalog)
            return try await using(try await connect(command, url: command.cohortURL)) { server in
                try await server.requireSchema()
                let cohort = try await server.taughtCohort(code: command.words.first)
                let records = try await server.records(ofCohort: cohort.id)
                return try CohortReport(cohort: cohort.name, code: cohort.code, teacher: cohort.teacher, encoded: records,
                                        catalog: workspace.catalog, now: clock(), days: .current)
            }
        case .join:
            let workspace = try load(command, content: .catalog)
            let (store, profile) = try learner(workspace, command)
            let lock = try await SyncLock.acquire(database: workspace.databaseURL, waitSeconds: 30)
            defer { lock.release() }
            return try await using(try await connect(command, url: command.cohortURL)) { server in
                try await server.requireSchema()
                let code = command.words[0].uppercased()
                let joined = try await server.join(code: code)
                try store.link(CohortLink(profileId: profile.id, code: code, name: joined.name, teacher: joined.teacher, server: server.settings.server,
                                          url: command.cohortURL, joinedAt: clock()))
                let summary = try await sync(store: store, profile: profile, server: server, catalog: workspace.catalog, quiet: false)
                return CohortJoined(cohort: joined.name, code: code, teacher: joined.teacher, sync: summary)
            }
        case .sync:
            let workspace = try load(command, content: .catalog)
            let (store, profile) = try learner(workspace, command)
            let link = try requireLink(store, profile, command)
            // A sync after a command finds one already running: that one sends the same.
            let lock = try await SyncLock.acquire(database: workspace.databaseURL, waitSeconds: command.quiet ? 0 : 30)
            defer { lock.release() }
            return try await using(try await connect(command, url: command.cohortURL ?? link.url, expected: link)) { server in
                try await sync(store: store, profile: profile, server: server, catalog: workspace.catalog, quiet: command.quiet)
            }
        case .status:
            let workspace = try load(command, content: .none)
            let (store, profile) = try learner(workspace, command)
            let now = clock()
            guard let link = try store.cohortLink(for: profile) else {
                return CohortStatus(profile: profile.name, link: nil, pending: 0, acknowledged: 0, serverAnswers: nil, serverProblem: nil, now: now)
            }
            let outbox = try store.outbox(for: profile, server: link.server, now: now)
            var answers = true
            var problem: String?
            do {
                let member = try await using(try await connect(command, url: command.cohortURL ?? link.url, expected: link)) { server in
                    try await server.requireSchema()
                    return try await server.membership(code: link.code)
                }
                if !member { problem = "the server no longer has you in \(link.name)" }
            } catch let error as CohortError {
                answers = error.status != .unavailable
                problem = error.message
            }
            var status = CohortStatus(profile: profile.name, link: link, pending: outbox.pending.count, acknowledged: outbox.acknowledged,
                                      serverAnswers: answers && problem == nil, serverProblem: problem, now: now)
            if answers, problem != nil { status.serverAnswers = false }
            return status
        case .leave:
            let workspace = try load(command, content: .none)
            let (store, profile) = try learner(workspace, command)
            let link = try requireLink(store, profile, command)
            var told = false
            do {
                told = try await using(try await connect(command, url: command.cohortURL ?? link.url, expected: link)) { server in
                    try await server.requireSchema()
                    _ = try await server.leave(code: link.code)
                    return true
                }
            } catch let error as CohortError where error.status == .unavailable {
                told = false
            }
            try store.unlink(profile)
            return CohortLeft(cohort: link.name, server: told)
        }
    }

    /// `body` on `server`, which is closed afterwards whatever happens.
    func using<T>(_ server: CohortServer, _ body: (CohortServer) async throws -> T) async throws -> T {
        do {
            let result = try await body(server)
            await server.close()
            return result
        } catch {
            await server.close()
            throw error
        }
    }

    /// Pushes what the server lacks, then pulls what this machine lacks.
    func sync(store: ProgressStore, profile: Profile, server: CohortServer, catalog: Catalog, quiet: Bool) async throws -> CohortSyncSummary {
        try await server.requireSchema()
        let identity = server.settings.server
        guard let link = try store.cohortLink(for: profile) else { throw CohortError.usage("profile \(profile.name) is in no cohort: `backend-tutor cohort join CODE` joins one") }
        var summary = CohortSyncSummary(cohort: link.name, server: identity, quiet: quiet)
        let outbox = try store.outbox(for: profile, server: identity, now: clock())
        for start in stride(from: 0, to: outbox.pending.count, by: pushBatch) {
            let batch = outbox.pending[start..<min(start + pushBatch, outbox.pending.count)].map { ($0.id, $0.kind.rawValue, $0.canonicalJSON) }
            let number = start / pushBatch
            let inserted = try await server.push(batch) { [observer] in try await observer?(.pushCommitting(number)) }
            // Acknowledged only once the server's transaction committed.
            try store.acknowledge(batch.map(\.0), for: profile, server: identity)
            summary.pushed += inserted.count
            summary.alreadyThere += batch.count - inserted.count
            try await observer?(.pushed(number))
        }
        let rules = ProgressExport.Rules(catalog: catalog, now: clock())
        var cursor = (try store.cohortLink(for: profile))?.cursor ?? link.cursor
        var pulls = 0
        while true {
            let rows = try await server.pull(after: cursor, limit: pullBatch)
            guard let last = rows.last else { break }
            let known = try store.acknowledged(among: rows.map(\.id), for: profile, server: identity)
            let pulled = rows.compactMap { row in CohortRecord.decode(row.data).map { (id: row.id, record: $0) } }
            let result = try store.apply(pulled: pulled, cursor: last.seq, for: profile, server: identity, rules: rules)
            summary.pulled += pulled.filter { !known.contains($0.id) }.count - min(result.refused, pulled.count)
            summary.refused += result.refused
            cursor = last.seq
            try await observer?(.pulled(pulls))
            pulls += 1
        }
        summary.pulled = max(summary.pulled, 0)
        try store.noteSynced(profile, at: clock())
        return summary
    }

    /// The connection for `url` over the environment, refusing one that is not the server and
    /// role the profile joined with.
    func connect(_ command: CohortCommand, url: String?, expected link: CohortLink? = nil) async throws(CohortError) -> CohortServer {
        let settings: CohortConnection
        do {
            settings = try CohortConnection.resolve(url: url, environment: environment)
        } catch {
            throw .usage(error.reason)
        }
        if let link, link.server != settings.server {
            throw .usage("this profile joined \(link.name) as \(link.server), but the connection is now \(settings.server): set PGUSER and PGHOST (or --cohort-url) as when you joined, or `backend-tutor cohort leave` and join again")
        }
        return try await CohortServer.connect(settings, timeout: command.connectTimeout, statementTimeout: statementTimeout)
    }

    func load(_ command: CohortCommand, content: Needs.Content) throws -> Workspace {
        try ContextLoader(environment: environment).workspace(for: Needs(content, .required), settings: command.global.settings) { _ in }
    }

    func learner(_ workspace: Workspace, _ command: CohortCommand) throws -> (ProgressStore, Profile) {
        guard let store = workspace.store else { throw StoreError.notOpen }
        return (store, try store.profile(named: command.global.settings.profileName, now: clock()))
    }

    func requireLink(_ store: ProgressStore, _ profile: Profile, _ command: CohortCommand) throws -> CohortLink {
        guard let link = try store.cohortLink(for: profile) else {
            throw CohortError.usage("profile \(profile.name) is in no cohort: `backend-tutor cohort join CODE` joins one, with the code your teacher gave you")
        }
        return link
    }
}

/// One sync per progress database at a time: a lock file beside it, held with flock(2) and
/// released by the kernel if the process dies.
struct SyncLock {
    let descriptor: Int32

    /// Waits up to `waitSeconds` for the lock; 0 means do not wait. It waits by sleeping the
    /// task, not the thread: a blocked thread of Swift's small pool (one per core) could be the
    /// one the running sync needs to finish and let go.
    static func acquire(database: URL, waitSeconds: Int) async throws -> SyncLock {
        let path = database.path + ".cohort-lock"
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CohortError("cannot open \(path): \(String(cString: strerror(errno)))") }
        var waited = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard waited < waitSeconds * 10 else {
                close(descriptor)
                throw CohortError.busy
            }
            do {
                try await Task.sleep(nanoseconds: 100_000_000)
            } catch {
                close(descriptor)
                throw error
            }
            waited += 1
        }
        return SyncLock(descriptor: descriptor)
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

extension CohortError {
    /// Another sync holds the profile's database: it sends the same records.
    public static let busy = CohortError("another sync of this progress database is running; it sends the same records, so there is nothing to do twice", status: .success)
}
