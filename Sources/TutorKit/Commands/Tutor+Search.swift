import Foundation

/// /search and /open.
extension Tutor {
    func searchCache() throws(TutorError) -> (ContentCache, [OutputBlock]) {
        let cache = context.cache ?? ContentCache.inMemory()
        let rebuilt = try cache.ensureIndex(catalog)
        return (cache, rebuilt && context.cache != nil ? [.notice(.info, "Indexed the curriculum for search; later searches reuse the index until the content changes.")] : [])
    }

    func search(_ terms: String, json: Bool) throws(TutorError) -> Output {
        let (cache, lead) = try searchCache()
        guard ContentCache.ftsQuery(terms) != nil else {
            throw .usage("type words to search for, such as \(commandPrefix)search idempotent retries")
        }
        let results = try cache.search(terms)
        if json {
            let clean = results.map { result -> SearchResult in
                var copy = result
                copy.snippet = copy.snippet.replacingOccurrences(of: ContentCache.startMark, with: "").replacingOccurrences(of: ContentCache.endMark, with: "")
                return copy
            }
            return Output(json: Output.json(clean))
        }
        guard !results.isEmpty else {
            return Output(lead + [.notice(.info, "Nothing matches '\(Sanitizer.clean(terms))'. Try fewer or other words.")])
        }
        let items = results.map { result in
            ListItem(blocks: [
                .paragraph([.strong([.text(result.location)])]),
                .paragraph(Self.highlighted(result.snippet)),
            ])
        }
        return Output(lead + [
            .document(Document([.heading(level: 1, content: [.text("Search: \(terms)")]), .list(ordered: true, start: 1, tight: false, items: items)])),
            .notice(.info, "\(commandPrefix)open N opens result N."),
        ])
    }

    /// Snippet text with the matched words marked as code, so they stand out with or without colour.
    static func highlighted(_ snippet: String) -> [Inline] {
        var inlines: [Inline] = []
        var rest = Substring(snippet.replacingOccurrences(of: "\n", with: " "))
        while let start = rest.range(of: ContentCache.startMark) {
            if start.lowerBound > rest.startIndex { inlines.append(.text(String(rest[..<start.lowerBound]))) }
            let after = rest[start.upperBound...]
            guard let end = after.range(of: ContentCache.endMark) else {
                inlines.append(.text(String(after)))
                return inlines
            }
            inlines.append(.code(String(after[..<end.lowerBound])))
            rest = after[end.upperBound...]
        }
        if !rest.isEmpty { inlines.append(.text(String(rest))) }
        return inlines
    }

    func openResult(_ rank: Int) throws(TutorError) -> Output {
        let cache = context.cache ?? ContentCache.inMemory()
        guard let result = cache.lastResult(rank) else {
            let count = cache.lastResultCount()
            throw .usage(count == 0 ? "search first: \(commandPrefix)search TERMS, then \(commandPrefix)open N" : "the last search has results 1 to \(count)")
        }
        let parts = result.ref.split(separator: "/", maxSplits: 1).map(String.init)
        switch result.kind {
        case "lesson":
            let (store, profile) = try learner()
            return try open(.lesson(skill: parts[0], number: Int(parts.last ?? "1") ?? 1), profile: profile, store: store, lead: [])
        case "quiz":
            let (store, profile) = try learner()
            let q = catalog.quiz(for: parts[0])?.questions.first { $0.id == parts.last }
            let number = (q.flatMap { catalog.metadata(parts[0])?.lessons.firstIndex(of: $0.lesson) } ?? 0) + 1
            return try open(.lesson(skill: parts[0], number: number), profile: profile, store: store, lead: [])
        case "project":
            return try projects(.show(result.ref), json: false)
        case "stack", "technology":
            return try entryDetail(result.ref)
        case "practice":
            guard let checklist = catalog.checklist(parts[0]), let index = Int(parts.last ?? ""), index >= 1, index <= checklist.items.count else {
                throw .usage("that result is no longer in the curriculum; search again")
            }
            let item = checklist.items[index - 1]
            var blocks: [Block] = [.heading(level: 1, content: [.text("\(checklist.title) › \(item.title)")]), .heading(level: 3, content: [.text("Why")])]
            blocks += MarkdownParser.parse(item.why).blocks
            blocks.append(.heading(level: 3, content: [.text("How")]))
            blocks += MarkdownParser.parse(item.how).blocks
            return Output([.document(Document(blocks)), .notice(.info, "\(commandPrefix)practices \(checklist.slug) shows the whole checklist.")])
        default:
            throw .usage("that result is no longer in the curriculum; search again")
        }
    }

    /// One stack or technology: its summary, attributes, overview and sources.
    func entryDetail(_ slug: String) throws(TutorError) -> Output {
        let entry = try findComparison(slug)
        var output = Output([
            .document(Document([.heading(level: 1, content: [.text(entry.title)]), .paragraph([.emphasis([.text(entry.summary)])])])),
            .fields(entry.attributes.map { Field(Self.attributeTitle($0.name), $0.value) }),
        ])
        var blocks = MarkdownParser.parse(entry.overview).blocks
        if !entry.sources.isEmpty {
            blocks.append(.heading(level: 2, content: [.text("Sources")]))
            blocks.append(.list(ordered: false, start: 1, tight: true, items: entry.sources.map {
                ListItem(blocks: [.paragraph([.text("[\($0.id)] "), .link(destination: $0.url, content: [.text($0.title)]), .text(", \($0.date)")])])
            }))
        }
        output.blocks.append(.document(Document(blocks)))
        let peers = catalog.comparisons.filter { $0.category == entry.category && $0.slug != entry.slug }.prefix(2).map(\.slug)
        if !peers.isEmpty { output.blocks.append(.notice(.info, "\(commandPrefix)compare \(entry.slug) \(peers.joined(separator: " ")) lays it beside others.")) }
        return output
    }
}
