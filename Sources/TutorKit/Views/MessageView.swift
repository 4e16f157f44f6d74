extension Message: TextView {
    public func blocks(in view: ViewContext) -> [OutputBlock] { notices.map(\.block) }
}
