extension Catalog {
    /// An item as a learner reads it: `REST API design › 2. Resources and URIs`, `project Todo API`.
    public func describe(_ key: ItemKey) -> String {
        switch key {
        case .lesson(let slug, let number):
            guard let skill = metadata(slug), number <= skill.lessons.count else { return key.text }
            return "\(skill.title) › \(number). \(skill.lessons[number - 1])"
        case .skill(let slug):
            return metadata(slug)?.title ?? slug
        case .project(let slug):
            return "project \(outline(slug)?.title ?? slug)"
        case .milestone(let slug, let number):
            let project = outline(slug)
            let title = project.flatMap { number <= $0.milestones.count ? $0.milestones[number - 1] : nil } ?? "\(number)"
            return "\(project?.title ?? slug) › milestone \(number): \(title)"
        }
    }
}
