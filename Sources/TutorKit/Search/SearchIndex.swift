import Foundation
import GRDB

/// One search hit.
public struct SearchResult: Codable, Hashable, Sendable {
    /// `lesson`, `quiz`, `project`, `stack`, `technology` or `practice`.
    public var kind: String
    /// What `/open` needs: `rest-api-design/3`, `todo-api`, `security/2`, ...
    public var ref: String
    /// Where it is, for people: `REST API design › 3. Methods and status codes`.
    public var location: String
    /// Context around the match; the matched words sit between U+0001 and U+0002.
    public var snippet: String
}

/// Full-text search over every lesson, quiz explanation, project, stack, technology and
/// practice, with SQLite FTS5 (porter stemming over unicode61) ranked by bm25.
extension ContentCache {
    static let startMark = "\u{1}", endMark = "\u{2}"

    /// Builds the index when the catalog's content changed since it was built; returns whether it did.
    @discardableResult
    public func ensureIndex(_ catalog: Catalog) throws(TutorError) -> Bool {
        let hash = meta("catalog.contentHash") ?? ContentFingerprint.of(catalog.root).contentHash(root: catalog.root)
        if meta("index.contentHash") == hash { return false }
        let rows = Self.documents(catalog)
        do {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM doc")
                let statement = try db.makeStatement(sql: "INSERT INTO doc (title, heading, body, kind, ref, location) VALUES (?, ?, ?, ?, ?, ?)")
                for row in rows { try statement.execute(arguments: StatementArguments(row)) }
                try db.execute(sql: "DELETE FROM lastSearch")
                try setMeta(["index.contentHash": hash], in: db)
            }
        } catch {
            throw .io(path: url?.path ?? "search index", reason: "could not build the search index: \(ProgressStore.reason(error))")
        }
        return true
    }

    /// Every searchable piece of the curriculum as (title, heading, body, kind, ref, location).
    static func documents(_ catalog: Catalog) -> [[String]] {
        var rows: [[String]] = []
        for metadata in catalog.skills {
            guard let skill = catalog.skill(metadata.slug) else { continue }
            for (index, lesson) in skill.lessons.enumerated() {
                rows.append([metadata.title, lesson.title, lesson.markdown, "lesson", "\(metadata.slug)/\(index + 1)", "\(metadata.title) › \(index + 1). \(lesson.title)"])
            }
            for question in catalog.quiz(for: metadata.slug)?.questions ?? [] {
                rows.append([metadata.title, question.prompt, question.explanation, "quiz", "\(metadata.slug)/\(question.id)", "\(metadata.title) › quiz: \(question.lesson)"])
            }
        }
        for project in catalog.projects {
            let body = [project.brief] + project.milestones.map { "\($0.title). \($0.doneWhen)" } + project.stretch
            rows.append([project.title, project.summary, body.joined(separator: "\n"), "project", project.slug, "project \(project.title) (\(project.level.rawValue))"])
        }
        for entry in catalog.comparisons {
            let body = [entry.overview] + entry.attributes.map { "\($0.name): \($0.value)" }
            let kind = entry.category == "stack" ? "stack" : "technology"
            rows.append([entry.title, entry.summary, body.joined(separator: "\n"), kind, entry.slug, "\(kind) \(entry.title)" + (kind == "technology" ? " (\(ComparisonEntry.categoryTitle(entry.category)))" : "")])
        }
        for checklist in catalog.checklists {
            for (index, item) in checklist.items.enumerated() {
                rows.append([checklist.title, item.title, item.why + "\n" + item.how, "practice", "\(checklist.slug)/\(index + 1)", "\(checklist.title) checklist › \(index + 1). \(item.title)"])
            }
        }
        return rows
    }

    /// Turns what a learner typed into an FTS5 query that cannot be a syntax error: each word is
    /// quoted, operators and punctuation are dropped, and the last word matches as a prefix.
    public static func ftsQuery(_ input: String) -> String? {
        var words: [String] = []
        var current = ""
        for scalar in input.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_" {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        guard !words.isEmpty else { return nil }
        let quoted = words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return quoted.dropLast().joined(separator: " ") + (quoted.count > 1 ? " " : "") + quoted.last! + "*"
    }

    /// The best `limit` results, titles and headings weighing more than body text. The results
    /// are remembered for `/open N`.
    public func search(_ input: String, limit: Int = 10) throws(TutorError) -> [SearchResult] {
        guard let query = Self.ftsQuery(input) else { return [] }
        do {
            return try queue.write { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT kind, ref, location, snippet(doc, 2, ?, ?, '…', 14) AS snippet
                    FROM doc WHERE doc MATCH ? ORDER BY bm25(doc, 10.0, 5.0, 1.0) LIMIT ?
                    """, arguments: [Self.startMark, Self.endMark, query, limit])
                let results = rows.map { SearchResult(kind: $0["kind"], ref: $0["ref"], location: $0["location"], snippet: $0["snippet"]) }
                try db.execute(sql: "DELETE FROM lastSearch")
                for (index, result) in results.enumerated() {
                    try db.execute(sql: "INSERT INTO lastSearch (rank, kind, ref, location) VALUES (?, ?, ?, ?)", arguments: [index + 1, result.kind, result.ref, result.location])
                }
                return results
            }
        } catch {
            throw .io(path: url?.path ?? "search index", reason: "search failed: \(ProgressStore.reason(error))")
        }
    }

    /// Result `rank` (from 1) of the last search.
    public func lastResult(_ rank: Int) -> SearchResult? {
        try? queue.read { db in
            try Row.fetchOne(db, sql: "SELECT kind, ref, location FROM lastSearch WHERE rank = ?", arguments: [rank])
                .map { SearchResult(kind: $0["kind"], ref: $0["ref"], location: $0["location"], snippet: "") }
        }
    }

    public func lastResultCount() -> Int {
        (try? queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM lastSearch") }) ?? 0
    }
}
