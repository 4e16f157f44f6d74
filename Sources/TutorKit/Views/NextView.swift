extension NextCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch self {
        case .opened(let item): item.blocks(in: view)
        case .finished(let lead): lead.map(\.block)
        case .exercise(let card, let lead): lead.map(\.block) + card.blocks(in: view)
        }
    }
}
