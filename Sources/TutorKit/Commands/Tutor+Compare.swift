import Foundation

/// /compare and /practices.
extension Tutor {
    /// A comparison as data, as `--json` prints it.
    public struct ComparisonTable: Codable, Hashable, Sendable {
        public struct Column: Codable, Hashable, Sendable {
            public var slug: String
            public var title: String
        }

        public struct Row: Codable, Hashable, Sendable {
            public var attribute: String
            public var values: [String]
            /// True when every column says the same.
            public var same: Bool
        }

        public struct SourceRef: Codable, Hashable, Sendable {
            public var entry: String
            public var id: String
            public var title: String
            public var url: String
            public var date: String
        }

        public var category: String
        public var columns: [Column]
        public var rows: [Row]
        public var sources: [SourceRef]
    }

    func findComparison(_ name: String) throws(TutorError) -> ComparisonEntry {
        let wanted = name.lowercased()
        if let entry = catalog.comparison(wanted) ?? catalog.comparisons.first(where: { $0.title.lowercased() == wanted }) {
            return entry
        }
        let suggestions = Suggestions.nearest(to: wanted, in: catalog.comparisons.map(\.slug))
        throw .usage("nothing called '\(Sanitizer.clean(name))' to compare" + (suggestions.isEmpty ? " — \(commandPrefix)compare lists what can be compared" : " — did you mean \(suggestions.joined(separator: ", "))?"))
    }

    func comparisonTable(_ names: [String]) throws(TutorError) -> ComparisonTable {
        guard (2...4).contains(names.count) else { throw .usage("compare takes 2 to 4 names, such as \(commandPrefix)compare node python") }
        var entries: [ComparisonEntry] = []
        for name in names { entries.append(try findComparison(name)) }
        if Set(entries.map(\.slug)).count != entries.count { throw .usage("each name once: compare different things") }
        let categories = Set(entries.map(\.category))
        if categories.count > 1 {
            let kinds = entries.map { "\($0.slug) is \(article(ComparisonEntry.categoryTitle($0.category)))" }
            let example = catalog.comparisons.filter { $0.category == entries[0].category }.prefix(2).map(\.slug).joined(separator: " ")
            throw .usage("\(kinds.joined(separator: ", ")): compare things of one kind, such as \(commandPrefix)compare \(example)")
        }
        let attributes = entries[0].attributes.map(\.name)
        let rows = attributes.map { name in
            let values = entries.map { $0.value(name) ?? "—" }
            let normalised = Set(values.map { $0.lowercased().trimmingCharacters(in: .whitespaces) })
            return ComparisonTable.Row(attribute: name, values: values, same: normalised.count == 1)
        }
        var seen: Set<String> = []
        var sources: [ComparisonTable.SourceRef] = []
        for entry in entries {
            for source in entry.sources where seen.insert(source.id + " " + source.url).inserted {
                sources.append(.init(entry: entry.slug, id: source.id, title: source.title, url: source.url, date: source.date))
            }
        }
        return ComparisonTable(category: entries[0].category, columns: entries.map { .init(slug: $0.slug, title: $0.title) }, rows: rows, sources: sources)
    }

    /// `package-manager` → `Package manager`, `orm` → `ORM`.
    static func attributeTitle(_ name: String) -> String {
        let acronyms: Set<String> = ["api", "orm", "ci", "sql", "acid"]
        return name.split(separator: "-").enumerated().map { index, word in
            acronyms.contains(String(word)) ? word.uppercased() : (index == 0 ? String(word).capitalizedFirst : String(word))
        }.joined(separator: " ")
    }

    private func article(_ noun: String) -> String {
        (["a", "e", "i", "o", "u"].contains(noun.prefix(1).lowercased()) ? "an " : "a ") + noun
    }

    func compare(_ names: [String], diff: Bool, json: Bool) throws(TutorError) -> Output {
        if names.isEmpty { return comparableList(json: json) }
        var table = try comparisonTable(names)
        if diff { table.rows.removeAll(where: \.same) }
        if json { return Output(json: Output.json(table)) }
        var blocks: [Block] = [.heading(level: 1, content: [.text(table.columns.map(\.title).joined(separator: " vs "))])]
        if table.rows.isEmpty {
            return Output([.document(Document(blocks)), .notice(.info, "Every row says the same for these; drop --diff to see them.")])
        }
        let header: [[Inline]] = [[.text(ComparisonEntry.categoryTitle(table.category).capitalizedFirst)]] + table.columns.map { [.text($0.title)] }
        let rows: [[[Inline]]] = table.rows.map { row in
            [[.strong([.text(Self.attributeTitle(row.attribute))])]] + row.values.map { [.text($0)] }
        }
        blocks.append(.table(alignments: Array(repeating: .left, count: header.count), header: header, rows: rows))
        if !table.sources.isEmpty {
            blocks.append(.heading(level: 2, content: [.text("Sources")]))
            blocks.append(.list(ordered: false, start: 1, tight: true, items: table.sources.map { source in
                ListItem(blocks: [.paragraph([.text("[\(source.id)] "), .link(destination: source.url, content: [.text(source.title)]), .text(", \(source.date)")])])
            }))
        }
        var output = Output([.document(Document(blocks))])
        if diff { output.blocks.append(.notice(.info, "Rows where every column agrees are hidden.")) }
        return output
    }

    private func comparableList(json: Bool) -> Output {
        let categories = Array(Set(catalog.comparisons.map(\.category))).sorted { a, b in
            a == "stack" ? b != "stack" : (b == "stack" ? false : a < b)
        }
        if json {
            let grouped = categories.map { category in
                ["category": category, "names": catalog.comparisons.filter { $0.category == category }.map(\.slug).joined(separator: " ")]
            }
            return Output(json: Output.json(grouped))
        }
        var blocks: [Block] = [.heading(level: 1, content: [.text("What can be compared")])]
        for category in categories {
            let entries = catalog.comparisons.filter { $0.category == category }
            blocks.append(.heading(level: 2, content: [.text(category == "stack" ? "Stacks" : ComparisonEntry.categoryTitle(category).capitalizedFirst + "s")]))
            blocks.append(.list(ordered: false, start: 1, tight: true, items: entries.map {
                ListItem(blocks: [.paragraph([.strong([.text($0.slug)]), .text(" — \($0.summary)")])])
            }))
        }
        return Output([.document(Document(blocks)), .notice(.info, "Compare 2 to 4 of one kind: \(commandPrefix)compare node python, \(commandPrefix)compare kafka rabbitmq nats.")])
    }

    // MARK: - /practices

    func practices(_ slug: String?, json: Bool) throws(TutorError) -> Output {
        guard let slug else {
            if json { return Output(json: Output.json(catalog.checklists)) }
            return Output([
                .document(Document([
                    .heading(level: 1, content: [.text("Best-practice checklists")]),
                    .list(ordered: false, start: 1, tight: true, items: catalog.checklists.map {
                        ListItem(blocks: [.paragraph([.strong([.text($0.slug)]), .text(" — \($0.summary) (\($0.items.count) items)")])])
                    }),
                ])),
                .notice(.info, "\(commandPrefix)practices SLUG shows one, each item with why and how."),
            ])
        }
        guard let checklist = catalog.checklist(slug) else {
            let suggestions = Suggestions.nearest(to: slug, in: catalog.checklists.map(\.slug))
            throw .usage("no checklist called '\(Sanitizer.clean(slug))' — " + (suggestions.isEmpty ? "the checklists are \(catalog.checklists.map(\.slug).joined(separator: ", "))" : "did you mean \(suggestions.joined(separator: ", "))?"))
        }
        if json { return Output(json: Output.json(checklist)) }
        let stack = context.stack
        var blocks: [Block] = [.heading(level: 1, content: [.text("\(checklist.title) checklist")]), .paragraph([.emphasis([.text(checklist.summary)])])]
        for (index, item) in checklist.items.enumerated() {
            blocks.append(.heading(level: 2, content: [.text("\(index + 1). \(item.title)")]))
            blocks.append(.heading(level: 3, content: [.text("Why")]))
            blocks += MarkdownParser.parse(item.why).blocks
            blocks.append(.heading(level: 3, content: [.text("How")]))
            blocks += MarkdownParser.parse(item.how).blocks
        }
        return Output([.document(Document(blocks).preferring(stack))])
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
