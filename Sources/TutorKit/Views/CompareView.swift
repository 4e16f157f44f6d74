extension CompareCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        switch self {
        case .list(let groups):
            var blocks: [Block] = [.heading(level: 1, content: [.text("What can be compared")])]
            for (category, entries) in groups {
                blocks.append(.heading(level: 2, content: [.text(category == .stack ? "Stacks" : category.title.capitalizedFirst + "s")]))
                blocks.append(.list(ordered: false, start: 1, tight: true, items: entries.map {
                    ListItem(blocks: [.paragraph([.strong([.text($0.slug)]), .text(" — \($0.summary)")])])
                }))
            }
            return [.document(blocks), .notice(.info, "Compare 2 to 4 of one kind: \(p)compare node python, \(p)compare kafka rabbitmq nats.")]
        case .table(let table, let diff):
            var blocks: [Block] = [.heading(level: 1, content: [.text(table.columns.map(\.title).joined(separator: " vs "))])]
            if table.rows.isEmpty {
                return [.document(blocks), .notice(.info, "Every row says the same for these; drop --diff to see them.")]
            }
            let header: [[Inline]] = [[.text(table.category.title.capitalizedFirst)]] + table.columns.map { [.text($0.title)] }
            let rows: [[[Inline]]] = table.rows.map { row in
                [[.strong([.text(ComparisonTable.attributeTitle(row.attribute))])]] + row.values.map { [.text($0)] }
            }
            blocks.append(.table(alignments: Array(repeating: .left, count: header.count), header: header, rows: rows))
            if !table.sources.isEmpty {
                blocks.append(.heading(level: 2, content: [.text("Sources")]))
                blocks.append(.list(ordered: false, start: 1, tight: true, items: table.sources.map { source in
                    // The address is printed as well as linked: terminals without OSC 8 (tmux up to 3.3,
                    // GNU screen) show no link at all.
                    ListItem(blocks: [.paragraph([.text("[\(source.id)] \(source.title), \(source.date): "), .link(destination: source.url, content: [.text(source.url)])])])
                }))
            }
            var output: [OutputBlock] = [.document(blocks)]
            if diff { output.append(.notice(.info, "Rows where every column agrees are hidden.")) }
            return output
        }
    }
}
