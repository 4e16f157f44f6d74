import ArgumentParser
import Foundation

/// `projects [LEVEL|SLUG|start SLUG|check SLUG N]`: the graded projects.
public struct ProjectsCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "projects",
        abstract: "Graded projects: list, show, start, tick milestones.",
        discussion: """
        projects                     every project, your level first
        projects intermediate        one level's projects
        projects SLUG                the brief, skills, milestones, acceptance criteria
        projects start SLUG          mark it in progress
        projects check SLUG N        tick milestone N (--undo unticks it); the last one done finishes the project
        projects verify SLUG         check your running server against the criteria (see verify --help)
        projects solution SLUG       the reference solution, once verify has proved every milestone (--reveal: before)
        """
    )
    public static let usage = "projects [LEVEL|SLUG]"
    public static let completion: ArgumentCompletion? = .project

    @Argument(help: "A level, a project slug, or start/check followed by a slug (and a milestone number).", completion: .custom(ShellCompletion.projects))
    public var words: [String] = []

    @Flag(help: "Untick the milestone instead (with check).")
    public var undo = false

    @Flag(help: "With solution: show it before your own server passes (the REPL asks first).")
    public var reveal = false

    @Flag(help: "Print the list or the project as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var looksOnly: Bool {
        switch try? action {
        case .list?, .show?: true
        default: false
        }
    }

    public enum Action: Hashable, Sendable {
        /// Every project, or one level's.
        case list(Level?)
        case show(String)
        case start(String)
        /// Tick milestone `number` (from 1), or untick it with `undo`.
        case check(String, number: Int, undo: Bool)
        /// The reference solution.
        case solution(String)
    }

    /// What the words ask for.
    public var action: Action {
        get throws {
            switch words.first {
            case nil:
                return .list(nil)
            case "start":
                guard words.count == 2 else { throw ValidationError("usage: projects start SLUG") }
                return .start(words[1])
            case "solution":
                guard words.count == 2 else { throw ValidationError("usage: projects solution SLUG") }
                return .solution(words[1])
            case "check":
                guard words.count == 3, let number = Int(words[2]) else { throw ValidationError("usage: projects check SLUG N, where N is the milestone's number") }
                return .check(words[1], number: number, undo: undo)
            case let word?:
                guard words.count == 1 else { throw ValidationError("usage: projects [LEVEL | SLUG | start SLUG | check SLUG N]") }
                return Level(rawValue: word).map { .list($0) } ?? .show(word)
            }
        }
    }

    public func validate() throws {
        let action = try action
        if undo, case .check = action {} else if undo { throw ValidationError("--undo goes with check: projects check SLUG N --undo") }
        if reveal, case .solution = action {} else if reveal { throw ValidationError("--reveal goes with solution: projects solution SLUG --reveal") }
    }

    public var needs: Needs {
        switch try? action {
        case .start, .check, .solution: Needs(.catalog, .required)
        default: Needs(.catalog, .preferred)
        }
    }

    /// A project with the learner's state, as `--json` prints it.
    public struct Summary: Codable, Hashable, Sendable {
        public var slug: String
        public var title: String
        public var level: Level
        public var hours: Int
        public var status: ItemStatus
        public var milestonesDone: Int
        public var milestones: Int
    }

    public enum Result: CommandResult {
        case list([Summary], level: Level?, current: Level)
        case detail(ProjectDetail)
        case started(ProjectDetail)
        case message(Message)
        /// A reference solution's files, or the question before showing one unearned.
        case solution(project: String, files: [(name: String, text: String)], question: Question?)

        public var question: Question? {
            if case .solution(_, _, let question) = self { return question }
            return nil
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .list(let summaries, _, _): try summaries.encode(to: encoder)
            case .detail(let detail), .started(let detail): try detail.encode(to: encoder)
            case .message(let message): try message.encode(to: encoder)
            case .solution(let project, let files, _):
                var container = encoder.container(keyedBy: SolutionKeys.self)
                try container.encode(project, forKey: .project)
                try container.encode(Dictionary(files.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a }), forKey: .files)
            }
        }
    }

    /// One project with where the learner stands on it.
    public struct ProjectDetail: Encodable, Sendable {
        public var project: Project
        public var progress: Summary
        public var milestonesDone: [Int]
        /// Milestones `verify` proved, and when; the others in `milestonesDone` were ticked by hand.
        public var verified: [Int: Date] = [:]
        /// Each of the project's skills with the learner's status.
        public var skillStates: [(slug: String, title: String, status: ItemStatus)]

        private enum CodingKeys: String, CodingKey { case project, progress, milestonesDone, milestonesVerified }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(project, forKey: .project)
            try container.encode(progress, forKey: .progress)
            try container.encode(milestonesDone, forKey: .milestonesDone)
            try container.encode(verified.keys.sorted(), forKey: .milestonesVerified)
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        switch try action {
        case .list(let level):
            let statuses = try context.statuses()
            let projects = context.catalog.projects.filter { level == nil || $0.level == level }
            let current = (try? context.engine())?.currentLevel(in: statuses) ?? .beginner
            return .list(projects.map { Self.summary($0, statuses) }, level: level, current: current)
        case .show(let slug):
            return .detail(try detail(try context.project(slug), in: context))
        case .start(let slug):
            let project = try context.project(slug)
            let (store, profile) = try context.learner()
            try store.open(.project(project.slug), for: profile, now: context.now)
            return .started(try detail(project, in: context))
        case .check(let slug, let number, let undo):
            return .message(try check(try context.project(slug), number: number, undo: undo, in: context))
        case .solution(let slug):
            return try solution(try context.project(slug), in: context)
        }
    }

    private enum SolutionKeys: String, CodingKey { case project, files }

    /// `Content/solutions/SLUG/`: shown once verify has proved every milestone, or on request.
    private func solution(_ project: Project, in context: CommandContext) throws -> Result {
        let folder = context.catalog.root.appendingPathComponent("Content/solutions/\(project.slug)")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        guard !names.isEmpty else { throw CommandError.usage("\(project.slug) has no reference solution yet") }
        let (store, profile) = try context.learner()
        let proved = try store.verified(project: project.slug, for: profile).count == project.milestones.count
        if !proved, !reveal {
            if context.mode == .shell {
                throw CommandError.usage("verify proves your own server first (backend-tutor verify \(project.slug)); add --reveal to see the solution anyway")
            }
            var confirmed = self
            confirmed.reveal = true
            return .solution(project: project.slug, files: [], question: .confirm("Your server has not passed every milestone yet. Show the solution anyway?",
                                                                                  then: confirmed))
        }
        var files: [(name: String, text: String)] = []
        for name in names {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            files.append((name, text))
        }
        return .solution(project: project.slug, files: files, question: nil)
    }

    static func summary(_ project: Project, _ statuses: PathEngine.Statuses) -> Summary {
        let done = (1...project.milestones.count).filter { statuses[.milestone(project: project.slug, number: $0)] == .done }.count
        return Summary(slug: project.slug, title: project.title, level: project.level, hours: project.hours,
                       status: statuses[.project(project.slug)] ?? .notStarted, milestonesDone: done, milestones: project.milestones.count)
    }

    private func detail(_ project: Project, in context: CommandContext) throws -> ProjectDetail {
        let statuses = try context.statuses()
        let engine = try? context.engine()
        let done = (1...project.milestones.count).filter { statuses[.milestone(project: project.slug, number: $0)] == .done }
        let skills = project.skills.map { slug in
            (slug, context.catalog.metadata(slug)?.title ?? slug, engine?.status(.skill(slug), in: statuses) ?? .notStarted)
        }
        var verified: [Int: Date] = [:]
        if let store = context.store, let profile = try store.existingProfile(named: context.profileName) {
            verified = try store.verified(project: project.slug, for: profile)
        }
        return ProjectDetail(project: project, progress: Self.summary(project, statuses), milestonesDone: done, verified: verified, skillStates: skills)
    }

    private func check(_ project: Project, number: Int, undo: Bool, in context: CommandContext) throws -> Message {
        guard number >= 1, number <= project.milestones.count else {
            throw CommandError.usage("\(project.slug) has milestones 1 to \(project.milestones.count)")
        }
        let (store, profile) = try context.learner()
        let now = context.now
        let key = ItemKey.milestone(project: project.slug, number: number)
        let milestone = project.milestones[number - 1]
        if undo {
            try store.set([key], to: .notStarted, event: .reset, for: profile, now: now)
            if try store.statuses(for: profile)[.project(project.slug)] == .done {
                try store.set([.project(project.slug)], to: .inProgress, event: .reset, for: profile, now: now)
            }
            return Message(.success, "Unticked milestone \(number): \(milestone.title).")
        }
        if try store.tick([number], of: project.slug, milestones: project.milestones.count, for: profile, now: now) {
            return Message(.success, "Milestone \(number) done, and with it \(project.title): every milestone works. \(context.prefix)progress counts it.")
        }
        let done = Self.summary(project, try store.statuses(for: profile))
        return Message(.success, "Milestone \(number) done: \(milestone.title). \(done.milestonesDone) of \(done.milestones) milestones of \(project.title).")
    }
}
