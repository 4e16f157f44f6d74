extension ProgressExport: TextView {
    /// An export is always printed as JSON; as text it says so.
    public func blocks(in view: ViewContext) -> [OutputBlock] {
        [.notice(.info, "\(profiles.count) profile\(profiles.count == 1 ? "" : "s") exported.")]
    }
}
