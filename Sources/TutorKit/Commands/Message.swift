/// A result that is only words: what a command did, and what to do next.
public struct Message: CommandResult {
    public var notices: [Notice]
    public var question: Question?

    public init(_ notices: [Notice], question: Question? = nil) {
        self.notices = notices
        self.question = question
    }

    public init(_ kind: NoticeKind, _ text: String) { self.init([Notice(kind, text)]) }

    private enum CodingKeys: String, CodingKey { case notices }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(notices, forKey: .notices)
    }
}
