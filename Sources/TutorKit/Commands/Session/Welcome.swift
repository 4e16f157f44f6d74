/// What the REPL says when it opens: where the learner was, and how many cards are due.
public enum Welcome {
    /// `Welcome back. You were last here 3 days ago, on REST API design › 2. Resources and URIs.`
    public static func resumeLine(in context: CommandContext) -> String? {
        guard let store = context.store, let profile = try? store.existingProfile(named: context.profileName),
              let item = profile.currentItem, let last = try? store.lastActivity(for: profile)
        else { return nil }
        return "Welcome back. You were last here \(RelativeDate.day(last, now: context.now, days: context.days)), on \(context.catalog.describe(item))."
    }

    /// How many review cards are due now.
    public static func dueCount(in context: CommandContext) -> Int {
        guard let store = context.store, let profile = try? store.existingProfile(named: context.profileName) else { return 0 }
        return (try? store.dueCards(for: profile, at: context.now).count) ?? 0
    }
}
