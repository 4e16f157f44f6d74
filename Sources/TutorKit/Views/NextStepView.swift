extension NextStep {
    /// The line that says what to do next.
    func block(in view: ViewContext) -> OutputBlock {
        let p = view.prefix
        switch self {
        case .on(let key, let description):
            var reopen = ""
            if case .lesson(let slug, let number) = key { reopen = "\(p)goto \(slug) \(number) shows it again; " }
            return .notice(.info, "You are on \(description). \(reopen)\(p)next finishes it and goes on.")
        case .next(_, let description):
            return .notice(.info, "Next: \(description). Type \(p)next to open it.")
        case .finished:
            return .notice(.success, "You have finished every lesson and project on the path.")
        }
    }
}
