extension ReviewCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch self {
        case .due(let cards):
            return [.document([
                .heading(level: 1, content: [.text("Due for review")]),
                .list(ordered: false, start: 1, tight: true, items: cards.map { ListItem(blocks: [.paragraph([.strong([.text($0.skill)]), .text(" — \($0.prompt)")])]) }),
            ])]
        case .nothingDue(let cards, let leftOut, let next, let now, let exercises):
            if !exercises.isEmpty {
                return Self.leftOutNote(leftOut) + Self.exercisesNote(exercises)
            }
            let text: String
            if cards == 0 {
                text = "No review cards yet: every question you answer in a \(view.prefix)quiz becomes one."
            } else if let next, next > now {
                text = "Nothing is due now. The next of your \(cards) card\(cards == 1 ? "" : "s") comes back \(RelativeDate.until(next, from: now))."
            } else {
                text = "Nothing is due now; your \(cards) card\(cards == 1 ? "" : "s") come back when FSRS-6 schedules them."
            }
            return Self.leftOutNote(leftOut) + [.notice(.info, text)]
        case .session(let reply, let leftOut, let exercises):
            return Self.leftOutNote(leftOut) + Self.exercisesNote(exercises) + reply.blocks(in: view)
        }
    }

    private static func exercisesNote(_ commands: [String]) -> [OutputBlock] {
        guard !commands.isEmpty else { return [] }
        let shown = commands.prefix(5).joined(separator: ", ") + (commands.count > 5 ? " and \(commands.count - 5) more" : "")
        return [.notice(.info, "\(commands.count) exercise\(commands.count == 1 ? " is" : "s are") due again; solving one reviews it: \(shown).")]
    }

    private static func leftOutNote(_ count: Int) -> [OutputBlock] {
        guard count > 0 else { return [] }
        return [.notice(.warning, "\(count) due card\(count == 1 ? " was" : "s were") left out: \(count == 1 ? "its question is" : "their questions are") no longer in the curriculum. The cards are kept, in case the questions come back.")]
    }
}
