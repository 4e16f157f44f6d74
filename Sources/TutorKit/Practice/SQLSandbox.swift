import Foundation
import GRDBSQLite

/// One value of a result row.
public enum SQLValue: Hashable, Sendable, Encodable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .real(let value): value
        default: nil
        }
    }

    /// As the `/sql` table and the messages show it.
    public var display: String {
        switch self {
        case .null: "NULL"
        case .integer(let value): String(value)
        case .real(let value): value == value.rounded() && abs(value) < 1e15 ? String(format: "%.1f", value) : String(value)
        case .text(let value): value
        case .blob(let data): "x'" + data.map { String(format: "%02x", $0) }.joined() + "'"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .integer(let value): try container.encode(value)
        case .real(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .blob(let data): try container.encode(data.base64EncodedString())
        }
    }
}

/// What a statement gave: its columns and rows (none for a statement that returns no rows).
public struct SQLResult: Hashable, Sendable, Encodable {
    public var columns: [String]
    public var rows: [[SQLValue]]
    /// Rows past the limit, which were not kept.
    public var leftOut: Int
    /// Rows a data-changing statement changed.
    public var changes: Int
    /// Whether the statement returns rows (a SELECT, a RETURNING clause, a PRAGMA).
    public var returnsRows: Bool
    /// Whether the statement only reads.
    public var readOnly: Bool
}

/// Why SQL did not run: SQLite's message and, when it points at one, the place in the text.
public struct SQLFailure: Error, Hashable, Sendable, Encodable {
    public var message: String
    /// Line and column (from 1) in the text that was run.
    public var line: Int?
    public var column: Int?
    /// The line of the text the position is on, to show with a caret.
    public var excerpt: String?

    public init(message: String, line: Int? = nil, column: Int? = nil, excerpt: String? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.excerpt = excerpt
    }
}

/// A throwaway in-memory SQLite database for exercises and `/sql`: nothing run in it can reach a
/// file (ATTACH, VACUUM INTO and extensions are refused), a statement is stopped after a time
/// limit, and at most `rowLimit` rows of a result are kept.
public final class SQLSandbox {
    private var db: OpaquePointer?
    private let guardState: GuardState

    /// How long one run may take, in seconds.
    public var timeLimit: Double = 2
    /// Rows of a result that are kept; the rest are counted.
    public var rowLimit = 10_000

    /// The pragmas a learner may run: they read the schema or switch foreign keys on.
    static let allowedPragmas: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
        "foreign_keys", "foreign_key_check", "integrity_check", "quick_check", "collation_list",
    ]

    final class GuardState {
        var deadline = Date.distantFuture
        var timedOut = false
        var refused: String?
    }

    public init() throws(SQLFailure) {
        guardState = GuardState()
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE
        guard sqlite3_open_v2(":memory:", &handle, flags, nil) == SQLITE_OK, let handle else {
            sqlite3_close(handle)
            throw SQLFailure(message: "SQLite could not open an in-memory database")
        }
        db = handle
        sqlite3_limit(handle, SQLITE_LIMIT_ATTACHED, 0)
        sqlite3_limit(handle, SQLITE_LIMIT_LENGTH, 1 << 24)
        sqlite3_limit(handle, SQLITE_LIMIT_SQL_LENGTH, 1 << 20)
        sqlite3_extended_result_codes(handle, 1)
        let context = Unmanaged.passUnretained(guardState).toOpaque()
        sqlite3_set_authorizer(handle, { context, action, first, second, _, _ in
            guard let context else { return SQLITE_OK }
            let state = Unmanaged<GuardState>.fromOpaque(context).takeUnretainedValue()
            switch action {
            case SQLITE_ATTACH, SQLITE_DETACH:
                state.refused = "ATTACH and DETACH are not allowed here: exercises run in a throwaway database of their own"
                return SQLITE_DENY
            case SQLITE_PRAGMA:
                let name = first.map { String(cString: $0).lowercased() } ?? ""
                if SQLSandbox.allowedPragmas.contains(name) { return SQLITE_OK }
                state.refused = "PRAGMA \(name) is not allowed here; the pragmas that read the schema are (table_info, index_list, foreign_key_list…)"
                return SQLITE_DENY
            case SQLITE_FUNCTION:
                let name = second.map { String(cString: $0).lowercased() } ?? ""
                if name == "load_extension" {
                    state.refused = "load_extension() is not allowed here"
                    return SQLITE_DENY
                }
                return SQLITE_OK
            default:
                return SQLITE_OK
            }
        }, context)
        sqlite3_progress_handler(handle, 2_000, { context in
            guard let context else { return 0 }
            let state = Unmanaged<GuardState>.fromOpaque(context).takeUnretainedValue()
            if Date() > state.deadline {
                state.timedOut = true
                return 1
            }
            return 0
        }, context)
    }

    deinit {
        sqlite3_close_v2(db)
    }

    /// Whether `text` ends with a complete statement: the REPL reads more lines until it does.
    public static func isComplete(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return !trimmed.isEmpty && sqlite3_complete(trimmed) != 0
    }

    /// Whether a line typed at an SQL prompt needs more lines: a statement before its `;` does;
    /// nothing, a `/command` or a `.command` does not.
    public static func continues(_ text: String) -> Bool {
        let trimmed = text.trimmedWhitespace
        return !trimmed.isEmpty && !trimmed.hasPrefix("/") && !trimmed.hasPrefix(".") && !isComplete(trimmed)
    }

    /// Runs every statement of `sql` in order; the results of each, in order.
    @discardableResult
    public func run(_ sql: String) throws(SQLFailure) -> [SQLResult] {
        let (results, failure) = runAll(sql)
        if let failure { throw failure }
        return results
    }

    /// Runs the statements of `sql` in order until one fails: the results before it, and why it failed.
    public func runAll(_ sql: String) -> (results: [SQLResult], failure: SQLFailure?) {
        guard let db else { return ([], SQLFailure(message: "the sandbox is closed")) }
        guardState.deadline = Date().addingTimeInterval(timeLimit)
        guardState.timedOut = false
        guardState.refused = nil
        let bytes = Array(sql.utf8CString)
        var results: [SQLResult] = []
        var failure: SQLFailure?
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var cursor = base
            while cursor.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let start = cursor - base
                let code = sqlite3_prepare_v2(db, cursor, -1, &statement, &tail)
                if code != SQLITE_OK {
                    failure = self.failure(code, statementStart: start, sql: sql)
                    return
                }
                // Only a comment or spaces were left.
                guard let statement else { return }
                defer { sqlite3_finalize(statement) }
                cursor = tail ?? base.advanced(by: buffer.count - 1)
                switch stepped(statement, db: db, statementStart: start, sql: sql) {
                case .success(let result): results.append(result)
                case .failure(let error):
                    failure = error
                    return
                }
            }
        }
        return (results, failure)
    }

    private func stepped(_ statement: OpaquePointer, db: OpaquePointer, statementStart: Int, sql: String) -> Result<SQLResult, SQLFailure> {
        do {
            return .success(try step(statement, db: db, statementStart: statementStart, sql: sql))
        } catch {
            return .failure(error)
        }
    }

    private func step(_ statement: OpaquePointer, db: OpaquePointer, statementStart: Int, sql: String) throws(SQLFailure) -> SQLResult {
        let count = Int(sqlite3_column_count(statement))
        let columns = (0..<count).map { String(cString: sqlite3_column_name(statement, Int32($0))) }
        var rows: [[SQLValue]] = []
        var leftOut = 0
        let before = sqlite3_total_changes(db)
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw failure(code, statementStart: statementStart, sql: sql) }
            if rows.count >= rowLimit {
                leftOut += 1
                continue
            }
            rows.append((0..<count).map { Self.value(statement, Int32($0)) })
        }
        return SQLResult(columns: columns, rows: rows, leftOut: leftOut, changes: Int(sqlite3_total_changes(db) - before),
                         returnsRows: count > 0, readOnly: sqlite3_stmt_readonly(statement) != 0)
    }

    private static func value(_ statement: OpaquePointer, _ index: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT: return .text(sqlite3_column_text(statement, index).map { String(cString: $0) } ?? "")
        case SQLITE_BLOB:
            let length = Int(sqlite3_column_bytes(statement, index))
            guard length > 0, let bytes = sqlite3_column_blob(statement, index) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: length))
        default: return .null
        }
    }

    private func failure(_ code: Int32, statementStart: Int, sql: String) -> SQLFailure {
        if guardState.timedOut {
            return SQLFailure(message: "stopped after \(Self.seconds(timeLimit)): the query ran too long (a join without its condition, or a recursive query that never ends?)")
        }
        if let refused = guardState.refused { return SQLFailure(message: refused) }
        var message = String(cString: sqlite3_errmsg(db))
        if code & 0xFF == SQLITE_AUTH { message = "not allowed here: the sandbox runs SQL on its own throwaway database only (\(message))" }
        let offset = Int(sqlite3_error_offset(db))
        guard offset >= 0 else { return SQLFailure(message: message) }
        let utf8 = Array(sql.utf8)
        let position = min(statementStart + offset, utf8.count)
        let before = String(decoding: utf8[..<position], as: UTF8.self)
        let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.count
        let column = (lines.last?.count ?? 0) + 1
        let allLines = sql.split(separator: "\n", omittingEmptySubsequences: false)
        let excerpt = line - 1 < allLines.count ? String(allLines[line - 1]) : nil
        return SQLFailure(message: message, line: line, column: column, excerpt: excerpt)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    // MARK: - The schema, for `.tables`, `.schema` and completion

    /// The tables, in name order.
    public func tables() -> [String] {
        (try? run("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name"))?
            .last?.rows.compactMap { if case .text(let name) = $0.first { name } else { nil } } ?? []
    }

    /// The statements that created a table or view and its indexes.
    public func schema(of table: String?) -> [String] {
        let filter = table == nil ? "" : " AND tbl_name = '\(table!.replacingOccurrences(of: "'", with: "''"))' COLLATE NOCASE"
        return (try? run("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'\(filter) ORDER BY tbl_name, type DESC, name"))?
            .last?.rows.compactMap { if case .text(let text) = $0.first { text + ";" } else { nil } } ?? []
    }

    /// Table and column names, each once, for Tab completion.
    public func completionWords() -> [String] {
        let columns = self.columns()
        var seen: Set<String> = []
        return (columns.keys.sorted() + columns.values.flatMap { $0 }.sorted()).filter { seen.insert($0).inserted }
    }

    /// The column names of every table, for completion.
    public func columns() -> [String: [String]] {
        var result: [String: [String]] = [:]
        for table in tables() {
            let quoted = table.replacingOccurrences(of: "\"", with: "\"\"")
            result[table] = (try? run("SELECT name FROM pragma_table_info(\"\(quoted)\")"))?.last?.rows.compactMap {
                if case .text(let name) = $0.first { name } else { nil }
            } ?? []
        }
        return result
    }
}
