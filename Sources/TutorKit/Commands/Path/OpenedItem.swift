/// A lesson or project opened on the path: what `/next`, `/back`, `/goto`, `/learn SLUG` and
/// `/open` show.
public struct OpenedItem: CommandResult {
    public enum Page: Sendable {
        case lesson(LessonPage)
        case project(ProjectPage)
    }

    /// Notices before the page: a finished skill, a quiz to take.
    public var lead: [Notice]
    public var item: ItemKey
    public var page: Page

    private enum CodingKeys: String, CodingKey { case item, title, notices }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(item, forKey: .item)
        switch page {
        case .lesson(let lesson): try container.encode(lesson.title, forKey: .title)
        case .project(let project): try container.encode(project.project.title, forKey: .title)
        }
        try container.encode(lead, forKey: .notices)
    }
}

/// One lesson, as the learner reads it.
public struct LessonPage: Sendable {
    public var skill: SkillMetadata
    public var number: Int
    public var title: String
    public var markdown: String
    /// The skill's Exercises and Sources, shown after its last lesson.
    public var closing: [Section]
    /// Prerequisites of the skill not done yet, named when its first lesson opens.
    public var missingPrerequisites: [String]
    /// Which stacks' examples to show.
    public var examples: ExampleStacks
    /// Opened from a search result: the learner's place on the path did not move.
    public var peek = false
    /// `/next` will offer the lesson's exercise before the next lesson.
    public var exerciseNext = false

    public var count: Int { skill.lessons.count }
}

/// A project's brief, as the path opens it.
public struct ProjectPage: Sendable {
    public var project: Project
    public var examples: ExampleStacks
}
