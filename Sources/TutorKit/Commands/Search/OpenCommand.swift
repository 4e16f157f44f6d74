import ArgumentParser

/// `open N`: result N of the last search.
public struct OpenCommand: TutorCommand {
    public static let configuration = CommandConfiguration(commandName: "open", abstract: "Open result N of the last search.")
    public static let usage = "open N"

    @Argument(help: "The result's number, from 1.")
    public var number: Int

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public var looksOnly: Bool { true }

    public func validate() throws {
        guard number >= 1 else { throw ValidationError("result numbers start at 1") }
    }

    public var needs: Needs { Needs(.catalogAndIndex, .required) }

    public enum Result: CommandResult {
        case item(OpenedItem)
        case project(ProjectsCommand.ProjectDetail)
        case entry(ComparisonEntry, peers: [String])
        case practice(Checklist, item: Int)

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .item(let item): try item.encode(to: encoder)
            case .project(let detail): try detail.encode(to: encoder)
            case .entry(let entry, _): try entry.encode(to: encoder)
            case .practice(let checklist, let item): try checklist.items[item - 1].encode(to: encoder)
            }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        let cache = context.cache ?? ContentCache.inMemory()
        guard let result = cache.lastResult(number) else {
            let count = cache.lastResultCount()
            throw CommandError.usage(count == 0 ? "search first: \(context.prefix)search TERMS, then \(context.prefix)open N" : "the last search has results 1 to \(count)")
        }
        let gone = CommandError.usage("that result is no longer in the curriculum; search again")
        switch result.target {
        case .lesson(let skill, let number):
            let (store, profile) = try context.learner()
            return .item(try ItemOpener(context: context, bookmark: false).open(.lesson(skill: skill, number: number), profile: profile, store: store, lead: []))
        case .quiz(let skill, let questionId):
            let (store, profile) = try context.learner()
            let question = (try? context.catalog.loadQuiz(skill))?.questions.first { $0.id == questionId }
            let number = (question.flatMap { context.catalog.metadata(skill)?.lessons.firstIndex(of: $0.lesson) } ?? 0) + 1
            return .item(try ItemOpener(context: context, bookmark: false).open(.lesson(skill: skill, number: number), profile: profile, store: store, lead: []))
        case .project(let slug):
            guard let project = try context.catalog.loadProject(slug) else { throw gone }
            let statuses = try context.statuses()
            let engine = try? context.engine()
            let done = (1...project.milestones.count).filter { statuses[.milestone(project: slug, number: $0)] == .done }
            let skills = project.skills.map { ($0, context.catalog.metadata($0)?.title ?? $0, engine?.status(.skill($0), in: statuses) ?? .notStarted) }
            return .project(.init(project: project, progress: ProjectsCommand.summary(project, statuses), milestonesDone: done, skillStates: skills))
        case .stack(let slug), .technology(let slug):
            let entry = try CompareCommand.entry(slug, in: context)
            let peers = context.catalog.comparisons.filter { $0.category == entry.category && $0.slug != entry.slug }.prefix(2).map(\.slug)
            return .entry(entry, peers: Array(peers))
        case .practice(let slug, let index):
            guard let checklist = context.catalog.checklist(slug), index >= 1, index <= checklist.items.count else { throw gone }
            return .practice(checklist, item: index)
        }
    }
}
