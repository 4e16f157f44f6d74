import Foundation
import Logging
import PostgresNIO
import TutorKit
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster for one test: initdb in a temporary folder, a free port on
/// 127.0.0.1 only, password (SCRAM) authentication, and stopped and deleted when the test ends,
/// whether it passed, failed or threw. A watcher stops it too if the test process dies.
final class PostgresCluster: @unchecked Sendable {
    let folder: String
    let port: Int
    let binaries: String
    static let admin = "tutor_admin", adminPassword = "admin-secret-1"
    static let database = "tutor"
    private var stopped = false

    /// Runs `body` with a fresh cluster, stopped afterwards whatever happens.
    static func with<T>(_ body: (PostgresCluster) async throws -> T) async throws -> T {
        let cluster = try PostgresCluster()
        do {
            let result = try await body(cluster)
            cluster.destroy()
            return result
        } catch {
            cluster.destroy()
            throw error
        }
    }

    init() throws {
        binaries = try Self.findBinaries()
        var template = Array("/tmp/tutor-pg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw ClusterError("mkdtemp failed") }
        folder = String(cString: made)
        port = try Self.freePort()
        let asRoot = geteuid() == 0
        if asRoot {
            // initdb refuses root: the cluster belongs to the postgres user.
            chmod(folder, 0o700)
            try Self.shell("chown postgres: '\(folder)'")
        }
        try Self.write("\(folder)/pwfile", Self.adminPassword + "\n")
        if asRoot { try Self.shell("chown postgres: '\(folder)/pwfile'") }
        try run("\(binaries)/initdb -D '\(folder)/data' -U \(Self.admin) --pwfile='\(folder)/pwfile' --auth=scram-sha-256 -E UTF8 --locale=C --no-sync >'\(folder)/initdb.log' 2>&1")
        try start()
        // Stops the cluster if this process dies without doing it (a crash, a kill).
        try Self.shell("(while kill -0 \(getpid()) 2>/dev/null && [ -d '\(folder)/data' ]; do sleep 1; done; "
                       + (asRoot ? "runuser -u postgres -- " : "") + "\(binaries)/pg_ctl -D '\(folder)/data' -m immediate stop >/dev/null 2>&1; rm -rf '\(folder)') >/dev/null 2>&1 &")
        try sql("CREATE DATABASE \(Self.database)", database: "postgres")
    }

    deinit { destroy() }

    /// Starts the server (again, after ``stop()``), waiting at most 30 seconds.
    func start() throws {
        try run("\(binaries)/pg_ctl -D '\(folder)/data' -w -t 30 -l '\(folder)/server.log' -o \"-p \(port) -c listen_addresses=127.0.0.1 -k '\(folder)' -c fsync=off -c full_page_writes=off\" start >/dev/null")
        stopped = false
    }

    /// Stops the server at once, as a crash or a pulled cable would: open transactions are lost.
    func stop() throws {
        try run("\(binaries)/pg_ctl -D '\(folder)/data' -m immediate -w -t 30 stop >/dev/null 2>&1")
        stopped = true
    }

    func destroy() {
        guard FileManager.default.fileExists(atPath: folder) else { return }
        if !stopped { try? stop() }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The environment a person's tutor would run with, connecting as `role`.
    func environment(role: String, password: String, home: String? = nil) -> TutorEnvironment {
        var variables = ProcessInfo.processInfo.environment
        variables["PGHOST"] = "127.0.0.1"
        variables["PGPORT"] = String(port)
        variables["PGUSER"] = role
        variables["PGDATABASE"] = Self.database
        variables["PGPASSWORD"] = password
        variables["PGPASSFILE"] = nil
        if let home {
            variables["HOME"] = home
            variables["XDG_DATA_HOME"] = home + "/data"
            variables["XDG_CACHE_HOME"] = home + "/cache"
            variables["XDG_STATE_HOME"] = home + "/state"
        }
        return TutorEnvironment(variables: variables, workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), executable: nil)
    }

    /// Creates a login role with a password, in the given tutor group (after setup).
    func createRole(_ role: String, password: String, group: String?) throws {
        try sql("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'" + (group.map { " IN ROLE \($0)" } ?? ""))
    }

    /// Runs SQL as the administrator.
    func sql(_ text: String, database: String = PostgresCluster.database) throws {
        try run("PGPASSWORD='\(Self.adminPassword)' psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p \(port) -U \(Self.admin) -d \(database) -c \"\(text.replacingOccurrences(of: "\"", with: "\\\""))\" >/dev/null")
    }

    /// A value the administrator reads.
    func value(_ query: String) throws -> String {
        try Self.capture("PGPASSWORD='\(Self.adminPassword)' psql -X -A -t -h 127.0.0.1 -p \(port) -U \(Self.admin) -d \(Self.database) -c \"\(query)\"")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A connection of `role`'s own, for hand-written SQL.
    func session(role: String, password: String) async throws -> SQLSession {
        let configuration = PostgresConnection.Configuration(host: "127.0.0.1", port: port, username: role, password: password, database: Self.database, tls: .disable)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        return SQLSession(connection: try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger), logger: logger)
    }

    private func run(_ command: String) throws {
        try Self.shell(geteuid() == 0 ? "runuser -u postgres -- sh -c \(Self.quoted(command))" : command)
    }

    // MARK: Helpers

    static func findBinaries() throws -> String {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).compactMap(Int.init).sorted()
        if let newest = versions.last { return "/usr/lib/postgresql/\(newest)/bin" }
        throw ClusterError("no PostgreSQL server in /usr/lib/postgresql: `make test` installs the postgresql package (as root), or apt-get install postgresql")
    }

    /// A port from 20000 to 39999 that nothing listens on.
    /// A port the kernel calls free and that no other test of this process was given.
    static func freePort() throws -> Int {
        guard let port = ServerProcess.freePort() else { throw ClusterError("no free port on 127.0.0.1") }
        return port
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static func write(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Runs `sh -c command` and waits for that process alone (posix_spawn and waitpid: the
    /// server it starts outlives it, and must not keep anyone waiting).
    @discardableResult
    static func shell(_ command: String, output: String? = nil) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let output { posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        var child = pid_t()
        let words: [String] = ["/bin/sh", "-c", command]
        let argv = words.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&child, "/bin/sh", &actions, nil, argv, environ) == 0 else { throw ClusterError("cannot run /bin/sh") }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        let code = (status >> 8) & 0xff
        guard status & 0x7f == 0, code == 0 else { throw ClusterError("`\(command.prefix(300))` exited with \(code)") }
        return code
    }

    static func capture(_ command: String) throws -> String {
        let path = "/tmp/tutor-pg-out-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path) }
        try shell(command, output: path)
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}

struct ClusterError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A role's own connection, for SQL written by hand.
struct SQLSession {
    let connection: PostgresConnection
    let logger: Logger

    /// The first column of every row, as text.
    func strings(_ sql: String) async throws -> [String] {
        var result: [String] = []
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(String.self) { result.append(value) }
        return result
    }

    func execute(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    /// The SQLSTATE the statement fails with, or nil when it succeeds.
    func failure(_ sql: String) async -> String? {
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            return nil
        } catch let error as PSQLError {
            return error.serverInfo?[.sqlState] ?? "\(error.code)"
        } catch {
            return "\(error)"
        }
    }

    func close() async { try? await connection.close() }
}
