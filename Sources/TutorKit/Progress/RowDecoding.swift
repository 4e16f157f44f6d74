import Foundation
import GRDB

// The records read on every command decode their rows column by column. GRDB's Codable path
// (a keyed decoder per row, protocol lookups for every field's type on first use) took 6.7 of
// the 74 million instructions `progress` ran for 15 rows (docs/BENCHMARKS.md).

extension Row: StoredRow {
    /// A column that must hold a value of `T`: a clear error, not a crash, when it does not.
    func required<T: PlainValue>(_ column: String) throws -> T {
        try decode(T.self, forColumn: column)
    }

    /// A date column: the text GRDB writes is read by ``RFC3339/storedDate(_:)``, anything else
    /// (another form of date, a number) by GRDB.
    func required(_ column: String) throws -> Date {
        try storedDate(column) ?? decode(Date.self, forColumn: column)
    }

    /// A date column that may be NULL, read as ``required(_:)-(String)`` reads one.
    func optional(_ column: String) throws -> Date? {
        try storedDate(column) ?? decode(Date?.self, forColumn: column)
    }

    /// The column's date when it holds the text GRDB writes; nil for anything else.
    private func storedDate(_ column: String) -> Date? {
        // This subscript gives nil for a missing column, where the typed one would crash.
        let value: (any DatabaseValueConvertible)? = self[column]
        return (value as? String).flatMap(RFC3339.storedDate)
    }

    /// A column that may be NULL.
    func optional<T: PlainValue>(_ column: String) throws -> T? {
        try decode(T?.self, forColumn: column)
    }
}

/// A stored value that names nothing the tutor knows.
enum RowDecodingError: Error, CustomStringConvertible {
    case invalid(column: String, value: String)

    var description: String {
        switch self {
        case .invalid(let column, let value): "column \(column) holds \(value), which this version does not know"
        }
    }
}

extension Stack: DatabaseValueConvertible {}

extension Date {
    /// The text GRDB stores this date as (`2026-01-01 09:30:00.000`, UTC), made without the
    /// `DateFormatter` GRDB formats through: binding dates that way was a twentieth of a learner's
    /// fold in the teacher's report. A test holds it to GRDB's `databaseValue`.
    var stored: DatabaseValue {
        storedText?.databaseValue ?? databaseValue
    }

    /// ``stored`` as text; nil for a year outside 0...9999, which GRDB's own format writes.
    var storedText: String? { RFC3339.text(from: self, separator: 0x20, zone: false) }
}

extension Profile {
    public init(row: Row) throws { try self.init(stored: row) }

    init(stored row: some StoredRow) throws {
        self.init(id: try row.required("id"), name: try row.required("name"), stack: try row.optional("stack"),
                  createdAt: try row.required("createdAt"), currentItem: try row.optional("currentItem"),
                  allStacks: try row.optional("allStacks") ?? false)
    }
}

extension ItemState {
    public init(row: Row) throws { try self.init(stored: row) }

    init(stored row: some StoredRow) throws {
        self.init(profileId: try row.required("profileId"), item: try row.required("item"), status: try row.required("status"),
                  updatedAt: try row.required("updatedAt"))
    }
}

extension ProgressEvent {
    public init(row: Row) throws { try self.init(stored: row) }

    init(stored row: some StoredRow) throws {
        self.init(id: try row.optional("id"), profileId: try row.required("profileId"), at: try row.required("at"), kind: try row.required("kind"),
                  item: try row.required("item"), detail: try row.optional("detail"))
    }
}

extension StoredCard {
    public init(row: Row) throws { try self.init(stored: row) }

    init(stored row: some StoredRow) throws {
        var card = ReviewCard(due: try row.required("due"))
        card.state = try row.code("state")
        card.step = try row.optional("step")
        card.stability = try row.optional("stability")
        card.difficulty = try row.optional("difficulty")
        card.lastReview = try row.optional("lastReview")
        self.init(profileId: try row.required("profileId"), skill: try row.required("skill"), questionId: try row.required("questionId"), card: card)
    }
}

extension ReviewLogEntry {
    public init(row: Row) throws { try self.init(stored: row) }

    init(stored row: some StoredRow) throws {
        self.init(id: try row.optional("id"), profileId: try row.required("profileId"), skill: try row.required("skill"),
                  questionId: try row.required("questionId"), rating: try row.code("rating"), correct: try row.required("correct"),
                  reviewedAt: try row.required("reviewedAt"), elapsedSeconds: try row.optional("elapsedSeconds"), source: try row.required("source"))
    }
}

extension ExerciseState {
    public init(row: Row) throws { try self.init(stored: row) }

    init(stored row: some StoredRow) throws {
        self.init(profileId: try row.required("profileId"), skill: try row.required("skill"), exerciseId: try row.required("exerciseId"),
                  lesson: try row.required("lesson"))
        attempts = try row.required("attempts")
        hints = try row.required("hints")
        lastAnswer = try row.optional("lastAnswer")
        openedAt = try row.optional("openedAt")
        solvedAt = try row.optional("solvedAt")
        gaveUpAt = try row.optional("gaveUpAt")
    }
}
