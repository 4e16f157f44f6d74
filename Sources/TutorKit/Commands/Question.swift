/// Something a command asks before it can finish: a stack, where to start, a confirmation, the
/// answer to a quiz question. The REPL asks it and reads the answer (the next line, when input
/// is piped); in the shell the same answers are options, and a quiz reads standard input.
public struct Question: Sendable {
    public enum Kind: Hashable, Sendable {
        /// One of ``Question/choices``.
        case choice
        /// yes or no.
        case confirm
        /// The answer to a quiz or review question.
        case quiz(QuizSession)
        /// The answer to an exercise: its own words (`/hint`, `/giveup`, `/solution`, `/check`,
        /// `/skip`) are answers too.
        case exercise
        /// A statement for `/sql`; its dot commands and `/quit` are answers too.
        case sql
    }

    public var kind: Kind
    public var prompt: String
    public var choices: [String]
    /// The answer an empty line gives; nil means an empty line cancels.
    public var defaultAnswer: String?
    /// The prompt's word: `answer›`, `sql›`.
    public var label = "answer"
    /// What Tab completes at this prompt instead of commands: an SQL prompt's tables and columns.
    public var words: [String] = []
    /// Whether an answer needs more lines (an SQL statement before its `;`).
    public var needsMore: (@Sendable (String) -> Bool)?
    /// Turns an answer (and how long it took, in seconds) into what happens next.
    private let resolver: @Sendable (String, Double?, CommandContext) throws -> Answered

    public init(kind: Kind, prompt: String, choices: [String] = [], defaultAnswer: String? = nil,
                resolve: @escaping @Sendable (String, Double?, CommandContext) throws -> Answered) {
        self.kind = kind
        self.prompt = prompt
        self.choices = choices
        self.defaultAnswer = defaultAnswer
        resolver = resolve
    }

    /// What an answer leads to.
    public func resolve(_ line: String, elapsed: Double? = nil, in context: CommandContext) throws -> Answered {
        try resolver(line, elapsed, context)
    }
}

extension Question.Kind {
    /// The words, typed after a slash, that a prompt of this kind takes as answers; nil for a
    /// setup question, where `/quit` leaves the tutor.
    var ownWords: Set<String>? {
        switch self {
        case .quiz: QuizRunner.words
        case .exercise: ExercisePrompt.words
        case .sql: QuizRunner.quitWords
        case .choice, .confirm: nil
        }
    }

    /// What the prompt is, in "finish or /quit … first".
    var name: String {
        switch self {
        case .exercise: "the exercise"
        case .sql: "the SQL prompt"
        default: "the quiz"
        }
    }

    /// What leaving the prompt without an answer (Ctrl-C, the end of input) says; nil where the
    /// command's own message does.
    public var leaving: String? {
        switch self {
        case .exercise: "Left the exercise; /exercise comes back to it."
        case .sql: "Left the SQL prompt; nothing was saved."
        default: nil
        }
    }
}

/// What answering a question leads to.
public enum Answered: Sendable {
    /// A command completed by the answer, to run as if typed.
    case run(any TutorCommand)
    /// The answer was taken; this is the result.
    case reply(Reply)
    /// The answer cancels the command; nothing was changed.
    case cancelled
}

extension Question {
    /// A yes-or-no question: `yes` (or `y`) runs `confirmed`, anything else cancels.
    static func confirm(_ prompt: String, then confirmed: any TutorCommand) -> Question {
        Question(kind: .confirm, prompt: prompt, choices: ["yes", "no"]) { line, _, _ in
            guard let text = normalized(line, default: nil), text == "yes" || text == "y" else { return .cancelled }
            return .run(confirmed)
        }
    }

    /// The answer as typed, trimmed, lower-cased and without a leading slash; the default for an
    /// empty line; nil when an empty line cancels.
    static func normalized(_ line: String, default fallback: String?) -> String? {
        var text = line.trimmedWhitespace.lowercased()
        if text.hasPrefix("/") { text.removeFirst() }
        return text.isEmpty ? fallback : text
    }

    /// The value of `Choice` the answer names, by name or the start of one.
    static func pick<Choice: RawRepresentable & CaseIterable>(_ text: String, _ type: Choice.Type, noun: String) throws(CommandError) -> Choice where Choice.RawValue == String {
        if let exact = Choice(rawValue: text) ?? Choice.allCases.first(where: { $0.rawValue.hasPrefix(text) }) { return exact }
        throw .usage("'\(Sanitizer.clean(text))' is not \(noun); answer one of: \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
    }
}
