extension LintCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        if problems.isEmpty { return [.notice(.success, "the curriculum is valid: \(skills) skills checked")] }
        return [
            .preformatted(problems.map(\.description).joined(separator: "\n")),
            .notice(.error, "\(problems.count) problem\(problems.count == 1 ? "" : "s") found"),
        ]
    }
}
