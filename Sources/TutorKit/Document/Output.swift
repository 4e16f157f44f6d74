/// What the renderer draws: a command's result as blocks, before anyone decides how they look.
public struct Output: Hashable, Sendable {
    public var blocks: [OutputBlock]

    public init(_ blocks: [OutputBlock] = []) { self.blocks = blocks }

    public static func + (lhs: Output, rhs: Output) -> Output { Output(lhs.blocks + rhs.blocks) }
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

    /// A document block of `blocks`.
    public static func document(_ blocks: [Block]) -> OutputBlock { .document(Document(blocks)) }
}

/// One progress bar: how much of something is done.
public struct Bar: Hashable, Sendable {
    public var label: String
    public var done: Int
    public var total: Int
    /// Already known when the learner started later on the path; drawn and counted as done.
    public var known: Int
    /// Settled without being done; drawn apart from done.
    public var skipped: Int
    /// Extra words after the figures, such as "← you are here".
    public var note: String?

    public init(label: String, done: Int, total: Int, known: Int = 0, skipped: Int = 0, note: String? = nil) {
        self.label = label
        self.done = done
        self.total = total
        self.known = known
        self.skipped = skipped
        self.note = note
    }
}

public struct Field: Hashable, Sendable {
    public var label: String
    public var value: String
    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

public enum NoticeKind: String, Hashable, Sendable, Codable {
    case info, success, warning, error
}

/// A one-line message: what a command did, or what to do next.
public struct Notice: Hashable, Sendable, Codable {
    public var kind: NoticeKind
    public var text: String

    public init(_ kind: NoticeKind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    public var block: OutputBlock { .notice(kind, text) }
}
