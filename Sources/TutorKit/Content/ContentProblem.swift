/// One thing wrong with a content file, located precisely enough to fix it.
public struct ContentProblem: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Codable {
        /// Breaks a rule: lint fails.
        case error
        /// Wants attention, such as a fact past its review date: `lint --strict` fails.
        case warning
    }

    /// The file's path relative to the content root.
    public var file: String
    public var line: Int
    public var field: String
    public var message: String
    public var severity: Severity

    public init(file: String, line: Int, field: String, message: String, severity: Severity = .error) {
        self.file = file
        self.line = max(line, 1)
        self.field = field
        self.message = message
        self.severity = severity
    }

    /// `FILE:LINE: field: what is wrong`, or `FILE:LINE: warning: field: …`
    public var description: String {
        "\(file):\(line): \(severity == .warning ? "warning: " : "")\(field): \(message)"
    }
}

/// Collects problems for one file, so checks read as a list of rules.
final class ProblemSink {
    let file: String
    private(set) var problems: [ContentProblem] = []

    init(file: String) { self.file = file }

    func report(_ line: Int, _ field: String, _ message: String, severity: ContentProblem.Severity = .error) {
        problems.append(ContentProblem(file: file, line: line, field: field, message: message, severity: severity))
    }

    func report(_ problem: ContentProblem) { problems.append(problem) }
}
