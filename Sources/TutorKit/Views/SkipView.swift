extension SkipCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        switch self {
        case .skipped(_, let description): [.notice(.success, "Marked \(description) skipped.")]
        case .moved(let next): next.blocks(in: view)
        }
    }
}
