import Foundation

/// Where the cohort's PostgreSQL server is and who connects to it: from `--cohort-url`, or
/// libpq's environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`), with the password only
/// from `PGPASSWORD` or the password file (`PGPASSFILE`, else `~/.pgpass`), never a URL.
public struct CohortConnection: Hashable, Sendable {
    public enum Endpoint: Hashable, Sendable {
        case tcp(host: String, port: Int)
        /// A Unix socket: the folder holding `.s.PGSQL.PORT`.
        case socket(directory: String, port: Int)
    }

    public var endpoint: Endpoint
    public var user: String
    public var database: String
    public var password: String?
    /// TLS is required for any host that is not this machine, whatever the URL says.
    public var requiresTLS: Bool

    /// `user@host:port/database`, naming the server and role the sync state belongs to.
    public var server: String {
        switch endpoint {
        case .tcp(let host, let port): "\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
        case .socket(let directory, let port): "\(user)@\(directory):\(port)/\(database)"
        }
    }

    /// What `--cohort-url` or the environment got wrong.
    public struct Problem: Error, Hashable, Sendable {
        public var reason: String
    }

    /// The connection for `url` (when given) over `environment`'s PG* variables.
    public static func resolve(url: String?, environment: TutorEnvironment) throws(Problem) -> CohortConnection {
        var host = environment.value("PGHOST").flatMap { $0.isEmpty ? nil : $0 }
        var port = environment.value("PGPORT").flatMap { $0.isEmpty ? nil : $0 }
        var user = environment.value("PGUSER").flatMap { $0.isEmpty ? nil : $0 }
        var database = environment.value("PGDATABASE").flatMap { $0.isEmpty ? nil : $0 }
        var sslmode = environment.value("PGSSLMODE")
        if let url {
            let parsed = try parse(url)
            host = parsed.host ?? host
            port = parsed.port ?? port
            user = parsed.user ?? user
            database = parsed.database ?? database
            sslmode = parsed.sslmode ?? sslmode
        }
        guard let user = user ?? environment.value("USER").flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw Problem(reason: "no PostgreSQL role to connect as: set PGUSER or give --cohort-url postgres://ROLE@HOST/DATABASE")
        }
        let portNumber: Int
        if let port {
            guard let number = Int(port), (1...65535).contains(number) else { throw Problem(reason: "the port '\(Sanitizer.clean(port))' is not a number from 1 to 65535") }
            portNumber = number
        } else {
            portNumber = 5432
        }
        let endpoint: Endpoint
        let resolvedHost = host ?? (FileManager.default.fileExists(atPath: "/var/run/postgresql/.s.PGSQL.\(portNumber)") ? "/var/run/postgresql" : "localhost")
        if resolvedHost.hasPrefix("/") {
            endpoint = .socket(directory: resolvedHost, port: portNumber)
        } else {
            endpoint = .tcp(host: resolvedHost, port: portNumber)
        }
        let local = isLoopback(endpoint)
        if sslmode == "disable", !local {
            throw Problem(reason: "sslmode=disable is refused for \(Sanitizer.clean(resolvedHost)): TLS is required for any server that is not this machine")
        }
        let databaseName = database ?? user
        var connection = CohortConnection(endpoint: endpoint, user: user, database: databaseName, password: nil, requiresTLS: !local)
        connection.password = environment.value("PGPASSWORD").flatMap { $0.isEmpty ? nil : $0 } ?? passwordFromFile(for: connection, environment: environment)
        return connection
    }

    /// Whether the endpoint is this machine: a Unix socket, `localhost` or a loopback address.
    public static func isLoopback(_ endpoint: Endpoint) -> Bool {
        switch endpoint {
        case .socket: return true
        case .tcp(let host, _):
            let lowered = host.lowercased()
            return lowered == "localhost" || lowered == "::1" || lowered == "[::1]" || lowered.hasPrefix("127.")
        }
    }

    struct ParsedURL: Hashable {
        var host: String?
        var port: String?
        var user: String?
        var database: String?
        var sslmode: String?
    }

    /// `postgres://ROLE@HOST:PORT/DATABASE?sslmode=require`; a password in it is refused.
    static func parse(_ url: String) throws(Problem) -> ParsedURL {
        let shown = Sanitizer.clean(String(url.prefix(120)))
        guard let components = URLComponents(string: url), let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            throw Problem(reason: "'\(shown)' is not a postgres:// URL; write it as postgres://ROLE@HOST:PORT/DATABASE")
        }
        if components.password != nil {
            throw Problem(reason: "the URL holds a password, which would stay in your shell's history and the process list; nothing was sent. Remove it and set PGPASSWORD, or put it in ~/.pgpass (or the file PGPASSFILE names)")
        }
        var parsed = ParsedURL()
        parsed.host = components.host.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 }
        parsed.port = components.port.map(String.init)
        parsed.user = components.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        parsed.database = path.isEmpty ? nil : path.removingPercentEncoding ?? path
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode": parsed.sslmode = item.value
            case "host": parsed.host = item.value
            case "port": parsed.port = item.value
            case "user": parsed.user = item.value
            case "dbname": parsed.database = item.value
            case "password": throw Problem(reason: "the URL holds a password, which would stay in your shell's history and the process list; nothing was sent. Remove it and set PGPASSWORD, or put it in ~/.pgpass")
            default: break
            }
        }
        return parsed
    }

    /// The password from libpq's password file for this connection, as libpq reads it: the
    /// first line whose host, port, database and user match (`*` matches anything). A file
    /// others can read is ignored, as libpq does.
    static func passwordFromFile(for connection: CohortConnection, environment: TutorEnvironment) -> String? {
        let path: String
        if let named = environment.value("PGPASSFILE"), !named.isEmpty {
            path = named
        } else if let home = environment.value("HOME"), !home.isEmpty {
            path = home + "/.pgpass"
        } else {
            return nil
        }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o077 == 0, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let (host, port): (String, Int) = switch connection.endpoint {
        case .tcp(let host, let port): (host, port)
        case .socket(_, let port): ("localhost", port)
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            let fields = passFields(String(line))
            guard fields.count == 5 else { continue }
            func matches(_ field: String, _ value: String) -> Bool { field == "*" || field == value }
            if matches(fields[0], host), matches(fields[1], String(port)), matches(fields[2], connection.database), matches(fields[3], connection.user) {
                return fields[4]
            }
        }
        return nil
    }

    /// A password file line's fields: `:` separates them, `\:` and `\\` escape.
    static func passFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":", fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
