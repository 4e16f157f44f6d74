/// What `/done`, `/skip` and `/reset` settle: a skill (its lessons and itself), a project, or
/// the item that is open.
struct Settling {
    let context: CommandContext

    /// The items a slug stands for: a skill's lessons and the skill, or a project.
    func keys(for slug: String) throws(CommandError) -> [ItemKey] {
        let catalog = context.catalog
        if let skill = catalog.metadata(slug) {
            return (0..<skill.lessons.count).map { ItemKey.lesson(skill: skill.slug, number: $0 + 1) } + [.skill(skill.slug)]
        }
        if catalog.outline(slug) != nil { return [.project(slug)] }
        let suggestions = Suggestions.nearest(to: slug, in: catalog.skillSlugs + catalog.projectOutlines.map(\.slug))
        throw .usage("'\(Sanitizer.clean(slug))' is neither a skill nor a project" + (suggestions.isEmpty ? "" : " — did you mean \(suggestions.joined(separator: ", "))?"))
    }

    /// What was marked, and whether it was the open item.
    struct Marked {
        var key: ItemKey
        var wasOpen: Bool
        var store: ProgressStore
        var profile: Profile
    }

    /// Marks what `slug` names, or the open item when it is nil, as `status`. `verb` is the
    /// command's name, for the message when nothing is open.
    func mark(_ slug: String?, as status: ItemStatus, verb: String) throws -> Marked {
        let (store, stored) = try context.learner()
        let profile = try store.reload(stored)
        let event: ProgressEvent.Kind = status == .done ? .finished : .skipped
        if let slug {
            let keys = try keys(for: slug)
            // A whole skill marked done is known, not studied here: it does not count toward pace.
            try store.set(keys, to: status, event: status == .done && keys.count > 1 ? .known : event, for: profile, now: context.now)
            return Marked(key: keys.last!, wasOpen: false, store: store, profile: profile)
        }
        guard let current = profile.currentItem else {
            throw CommandError.usage("nothing is open: name a skill or project (\(context.prefix)\(verb) SLUG), or start with \(context.prefix)learn backend")
        }
        try store.set([current], to: status, event: event, for: profile, now: context.now)
        return Marked(key: current, wasOpen: true, store: store, profile: profile)
    }
}
