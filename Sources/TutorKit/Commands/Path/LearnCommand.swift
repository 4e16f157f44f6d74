import ArgumentParser

/// `learn [backend|SLUG]`: the path at a glance, set up on first use; or a skill's next lesson.
public struct LearnCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Follow the backend path, or study one skill.",
        discussion: """
        'learn backend' shows the path: the four levels with a progress bar each, where you are and \
        the next step. The first time, it asks for your stack (or take --stack) and where to start \
        (--from marks earlier levels as known). 'learn SLUG' opens that skill's next lesson.
        """
    )
    public static let usage = "learn [backend|SLUG]"
    public static let completion: ArgumentCompletion? = .learnable

    @Argument(help: "backend (the path) or a skill slug; with none, the path.", completion: .custom(ShellCompletion.learnable))
    public var target: String?

    @Option(help: "The stack to learn with: node, python, java, go or rust.")
    public var stack: Stack?

    @Option(help: "Start at this level, marking the earlier ones as known.")
    public var from: Level?

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var needs: Needs { .learner }

    public enum Result: CommandResult {
        case opened(OpenedItem)
        case overview(PathOverview)
        /// The path's introduction, and which stack to learn with.
        case askingStack(title: String, summary: String, Question)
        /// The stack chosen, and where to start.
        case askingLevel(stack: Stack, Question)

        public var question: Question? {
            switch self {
            case .askingStack(_, _, let question), .askingLevel(_, let question): question
            case .opened, .overview: nil
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .opened(let item): try item.encode(to: encoder)
            case .overview(let overview): try overview.encode(to: encoder)
            case .askingStack, .askingLevel:
                var container = encoder.singleValueContainer()
                try container.encodeNil()
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        let target = target ?? CommandContext.pathSlug
        if target != CommandContext.pathSlug {
            let skill = try context.metadata(target)
            var (store, profile) = try context.learner()
            if let stack { profile = try store.setStack(stack, for: profile, now: context.now) }
            let entry = PathNavigator.entry(to: skill.slug, engine: try? context.engine(), statuses: try store.statuses(for: profile))
            return .opened(try ItemOpener(context: context).open(entry, profile: profile, store: store, lead: []))
        }
        var (store, profile) = try context.learner()
        if let stack, stack != profile.stack { profile = try store.setStack(stack, for: profile, now: context.now) }
        let engine = try context.engine(stack: profile.stack)
        guard let chosen = profile.stack else {
            if context.mode == .shell {
                throw CommandError.usage("choose the stack you will learn with: backend-tutor learn backend --stack \(Stack.allCases.map(\.rawValue).joined(separator: "|"))")
            }
            let question = Question(kind: .choice, prompt: "Which stack will you learn with? Lessons show its examples.",
                                    choices: Stack.allCases.map(\.rawValue)) { line, _, _ in
                // Enter alone asks again: without a stack there is no path to show.
                guard let text = Question.normalized(line, default: nil) else {
                    throw CommandError.usage("type one of node, python, java, go or rust (you can change it later with /stack); /quit leaves")
                }
                var next = self
                next.stack = try Question.pick(text, Stack.self, noun: "a stack")
                return .run(next)
            }
            return .askingStack(title: engine.path.title, summary: engine.path.summary, question)
        }
        var lead: [Notice] = []
        if try !store.hasStarted(profile) || from != nil {
            let start: Level
            if let from {
                start = from
            } else if context.mode == .repl {
                let question = Question(kind: .choice, prompt: "Start at beginner, or mark earlier levels as known by naming where to start?",
                                        choices: Level.allCases.map(\.rawValue), defaultAnswer: Level.beginner.rawValue) { line, _, _ in
                    guard let text = Question.normalized(line, default: Level.beginner.rawValue) else { return .cancelled }
                    var next = self
                    next.stack = nil
                    next.from = try Question.pick(text, Level.self, noun: "a level")
                    return .run(next)
                }
                return .askingLevel(stack: chosen, question)
            } else {
                start = .beginner
            }
            let known = try PathNavigator(store: store, engine: engine, now: context.now).start(profile, at: start)
            lead.append(Notice(.success, start == .beginner ? "Starting at the beginning." : "Marked \(known) items of the levels before \(start.title) as known."))
        }
        profile = try store.reload(profile)
        return .overview(PathOverview(lead: lead, engine: engine, profile: profile, statuses: try store.statuses(for: profile), catalog: context.catalog))
    }
}
