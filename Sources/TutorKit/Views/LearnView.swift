extension LearnCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch self {
        case .opened(let item): item.blocks(in: view)
        case .overview(let overview): overview.blocks(in: view)
        case .askingStack(let title, let summary, _):
            // The path's heading comes once, with the overview after the questions.
            [.document([.paragraph([.strong([.text(title)]), .text(": \(summary)")])])]
        case .askingLevel(let stack, _):
            [.notice(.success, "Your stack: \(stack.rawValue).")]
        }
    }
}
