extension SearchCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        var lead: [OutputBlock] = indexed ? [.notice(.info, "Indexed the curriculum for search; later searches reuse the index until the content changes.")] : []
        if damaged { lead.append(.notice(.warning, "The search index on disk was damaged: it is deleted, and this search used one built in memory.")) }
        guard !results.isEmpty else {
            return lead + [.notice(.info, "Nothing matches '\(Sanitizer.clean(terms))'. Try fewer or other words.")]
        }
        let items = results.map { result in
            ListItem(blocks: [
                .paragraph([.strong([.text(result.location)])]),
                .paragraph(Self.highlighted(result.snippet)),
            ])
        }
        return lead + [
            .document([.heading(level: 1, content: [.text("Search: \(terms)")]), .list(ordered: true, start: 1, tight: false, items: items)]),
            .notice(.info, "\(view.prefix)open N opens result N."),
        ]
    }

    /// Snippet text with the matched words marked, so they stand out with or without colour.
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
            inlines.append(.match(String(after[..<end.lowerBound])))
            rest = after[end.upperBound...]
        }
        if !rest.isEmpty { inlines.append(.text(String(rest))) }
        return inlines
    }
}
