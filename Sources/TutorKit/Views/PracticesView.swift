extension PracticesCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch self {
        case .list(let checklists):
            return [
                .document([
                    .heading(level: 1, content: [.text("Best-practice checklists")]),
                    .list(ordered: false, start: 1, tight: true, items: checklists.map {
                        ListItem(blocks: [.paragraph([.strong([.text($0.slug)]), .text(" — \($0.summary) (\($0.items.count) items)")])])
                    }),
                ]),
                .notice(.info, "\(view.prefix)practices SLUG shows one, each item with why and how."),
            ]
        case .one(let checklist, let examples):
            var blocks: [Block] = [.heading(level: 1, content: [.text("\(checklist.title) checklist")]), .paragraph([.emphasis([.text(checklist.summary)])])]
            for (index, item) in checklist.items.enumerated() {
                blocks.append(.heading(level: 2, content: [.text("\(index + 1). \(item.title)")]))
                blocks.append(.heading(level: 3, content: [.text("Why")]))
                blocks += MarkdownParser.parse(item.why).blocks
                blocks.append(.heading(level: 3, content: [.text("How")]))
                blocks += MarkdownParser.parse(item.how).blocks
            }
            return [.document(Document(blocks).examples(examples, prefix: view.prefix))]
        }
    }
}
