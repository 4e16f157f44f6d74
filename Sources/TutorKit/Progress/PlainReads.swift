import Foundation
import GRDB
import GRDBSQLite

// The reads every command makes go through SQLite's C API when the progress file needs nothing
// done to it. A GRDB queue's set-up and its checks were 4.5 of the 22.9 million instructions of
// `progress`, and its reads 3.1 more (each statement compiled under GRDB's authorizer, each row
// through a cursor), to read about ten small tables (docs/BENCHMARKS.md). GRDB still makes every
// write and migration, and every read of a file that needs any of them; a value stored in a form
// other than the one the tutor writes is read by GRDB too, so both ways give the same values.

/// A value the plain connection reads in the storage class the tutor writes it in.
protocol PlainValue: DatabaseValueConvertible {
    /// The value in column `index` of `statement` (not NULL), or nil when it is stored in another
    /// form: GRDB then makes the whole read.
    static func plain(_ statement: OpaquePointer, _ index: Int32) -> Self?
}

extension Int64: PlainValue {
    static func plain(_ statement: OpaquePointer, _ index: Int32) -> Int64? {
        sqlite3_column_type(statement, index) == SQLITE_INTEGER ? sqlite3_column_int64(statement, index) : nil
    }
}

extension Int: PlainValue {
    static func plain(_ statement: OpaquePointer, _ index: Int32) -> Int? { Int64.plain(statement, index).map(Int.init) }
}

extension Bool: PlainValue {
    static func plain(_ statement: OpaquePointer, _ index: Int32) -> Bool? { Int64.plain(statement, index).map { $0 != 0 } }
}

extension Double: PlainValue {
    static func plain(_ statement: OpaquePointer, _ index: Int32) -> Double? {
        sqlite3_column_type(statement, index) == SQLITE_FLOAT ? sqlite3_column_double(statement, index) : nil
    }
}

extension String: PlainValue {
    static func plain(_ statement: OpaquePointer, _ index: Int32) -> String? {
        guard sqlite3_column_type(statement, index) == SQLITE_TEXT, let text = sqlite3_column_text(statement, index) else { return nil }
        return String(cString: text)
    }
}

extension PlainValue where Self: RawRepresentable, RawValue == String {
    static func plain(_ statement: OpaquePointer, _ index: Int32) -> Self? { String.plain(statement, index).flatMap(Self.init(rawValue:)) }
}

extension PlainValue where Self: TextKey {
    static func plain(_ statement: OpaquePointer, _ index: Int32) -> Self? { String.plain(statement, index).flatMap(Self.init) }
}

extension ItemStatus: PlainValue {}
extension ProgressEvent.Kind: PlainValue {}
extension Stack: PlainValue {}
extension ItemKey: PlainValue {}
extension EventSubject: PlainValue {}

/// One row as the records read it, from GRDB or from the plain connection.
protocol StoredRow {
    /// A column that must hold a value of `T`.
    func required<T: PlainValue>(_ column: String) throws -> T
    /// A column that may be NULL.
    func optional<T: PlainValue>(_ column: String) throws -> T?
    /// A date column.
    func required(_ column: String) throws -> Date
    /// A date column that may be NULL.
    func optional(_ column: String) throws -> Date?
}

extension StoredRow {
    /// An integer column holding one of `T`'s raw values.
    func code<T: RawRepresentable>(_ column: String) throws -> T where T.RawValue == Int {
        let raw: Int = try required(column)
        guard let value = T(rawValue: raw) else {
            throw RowDecodingError.invalid(column: column, value: "\(raw)")
        }
        return value
    }
}

/// The plain connection met a value it leaves to GRDB, or could not run the statement.
struct PlainReadRefused: Error {}

/// A row of a statement stepping on the plain connection.
private struct PlainRow: StoredRow {
    let statement: OpaquePointer
    let columns: [String]

    func index(_ column: String) throws -> Int32 {
        guard let index = columns.firstIndex(of: column) else { throw PlainReadRefused() }
        return Int32(index)
    }

    func required<T: PlainValue>(_ column: String) throws -> T {
        guard let value = try optional(column) as T? else { throw PlainReadRefused() }
        return value
    }

    func optional<T: PlainValue>(_ column: String) throws -> T? {
        let index = try index(column)
        if sqlite3_column_type(statement, index) == SQLITE_NULL { return nil }
        guard let value = T.plain(statement, index) else { throw PlainReadRefused() }
        return value
    }

    func required(_ column: String) throws -> Date {
        guard let date = try optional(column) as Date? else { throw PlainReadRefused() }
        return date
    }

    func optional(_ column: String) throws -> Date? {
        let index = try index(column)
        if sqlite3_column_type(statement, index) == SQLITE_NULL { return nil }
        // The text ``Date/stored`` writes; any other form of date is GRDB's to read.
        guard let text = String.plain(statement, index), let date = RFC3339.storedDate(text) else { throw PlainReadRefused() }
        return date
    }
}

/// A value bound to a statement's parameter.
enum StoredArgument: Sendable {
    case integer(Int64)
    case text(String)
    case date(Date)
    case null

    var databaseValue: DatabaseValue {
        switch self {
        case .integer(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .date(let value): value.stored
        case .null: .null
        }
    }
}

/// A plain SQLite connection to a progress file that needs nothing done to it: made only when
/// the checks GRDB's opening makes all pass, so the file is one this build reads as it is.
final class PlainConnection: @unchecked Sendable {
    private let lock = NSLock()
    private var handle: OpaquePointer?

    private init(handle: OpaquePointer) { self.handle = handle }

    deinit { close() }

    /// A connection to `url` when it is a sound progress database of exactly this schema (every
    /// migration in `migrations` applied and no other, `user_version` `version`) in WAL mode,
    /// with no write-ahead log left by a process that may have died mid-write; nil otherwise,
    /// and then GRDB opens the file and does what it needs: its full integrity check, the
    /// migrations, the move aside of a broken file, the refusal of a newer one.
    static func open(_ url: URL, migrations: [String], version: Int) -> PlainConnection? {
        guard !ProgressStore.hasLeftoverLog(url), let connection = connect(url) else { return nil }
        func texts(_ sql: String) -> [String]? {
            try? connection.rows(sql, []) { try $0.text(0) }
        }
        guard texts("PRAGMA quick_check") == ["ok"],
              let applied = texts("SELECT identifier FROM grdb_migrations"), Set(applied) == Set(migrations), applied.count == migrations.count,
              texts("PRAGMA user_version") == [String(version)],
              texts("PRAGMA journal_mode") == ["wal"] else { return nil }
        return connection
    }

    /// A connection to the file at `url` with no check made: for a read that takes any failure
    /// as "not known" (``ProgressStore/peekStack(at:profile:)``). Without SQLITE_OPEN_CREATE, so
    /// a missing file is not created; read-write where the file allows it (else SQLite opens it
    /// read-only), because only a read-write connection closing last folds the write-ahead log
    /// in and removes it: a read-only one left an empty -wal and a -shm beside the database.
    static func connect(_ url: URL) -> PlainConnection? {
        var handle: OpaquePointer?
        guard sqlite3_open_v2(url.path, &handle, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let handle else {
            sqlite3_close(handle)
            return nil
        }
        sqlite3_busy_timeout(handle, 5_000)
        return PlainConnection(handle: handle)
    }

    /// Closes the connection; reads afterwards are refused.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// `make` applied to every row `sql` gives; nil when the statement cannot run here or a value
    /// is stored in a form left to GRDB.
    func fetchAll<T>(_ sql: String, _ arguments: [StoredArgument], _ make: (any StoredRow) throws -> T) -> [T]? {
        try? rows(sql, arguments) { try make($0) }
    }

    private func rows<T>(_ sql: String, _ arguments: [StoredArgument], _ make: (PlainRow) throws -> T) throws -> [T] {
        lock.lock()
        defer { lock.unlock() }
        guard let handle else { throw PlainReadRefused() }
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &prepared, nil) == SQLITE_OK, let statement = prepared else {
            sqlite3_finalize(prepared)
            throw PlainReadRefused()
        }
        // Finalized at once: a statement left open would hold a read transaction, and the log
        // could not be folded in.
        defer { sqlite3_finalize(statement) }
        for (offset, argument) in arguments.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch argument {
            case .integer(let value): code = sqlite3_bind_int64(statement, index, value)
            case .text(let value): code = Self.bind(value, to: statement, at: index)
            case .date(let date):
                guard let text = date.storedText else { throw PlainReadRefused() }
                code = Self.bind(text, to: statement, at: index)
            case .null: code = sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw PlainReadRefused() }
        }
        let columns = (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
        var rows: [T] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW: rows.append(try make(PlainRow(statement: statement, columns: columns)))
            case SQLITE_DONE: return rows
            default: throw PlainReadRefused()
            }
        }
    }

    private static func bind(_ text: String, to statement: OpaquePointer, at index: Int32) -> Int32 {
        // SQLITE_TRANSIENT: SQLite copies the text before the call returns.
        sqlite3_bind_text(statement, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }
}

private extension PlainRow {
    /// The column's value as text, whatever its storage class, for the checks' pragmas.
    func text(_ index: Int32) throws -> String {
        guard let text = sqlite3_column_text(statement, index) else { throw PlainReadRefused() }
        return String(cString: text)
    }
}
