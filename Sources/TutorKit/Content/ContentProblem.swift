/// One thing wrong with a content file, located precisely enough to fix it.
public struct ContentProblem: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The file's path relative to the content root.
    public var file: String
    public var line: Int
    public var field: String
    public var message: String

    public init(file: String, line: Int, field: String, message: String) {
        self.file = file
        self.line = max(line, 1)
        self.field = field
        self.message = message
    }

    /// `FILE:LINE: field: what is wrong`
    public var description: String { "\(file):\(line): \(field): \(message)" }
}

/// Collects problems for one file, so checks read as a list of rules.
final class ProblemSink {
    let file: String
    private(set) var problems: [ContentProblem] = []

    init(file: String) { self.file = file }

    func report(_ line: Int, _ field: String, _ message: String) {
        problems.append(ContentProblem(file: file, line: line, field: field, message: message))
    }
}

extension ProblemSink {
    func report(_ problem: ContentProblem) { problems.append(problem) }
}
