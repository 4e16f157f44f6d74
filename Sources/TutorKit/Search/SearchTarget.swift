/// What a search result opens.
public enum SearchTarget: Hashable, Sendable {
    case lesson(skill: String, number: Int)
    /// A quiz question: its explanation points back to a lesson.
    case quiz(skill: String, questionId: String)
    case project(String)
    case stack(String)
    case technology(String)
    /// Item `item` (from 1) of a checklist.
    case practice(checklist: String, item: Int)

    /// `lesson`, `quiz`, `project`, `stack`, `technology` or `practice`: the index's kind column.
    public var kind: String {
        switch self {
        case .lesson: "lesson"
        case .quiz: "quiz"
        case .project: "project"
        case .stack: "stack"
        case .technology: "technology"
        case .practice: "practice"
        }
    }

    /// `rest-api-design/3`, `todo-api`, `security/2`: the index's ref column.
    public var ref: String {
        switch self {
        case .lesson(let skill, let number): "\(skill)/\(number)"
        case .quiz(let skill, let id): "\(skill)/\(id)"
        case .project(let slug), .stack(let slug), .technology(let slug): slug
        case .practice(let checklist, let item): "\(checklist)/\(item)"
        }
    }

    public init?(kind: String, ref: String) {
        let parts = ref.split(separator: "/", maxSplits: 1).map(String.init)
        switch (kind, parts.count) {
        case ("lesson", 2):
            guard let number = Int(parts[1]) else { return nil }
            self = .lesson(skill: parts[0], number: number)
        case ("quiz", 2): self = .quiz(skill: parts[0], questionId: parts[1])
        case ("project", 1): self = .project(ref)
        case ("stack", 1): self = .stack(ref)
        case ("technology", 1): self = .technology(ref)
        case ("practice", 2):
            guard let item = Int(parts[1]) else { return nil }
            self = .practice(checklist: parts[0], item: item)
        default: return nil
        }
    }
}

/// Why searching failed.
public enum SearchError: Error, Equatable, Sendable {
    case io(path: String, reason: String)
    /// The index file is damaged; it is discarded and rebuilt.
    case damaged(path: String)

    public var message: String {
        switch self {
        case .io(let path, let reason): "\(Sanitizer.clean(path)): \(Sanitizer.clean(reason))"
        case .damaged(let path): "\(Sanitizer.clean(path)) is damaged; it is rebuilt the next time you search"
        }
    }
}
