extension ReviewCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch self {
        case .due(let cards):
            return [.document([
                .heading(level: 1, content: [.text("Due for review")]),
                .list(ordered: false, start: 1, tight: true, items: cards.map { ListItem(blocks: [.paragraph([.strong([.text($0.skill)]), .text(" — \($0.prompt)")])]) }),
            ])]
        case .nothingDue(let cards, let leftOut, let next, let now):
            let text: String
            if cards == 0 {
                text = "No review cards yet: every question you answer in a \(view.prefix)quiz becomes one."
            } else if let next, next > now {
                text = "Nothing is due now. The next of your \(cards) card\(cards == 1 ? "" : "s") comes back \(RelativeDate.until(next, from: now))."
            } else {
                text = "Nothing is due now; your \(cards) card\(cards == 1 ? "" : "s") come back when FSRS-6 schedules them."
            }
            return Self.leftOutNote(leftOut) + [.notice(.info, text)]
        case .session(let reply, let leftOut):
            return Self.leftOutNote(leftOut) + reply.blocks(in: view)
        }
    }

    private static func leftOutNote(_ count: Int) -> [OutputBlock] {
        guard count > 0 else { return [] }
        return [.notice(.warning, "\(count) due card\(count == 1 ? " was" : "s were") left out: \(count == 1 ? "its question is" : "their questions are") no longer in the curriculum. The cards are kept, in case the questions come back.")]
    }
}
