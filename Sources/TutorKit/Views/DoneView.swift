extension DoneCommand.Result: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        [.notice(.success, "Marked \(description) done.")] + (nextStep.map { [$0.block(in: view)] } ?? [])
    }
}
