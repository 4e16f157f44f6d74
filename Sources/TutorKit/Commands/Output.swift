import Foundation

/// What a command produced, before anyone decides how it looks.
public struct Output: Sendable {
    public var blocks: [OutputBlock]
    /// The same result as data, for `--json`; nil when the command's output is not data.
    public var json: Data?
    /// The exit status a one-shot command ends with: 0, or 65 for invalid content.
    public var status: Int32
    /// Something the REPL should ask next; its answer completes ``Question/pending``.
    public var question: Question?

    public init(_ blocks: [OutputBlock] = [], json: Data? = nil, status: Int32 = 0, question: Question? = nil) {
        self.blocks = blocks
        self.json = json
        self.status = status
        self.question = question
    }
}

public enum OutputBlock: Hashable, Sendable {
    /// Prose and structure: headings, paragraphs, lists, tables, code.
    case document(Document)
    /// Label and value pairs, aligned.
    case fields([Field])
    case notice(NoticeKind, String)
    /// Text shown exactly as given, such as a command's generated help.
    case preformatted(String)
    /// Progress bars, one a line, aligned.
    case bars([Bar])
}

/// One progress bar: how much of something is done.
public struct Bar: Hashable, Sendable {
    public var label: String
    public var done: Int
    public var total: Int
    /// Settled without being done; drawn apart from done.
    public var skipped: Int
    /// Extra words after the figures, such as "← you are here".
    public var note: String?

    public init(label: String, done: Int, total: Int, skipped: Int = 0, note: String? = nil) {
        self.label = label
        self.done = done
        self.total = total
        self.skipped = skipped
        self.note = note
    }
}

/// A question the REPL asks after showing an output; the shell takes the answer as an option.
public struct Question: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Which stack: the answer fills `--stack`.
        case stack
        /// Where to start on the path: the answer fills `--from`.
        case startLevel
        /// yes or no: yes confirms the pending command.
        case confirm
        /// The answer to the current question of a quiz or review.
        case quiz(QuizSession)
    }

    public var kind: Kind
    public var prompt: String
    public var choices: [String]
    /// The answer an empty line gives; nil means an empty line cancels.
    public var defaultAnswer: String?
    /// The command to run once answered.
    public var pending: Invocation
}

public struct Field: Hashable, Sendable {
    public var label: String
    public var value: String
    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

public enum NoticeKind: String, Hashable, Sendable {
    case info, success, warning, error
}

extension Output {
    static func blocks(_ blocks: [Block]) -> Output { Output([.document(Document(blocks))]) }

    /// Encodes `value` as the pretty-printed, key-sorted JSON that `--json` prints.
    static func json<T: Encodable>(_ value: T) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try? encoder.encode(value)
    }
}
