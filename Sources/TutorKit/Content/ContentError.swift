/// Content that cannot be used as it is: each problem names its file, line and field.
public enum ContentError: Error, Equatable, Sendable {
    /// Files that fail the rules of docs/CONTENT.md.
    case invalid([ContentProblem])
    /// Something a command needs is not in the curriculum: the backend path, a quiz question.
    case missing(file: String, what: String)

    public var problems: [ContentProblem] {
        switch self {
        case .invalid(let problems): problems
        case .missing(let file, let what): [ContentProblem(file: file, line: 1, field: "file", message: what)]
        }
    }

    public var message: String {
        switch self {
        case .invalid(let problems) where problems.count == 1:
            "\(Sanitizer.clean(problems[0].description)); run 'backend-tutor lint' for every problem"
        case .invalid(let problems):
            "\(problems.count) problems in the content, the first: \(Sanitizer.clean(problems[0].description)); run 'backend-tutor lint' for every problem"
        case .missing(let file, let what):
            "\(Sanitizer.clean(file)): \(what); run 'backend-tutor lint'"
        }
    }
}

/// The slugs other files may name, for the rules that check references. Absent when a single
/// file is read on its own.
public struct ContentReferences: Sendable {
    public var skills: Set<String>
    public var projects: Set<String>

    public init(skills: Set<String>, projects: Set<String>) {
        self.skills = skills
        self.projects = projects
    }
}
