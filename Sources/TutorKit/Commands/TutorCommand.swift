import ArgumentParser

/// One thing a learner can ask for. A command is one type: its grammar (argument-parser's
/// properties and `validate()`), what it needs loaded, and a typed result. The result's view
/// (``TextView``) turns it into text; `--json` encodes the result itself. ``CommandList`` lists
/// every command once, and help, completion and both dispatchers derive from that list.
public protocol TutorCommand: ParsableCommand, Sendable {
    associatedtype Result: CommandResult & TextView

    /// How `/help` writes the command: `skill [SLUG]`.
    static var usage: String { get }
    /// What the command's first argument completes to at the prompt.
    static var completion: ArgumentCompletion? { get }

    var global: GlobalOptions { get }
    /// Whether the result is printed as JSON rather than shown as text.
    var json: Bool { get }
    /// What must be loaded before ``run(in:)``.
    var needs: Needs { get }
    /// Whether the command only shows something: it changes no progress and leaves the
    /// learner's place alone, so it can run at a quiz's prompt and come back to the question.
    var looksOnly: Bool { get }

    func run(in context: CommandContext) throws -> Result

    /// The command read from `arguments` (its name left out) without argument-parser, for the
    /// plain lines of the commands learners type most; nil leaves them to argument-parser.
    static func direct(_ arguments: [String]) -> Self?
}

extension TutorCommand {
    public static var completion: ArgumentCompletion? { nil }
    public var json: Bool { false }
    public var looksOnly: Bool { false }
    public static func direct(_ arguments: [String]) -> Self? { nil }

    /// The command's name, as typed after the slash or after `backend-tutor`.
    public static var name: String { configuration.commandName ?? "" }

    /// Runs the command and wraps its result for the presenter.
    public func reply(in context: CommandContext) throws -> Reply {
        Reply(result: try run(in: context), json: json)
    }
}

/// What a command returned, ready for ``Presenter``.
public struct Reply: Sendable {
    public let result: any CommandResult & TextView
    /// Whether it is printed as JSON.
    public let json: Bool

    public init(result: any CommandResult & TextView, json: Bool = false) {
        self.result = result
        self.json = json
    }

    public var status: ExitStatus { result.status }
    public var question: Question? { result.question }
}

/// A command's result: data that `--json` prints as it is.
public protocol CommandResult: Encodable, Sendable {
    /// `.success`, unless the result itself is a failure, such as lint's problems.
    var status: ExitStatus { get }
    /// Something to ask before the command is finished.
    var question: Question? { get }
}

extension CommandResult {
    public var status: ExitStatus { .success }
    public var question: Question? { nil }
}

/// A result's view: how it reads as text. Views live in `Views/`, one per result.
public protocol TextView {
    func blocks(in view: ViewContext) -> [OutputBlock]
}

/// What a view needs to know beyond its result.
public struct ViewContext: Sendable {
    public var mode: Mode

    public init(mode: Mode) { self.mode = mode }

    /// How the mode writes a command: `/skill` in the REPL, `backend-tutor skill` in the shell.
    public var prefix: String { mode.prefix }
}

/// Where commands are typed.
public enum Mode: Sendable, Hashable {
    /// Commands are typed as `/skill` in the interactive tutor.
    case repl
    /// Commands are typed as `backend-tutor skill`.
    case shell

    public var prefix: String { self == .repl ? "/" : "backend-tutor " }
}

/// What a command needs loaded before it runs.
public struct Needs: Hashable, Sendable {
    public enum Content: Hashable, Sendable {
        /// Nothing: help runs without a curriculum.
        case none
        /// One skill: a one-shot `skill SLUG` reads only its file.
        case skill(String)
        /// The folder only: lint and the progress file commands read what they need themselves.
        case folder
        /// The search index: the catalog only when the index must be rebuilt.
        case index
        /// The catalog, from its snapshot; the search cache's database is not opened.
        case catalog
        /// The catalog and the search cache: `open` follows the last search's results.
        case catalogAndIndex
    }

    public enum Progress: Hashable, Sendable {
        case none
        /// Only the learner's stack, read without opening the store for writing.
        case stack
        /// The store when it opens (to show the learner's statuses); none when it does not.
        case preferred
        case required
    }

    public var content: Content
    public var progress: Progress

    public init(_ content: Content, _ progress: Progress) {
        self.content = content
        self.progress = progress
    }

    /// The catalog and the progress store: what most of the path's commands need.
    public static let learner = Needs(.catalog, .required)
}

/// What a command's first argument completes to.
public enum ArgumentCompletion: Sendable, Hashable {
    /// Skill slugs.
    case skill
    /// Command names.
    case command
    /// `backend` or a skill slug.
    case learnable
    /// Skill or project slugs.
    case item
    /// Stack names.
    case stack
    /// Levels, project slugs, `start` and `check`.
    case project
    /// Stacks and technologies.
    case comparable
    /// Checklist slugs.
    case checklist
    /// Cohort actions.
    case cohort
}
