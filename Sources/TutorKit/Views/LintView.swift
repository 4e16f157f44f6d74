extension LintCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        if problems.isEmpty { return [.notice(.success, "the curriculum is valid: \(skills) skills checked")] }
        let list = OutputBlock.preformatted(problems.map(\.description).joined(separator: "\n"))
        if failing.isEmpty {
            let count = problems.count
            return [list, .notice(.warning, "the curriculum is valid, with \(count) warning\(count == 1 ? "" : "s"): lint --strict fails on \(count == 1 ? "it" : "them")")]
        }
        return [list, .notice(.error, "\(failing.count) problem\(failing.count == 1 ? "" : "s") found")]
    }
}
