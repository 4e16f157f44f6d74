import Foundation
import GRDB
import Testing
@testable import TutorKit

/// The timestamps exports, cohort records and `--json` carry, held to Foundation's formatter.
@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
    static func foundationString(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func foundationDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    @Test("writes what ISO8601DateFormatter writes, for 20,000 random instants from 1970 to 2100 and the edges of days and years")
    func writing() {
        var generator = SystemRandomNumberGenerator()
        var dates = (0..<20_000).map { _ in Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator)) }
        dates += (0..<2_000).map { _ in Date(timeIntervalSince1970: Double(Int.random(in: 0..<4_102_444_800_000, using: &generator)) / 1000) }
        for edge in ["1970-01-01T00:00:00.000Z", "1999-12-31T23:59:59.999Z", "2000-02-29T12:00:00.000Z", "2024-02-29T23:59:59.999Z",
                     "2026-12-31T23:59:59.999Z", "2100-03-01T00:00:00.000Z"] {
            let date = Self.foundationDate(edge)!
            dates += [date, date.addingTimeInterval(0.0005), date.addingTimeInterval(-0.0005), date.addingTimeInterval(1e-9)]
        }
        for date in dates {
            #expect(RFC3339.string(from: date) == Self.foundationString(date), "\(date.timeIntervalSinceReferenceDate)")
        }
    }

    @Test("a date bound for the store is the text GRDB's own formatter writes, for 20,000 random instants")
    func stored() {
        var generator = SystemRandomNumberGenerator()
        var dates = (0..<20_000).map { _ in Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator)) }
        dates += [Date(timeIntervalSince1970: 0.0005), Date(timeIntervalSince1970: 1_767_225_599.9995), Date(timeIntervalSince1970: 951_782_400)]
        for date in dates {
            #expect(date.stored == date.databaseValue, "\(date.timeIntervalSinceReferenceDate)")
        }
    }

    @Test("a stored date reads back as GRDB reads it, to the last bit, for 200,000 random instants; other text is left to GRDB")
    func storedReading() {
        var generator = SystemRandomNumberGenerator()
        var dates = (0..<200_000).map { _ in Date(timeIntervalSince1970: Double.random(in: 0..<4_102_444_800, using: &generator)) }
        dates += [Date(timeIntervalSince1970: 0.0005), Date(timeIntervalSince1970: 1_767_225_599.9995), Date(timeIntervalSince1970: 951_782_400),
                  Date(timeIntervalSinceReferenceDate: -0.001), Date(timeIntervalSinceReferenceDate: 0)]
        for date in dates {
            let text = String.fromDatabaseValue(date.databaseValue)!
            #expect(RFC3339.storedDate(text) == Date.fromDatabaseValue(text.databaseValue), "\(text)")
        }
        for other in ["2026-01-01", "2026-01-01 09:30", "2026-01-01 09:30:00", "2026-01-01T09:30:00.000", "2026-02-30 09:30:00.000",
                      "2026-01-01 24:00:00.000", "2026-01-01 09:30:00.0000", "x026-01-01 09:30:00.000", ""] {
            #expect(RFC3339.storedDate(other) == nil, "\(other)")
        }
    }

    @Test("a row's date column reads as GRDB reads it whatever its form; NULL or a missing column is nil where allowed, and an error, not a crash, where not")
    func rowDates() throws {
        let row = try #require(try DatabaseQueue().read { db in
            try Row.fetchOne(db, sql: "SELECT '2026-01-02 03:04:05.678' AS stored, NULL AS empty, '2026-01-02' AS day, 1767225600 AS unix, 'soon' AS word")
        })
        let stored: Date = try row.required("stored"), day: Date = try row.required("day"), unix: Date = try row.required("unix")
        #expect(stored == Date.fromDatabaseValue("2026-01-02 03:04:05.678".databaseValue))
        #expect(day == Date.fromDatabaseValue("2026-01-02".databaseValue))
        #expect(unix == Date(timeIntervalSince1970: 1_767_225_600))
        let empty: Date? = try row.optional("empty"), optionalStored: Date? = try row.optional("stored")
        #expect(empty == nil && optionalStored == stored)
        #expect(throws: (any Error).self) { let _: Date = try row.required("empty") }
        #expect(throws: (any Error).self) { let _: Date = try row.required("word") }
        #expect(throws: (any Error).self) { let _: Date = try row.required("missing") }
        let missing: Date? = try row.optional("missing")
        #expect(missing == nil, "an optional column that is not there reads as nil, as GRDB reads it")
    }

    @Test("reads what ISO8601DateFormatter reads, to the same instant: random timestamps with 0 to 9 fraction digits and offsets")
    func reading() {
        var generator = SystemRandomNumberGenerator()
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        for _ in 0..<20_000 {
            let year = Int.random(in: 1970...2099, using: &generator), month = Int.random(in: 1...12, using: &generator)
            let day = Int.random(in: 1...28, using: &generator)
            var text = "\(year)-\(two(month))-\(two(day))T\(two(Int.random(in: 0...23, using: &generator))):\(two(Int.random(in: 0...59, using: &generator))):\(two(Int.random(in: 0...59, using: &generator)))"
            let digits = Int.random(in: 0...9, using: &generator)
            if digits > 0 { text += "." + String((0..<digits).map { _ in "0123456789".randomElement(using: &generator)! }) }
            switch Int.random(in: 0...2, using: &generator) {
            case 0: text += "Z"
            case 1: text += "+\(two(Int.random(in: 0...14, using: &generator))):\(two([0, 30, 45].randomElement(using: &generator)!))"
            default: text += "-\(two(Int.random(in: 0...12, using: &generator))):\(two([0, 30].randomElement(using: &generator)!))"
            }
            let expected = Self.foundationDate(text)
            #expect(expected != nil, "\(text)")
            #expect(RFC3339.date(from: text) == expected, "\(text)")
        }
        for text in ["2024-02-29T23:59:59.999Z", "2000-02-29T00:00:00Z", "2026-12-31T23:59:59+00:00", "1970-01-01T00:00:00.000Z"] {
            #expect(RFC3339.date(from: text) != nil && RFC3339.date(from: text) == Self.foundationDate(text), "\(text)")
        }
    }

    @Test("refuses what is not an RFC 3339 timestamp, or names a day or time that does not exist")
    func refusing() {
        for text in ["", "2026-01-01", "2026-01-01T09:30:00", "2026-01-01 09:30:00Z", "2026-1-01T09:30:00Z", "2026-01-01T09:30:00.Z",
                     "2026-01-01T09:30:00.1234567890Z", "2026-01-01T09:30:00+0100", "2026-01-01T09:30:00Zjunk", "2026-13-01T09:30:00Z",
                     "2026-00-10T09:30:00Z", "2026-02-29T09:30:00Z", "2026-04-31T09:30:00Z", "2026-01-01T24:00:00Z", "2026-01-01T09:60:00Z",
                     "2026-01-01T09:30:60Z", "2026-01-01T09:30:00+24:00", "２026-01-01T09:30:00Z"] {
            #expect(RFC3339.date(from: text) == nil, "\(text)")
        }
    }

    @Test("an export's dates go through it both ways and come back the same")
    func export() throws {
        let at = RFC3339.date(from: "2026-03-02T09:00:00.123Z")!
        let event = CohortRecord.event(.init(at: at, kind: .finished, item: "lesson:skill-a/1", detail: nil))
        #expect(event.canonicalJSON.contains(#""at":"2026-03-02T09:00:00.123Z""#))
        #expect(CohortRecord.decode(event.canonicalJSON) == event)
        #expect(CohortRecord.decode(event.canonicalJSON.replacingOccurrences(of: "09:00:00.123Z", with: "09:00:00.123+01:00"))?.at
                == at.addingTimeInterval(-3600))
        #expect(CohortRecord.decode(event.canonicalJSON.replacingOccurrences(of: "2026-03-02", with: "2026-02-30")) == nil)
    }
}
