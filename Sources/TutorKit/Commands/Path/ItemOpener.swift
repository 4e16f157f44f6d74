/// Opens items for the learner: marks them open in the store and reads what to show. With
/// `bookmark` false (a search result opened with `/open`) the learner only looks: their place on
/// the path and the item's status stay as they were.
struct ItemOpener {
    let context: CommandContext
    var bookmark = true

    func open(_ key: ItemKey, profile: Profile, store: ProgressStore, lead: [Notice]) throws -> OpenedItem {
        switch key {
        case .lesson(let slug, let number):
            let skill = try context.skill(slug)
            guard number >= 1, number <= skill.lessons.count else {
                throw CommandError.usage("\(skill.slug) has lessons 1 to \(skill.lessons.count)")
            }
            if bookmark { try store.open(key, for: profile, now: context.now) }
            var missing: [String] = []
            if number == 1, bookmark, let engine = try? context.engine() {
                missing = engine.missingPrerequisites(key, in: try store.statuses(for: profile))
            }
            let lesson = skill.lessons[number - 1]
            let closing = number == skill.lessons.count ? [skill.exercises, skill.sources].compactMap { $0 } : []
            var page = LessonPage(skill: skill.metadata, number: number, title: lesson.title, markdown: lesson.markdown, closing: closing,
                                  missingPrerequisites: missing, examples: ExampleStacks(stack: profile.stack, all: profile.allStacks || context.allStacks), peek: !bookmark)
            page.exerciseNext = bookmark && (try? NextCommand.offers(slug, lesson: number, store: store, profile: profile, catalog: context.catalog)) == true
            return OpenedItem(lead: lead, item: key, page: .lesson(page))
        case .project(let slug):
            guard let project = context.catalog.project(slug) else { throw CommandError.usage("unknown project '\(Sanitizer.clean(slug))'") }
            if bookmark { try store.open(key, for: profile, now: context.now) }
            return OpenedItem(lead: lead, item: key, page: .project(ProjectPage(project: project, examples: ExampleStacks(stack: profile.stack, all: profile.allStacks || context.allStacks))))
        case .skill(let slug):
            let entry = PathNavigator.entry(to: slug, engine: try? context.engine(), statuses: try store.statuses(for: profile))
            return try open(entry, profile: profile, store: store, lead: lead)
        case .milestone(let slug, _):
            return try open(.project(slug), profile: profile, store: store, lead: lead)
        }
    }
}
