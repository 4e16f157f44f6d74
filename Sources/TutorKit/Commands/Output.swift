import Foundation

/// What a command produced, before anyone decides how it looks.
public struct Output: Sendable {
    public var blocks: [OutputBlock]
    /// The same result as data, for `--json`; nil when the command's output is not data.
    public var json: Data?
    /// The exit status a one-shot command ends with: 0, or 65 for invalid content.
    public var status: Int32

    public init(_ blocks: [OutputBlock] = [], json: Data? = nil, status: Int32 = 0) {
        self.blocks = blocks
        self.json = json
        self.status = status
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

    static func notice(_ kind: NoticeKind, _ text: String) -> Output { Output([.notice(kind, text)]) }

    /// Encodes `value` as the pretty-printed, key-sorted JSON that `--json` prints.
    static func json<T: Encodable>(_ value: T) -> Data? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try? encoder.encode(value)
    }
}
