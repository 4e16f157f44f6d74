import Foundation
import GRDB

/// One search hit.
public struct SearchResult: Hashable, Sendable, Encodable {
    /// What `/open` opens.
    public var target: SearchTarget
    /// Where it is, for people: `REST API design › 3. Methods and status codes`.
    public var location: String
    /// Context around the match; the matched words sit between U+0001 and U+0002.
    public var snippet: String

    public init(target: SearchTarget, location: String, snippet: String) {
        self.target = target
        self.location = location
        self.snippet = snippet
    }

    private enum CodingKeys: String, CodingKey { case kind, ref, location, snippet }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(target.kind, forKey: .kind)
        try container.encode(target.ref, forKey: .ref)
        try container.encode(location, forKey: .location)
        try container.encode(snippet, forKey: .snippet)
    }
}

/// Full-text search over every lesson, quiz explanation, project, stack, technology and
/// practice, with SQLite FTS5 (porter stemming over unicode61) ranked by bm25.
extension ContentCache {
    static let startMark = "\u{1}", endMark = "\u{2}"

    /// Builds the index when the catalog's content changed since it was built; returns whether it did.
    @discardableResult
    public func ensureIndex(_ catalog: Catalog) throws(SearchError) -> Bool {
        let hash = contentHash(of: catalog)
        if meta("index.contentHash") == hash { return false }
        do {
            return try building {
                // Another process may have built it while this one waited for the lock.
                if meta("index.contentHash") == hash { return false }
                try buildIndex(catalog, hash: hash)
                return true
            }
        } catch {
            if Self.isDamage(error) { throw .damaged(path: url?.path ?? "search index") }
            throw .io(path: url?.path ?? "search index", reason: "could not build the search index: \(ErrorReason.of(error))")
        }
    }

    private func buildIndex(_ catalog: Catalog, hash: String) throws {
        do {
            try queue.write { db in
                try db.execute(sql: "DELETE FROM doc")
                let statement = try db.makeStatement(sql: "INSERT INTO doc (title, heading, body, kind, ref, location) VALUES (?, ?, ?, ?, ?, ?)")
                // Each piece is indexed as it is read, so only one skill is in memory at a time.
                try Self.forEachDocument(catalog) { row in
                    // A long body is indexed in chunks, so that finding and quoting a match costs
                    // the same in a huge lesson as in a short one.
                    for chunk in Self.chunks(row.body) {
                        try statement.execute(arguments: [row.title, row.heading, chunk, row.target.kind, row.target.ref, row.location])
                    }
                }
                try db.execute(sql: "DELETE FROM lastSearch")
                try setMeta(["index.contentHash": hash], in: db)
            }
        }
    }

    /// The most characters of a body one row of the index holds.
    static let chunkLength = 16_000

    /// `body` in pieces of at most ``chunkLength`` characters, cut at white space where there is some.
    static func chunks(_ body: String) -> [String] {
        guard body.count > chunkLength else { return [body] }
        var pieces: [String] = []
        var rest = Substring(body)
        while rest.count > chunkLength {
            let limit = rest.index(rest.startIndex, offsetBy: chunkLength)
            let cut = rest[..<limit].lastIndex(where: \.isWhitespace).map { rest.index(after: $0) } ?? limit
            pieces.append(String(rest[..<cut]))
            rest = rest[cut...]
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        return pieces
    }

    /// One searchable piece of the curriculum.
    struct IndexedDocument {
        var title: String
        var heading: String
        var body: String
        var target: SearchTarget
        var location: String
    }

    /// Markdown as the learner reads it, without its marks: snippets quote what the page shows.
    static func plain(_ markdown: String) -> String { MarkdownParser.parse(markdown).plainText }

    /// Every searchable piece of the curriculum. A skill whose file can no longer be read is left
    /// out (lint names its problems).
    static func forEachDocument(_ catalog: Catalog, _ take: (IndexedDocument) throws -> Void) rethrows {
        for metadata in catalog.skills {
            guard let skill = try? catalog.loadSkill(metadata.slug) else { continue }
            for (index, lesson) in skill.lessons.enumerated() {
                try take(.init(title: metadata.title, heading: lesson.title, body: plain(lesson.markdown), target: .lesson(skill: metadata.slug, number: index + 1),
                                  location: "\(metadata.title) › \(index + 1). \(lesson.title)"))
            }
            for question in (try? catalog.loadQuiz(metadata.slug))?.questions ?? [] {
                try take(.init(title: metadata.title, heading: plain(question.prompt), body: plain(question.explanation), target: .quiz(skill: metadata.slug, questionId: question.id),
                                  location: "\(metadata.title) › quiz: \(question.lesson)"))
            }
        }
        for project in catalog.projects {
            let body = [plain(project.brief)] + project.milestones.map { "\($0.title). \($0.doneWhen)" } + project.stretch
            try take(.init(title: project.title, heading: project.summary, body: body.joined(separator: "\n"), target: .project(project.slug),
                              location: "project \(project.title) (\(project.level.rawValue))"))
        }
        for entry in catalog.comparisons {
            let body = [plain(entry.overview)] + entry.attributes.map { "\($0.name): \($0.value)" }
            let isStack = entry.category == .stack
            try take(.init(title: entry.title, heading: entry.summary, body: body.joined(separator: "\n"),
                              target: isStack ? .stack(entry.slug) : .technology(entry.slug),
                              location: isStack ? "stack \(entry.title)" : "technology \(entry.title) (\(entry.category.title))"))
        }
        for checklist in catalog.checklists {
            for (index, item) in checklist.items.enumerated() {
                try take(.init(title: checklist.title, heading: item.title, body: plain(item.why) + "\n" + plain(item.how), target: .practice(checklist: checklist.slug, item: index + 1),
                                  location: "\(checklist.title) checklist › \(index + 1). \(item.title)"))
            }
        }
    }

    /// The longest search: longer input is refused with a message, not searched slowly.
    public static let maximumWords = 32, maximumLength = 300

    /// Why `input` cannot be searched, or nil when it can.
    public static func queryProblem(_ input: String) -> String? {
        let words = words(input).count
        if input.count > maximumLength || words > maximumWords {
            return "search for at most \(maximumWords) words and \(maximumLength) characters (this has \(words) words, \(input.count) characters): fewer, rarer words find more"
        }
        return words == 0 ? "type words to search for" : nil
    }

    /// The words of `input`: runs of letters, digits and underscores.
    public static func words(_ input: String) -> [String] {
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
        return words
    }

    /// Turns what a learner typed into an FTS5 query that cannot be a syntax error: each word is
    /// quoted, operators and punctuation are dropped, and the last word matches as a prefix.
    public static func ftsQuery(_ input: String) -> String? {
        let words = words(input)
        guard !words.isEmpty else { return nil }
        let quoted = words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return quoted.dropLast().joined(separator: " ") + (quoted.count > 1 ? " " : "") + quoted.last! + "*"
    }

    /// The best `limit` results, titles and headings weighing more than body text. The results
    /// are remembered for `/open N`.
    public func search(_ input: String, limit: Int = 10) throws(SearchError) -> [SearchResult] {
        guard Self.queryProblem(input) == nil, let query = Self.ftsQuery(input) else { return [] }
        let results: [SearchResult]
        do {
            results = try queue.read { db in
                // Rank first, then quote only the rows shown: a snippet costs a pass over its row.
                let ranked = try Row.fetchAll(db, sql: """
                    SELECT rowid, kind, ref, location FROM doc WHERE doc MATCH ? ORDER BY bm25(doc, 10.0, 5.0, 1.0) LIMIT ?
                    """, arguments: [query, limit * 5])
                var seen: Set<SearchTarget> = []
                var results: [SearchResult] = []
                for row in ranked where results.count < limit {
                    guard let target = SearchTarget(kind: row["kind"], ref: row["ref"]), seen.insert(target).inserted else { continue }
                    let snippet = try String.fetchOne(db, sql: "SELECT snippet(doc, 2, ?, ?, '…', 14) FROM doc WHERE doc MATCH ? AND rowid = ?",
                                                      arguments: [Self.startMark, Self.endMark, query, row["rowid"] as Int64]) ?? ""
                    results.append(SearchResult(target: target, location: row["location"], snippet: snippet))
                }
                return results
            }
        } catch {
            if Self.isDamage(error) { throw .damaged(path: url?.path ?? "search index") }
            throw .io(path: url?.path ?? "search index", reason: "search failed: \(ErrorReason.of(error))")
        }
        // Remembered for /open N; a cache that cannot take the write still answers the search.
        try? queue.write { db in
            try db.execute(sql: "DELETE FROM lastSearch")
            for (index, result) in results.enumerated() {
                try db.execute(sql: "INSERT INTO lastSearch (rank, kind, ref, location) VALUES (?, ?, ?, ?)", arguments: [index + 1, result.target.kind, result.target.ref, result.location])
            }
        }
        return results
    }

    /// Result `rank` (from 1) of the last search.
    public func lastResult(_ rank: Int) -> SearchResult? {
        try? queue.read { db in
            try Row.fetchOne(db, sql: "SELECT kind, ref, location FROM lastSearch WHERE rank = ?", arguments: [rank]).flatMap { row in
                SearchTarget(kind: row["kind"], ref: row["ref"]).map { SearchResult(target: $0, location: row["location"], snippet: "") }
            }
        }
    }

    public func lastResultCount() -> Int {
        (try? queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM lastSearch") }) ?? 0
    }
}
