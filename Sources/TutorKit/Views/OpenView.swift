extension OpenCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        let p = view.prefix
        switch self {
        case .item(let item):
            return item.blocks(in: view)
        case .project(let detail):
            return detail.blocks(in: view)
        case .entry(let entry, let peers):
            var output: [OutputBlock] = [
                .document([.heading(level: 1, content: [.text(entry.title)]), .paragraph([.emphasis([.text(entry.summary)])])]),
                .fields(entry.attributes.map { Field(ComparisonTable.attributeTitle($0.name), $0.value) }),
            ]
            var blocks = MarkdownParser.parse(entry.overview).blocks
            if !entry.sources.isEmpty {
                blocks.append(.heading(level: 2, content: [.text("Sources")]))
                blocks.append(.list(ordered: false, start: 1, tight: true, items: entry.sources.map {
                    ListItem(blocks: [.paragraph([.text("[\($0.id)] "), .link(destination: $0.url, content: [.text($0.title)]), .text(", \($0.date)")])])
                }))
            }
            output.append(.document(blocks))
            if !peers.isEmpty { output.append(.notice(.info, "\(p)compare \(entry.slug) \(peers.joined(separator: " ")) lays it beside others.")) }
            return output
        case .practice(let checklist, let index):
            let item = checklist.items[index - 1]
            var blocks: [Block] = [.heading(level: 1, content: [.text("\(checklist.title) › \(item.title)")]), .heading(level: 3, content: [.text("Why")])]
            blocks += MarkdownParser.parse(item.why).blocks
            blocks.append(.heading(level: 3, content: [.text("How")]))
            blocks += MarkdownParser.parse(item.how).blocks
            return [.document(blocks), .notice(.info, "\(p)practices \(checklist.slug) shows the whole checklist.")]
        }
    }
}
