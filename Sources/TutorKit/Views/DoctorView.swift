extension DoctorCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        var blocks: [OutputBlock] = checks.map { check in
            switch check.outcome {
            case .ok: .notice(.success, "\(check.subject): \(check.detail)")
            case .fixed: .notice(.warning, "\(check.subject), fixed: \(check.detail)")
            case .problem: .notice(.error, "\(check.subject): \(check.detail)")
            }
        }
        let fixed = checks.filter { $0.outcome == .fixed }.count, problems = checks.filter { $0.outcome == .problem }.count
        switch (fixed, problems) {
        case (0, 0): blocks.append(.notice(.info, "Everything is sound."))
        case (_, 0): blocks.append(.notice(.info, "Fixed \(fixed) thing\(fixed == 1 ? "" : "s"); everything is sound now."))
        default: blocks.append(.notice(.info, "\(problems) problem\(problems == 1 ? "" : "s") left that doctor cannot fix: each line above says what to do."))
        }
        return blocks
    }
}
