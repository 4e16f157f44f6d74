import Foundation

/// Everything a command runs with: the curriculum, the learner's progress, the time. The
/// executable builds the real one from what the command ``TutorCommand/needs``; tests build their own.
public struct CommandContext: Sendable {
    public var mode: Mode
    public var catalog: Catalog
    /// nil when the command does not need the progress database, or it could not be opened.
    public var store: ProgressStore?
    public var profileName: String
    /// The learner's stack, read once when the context was made: examples in it come first.
    public var stack: Stack?
    /// Whether the learner sees every stack's examples (`/stack all`, `--all-stacks`).
    public var allStacks = false
    /// The content cache and search index; nil means search builds one in memory.
    public var cache: ContentCache?
    public var clock: @Sendable () -> Date
    /// The learner's days: the system's unless some were given. Found when first read, as few
    /// commands read them (`skill` and `search` never do).
    public var days: LocalDays {
        get { givenDays ?? .current }
        set { givenDays = newValue }
    }
    private var givenDays: LocalDays?
    /// Schedules reviews; tests turn fuzzing off.
    public var scheduler: FSRSScheduler
    /// A number in 0..<1 for shuffling questions and fuzzing intervals; tests fix it.
    public var random: @Sendable () -> Double
    /// Where the executable's environment is, for commands that write files of their own.
    public var workingDirectory: URL
    /// Where the tutor keeps its files, for the commands that look after them.
    public var files: FileLocations?
    /// The path engines already made for this catalog, kept by the workspace it came from; nil
    /// makes one for each question.
    var engines: PathEngines?

    public init(mode: Mode, catalog: Catalog, store: ProgressStore? = nil, profileName: String = GlobalSettings.defaultProfile,
                stack: Stack? = nil, cache: ContentCache? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                days: LocalDays? = nil, scheduler: FSRSScheduler = FSRSScheduler(),
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath), files: FileLocations? = nil) {
        self.mode = mode
        self.catalog = catalog
        self.store = store
        self.profileName = profileName
        self.stack = stack
        self.cache = cache
        self.clock = clock
        givenDays = days
        self.scheduler = scheduler
        self.random = random
        self.workingDirectory = workingDirectory
        self.files = files
    }

    /// The stacks whose examples the learner sees.
    public var examples: ExampleStacks { ExampleStacks(stack: stack, all: allStacks) }

    /// How the mode writes a command name.
    public var prefix: String { mode.prefix }

    public var now: Date { clock() }

    /// The progress store, or an error saying none is open.
    public func requireStore() throws(StoreError) -> ProgressStore {
        guard let store else { throw .notOpen }
        return store
    }

    /// The store and the learner's profile, created on first use.
    public func learner() throws(StoreError) -> (ProgressStore, Profile) {
        let store = try requireStore()
        return (store, try store.profile(named: profileName, now: now))
    }

    /// The learner's statuses, or none when no progress database is open.
    public func statuses() throws(StoreError) -> PathEngine.Statuses {
        guard store != nil else { return [:] }
        let (store, profile) = try learner()
        return try store.statuses(for: profile)
    }

    /// The backend path for the learner's stack (or `stack`, when it was just chosen).
    public func engine(stack: Stack? = nil) throws(ContentError) -> PathEngine {
        guard let path = catalog.paths[Self.pathSlug] else {
            throw .missing(file: "Content/paths/\(Self.pathSlug).md", what: "the backend path is missing or broken")
        }
        return engines?.engine(path: path, catalog: catalog, stack: stack ?? self.stack) ?? PathEngine(path: path, catalog: catalog, stack: stack ?? self.stack)
    }

    public static let pathSlug = "backend"

    /// A skill's metadata, or an error naming the nearest skills.
    public func metadata(_ slug: String) throws(CommandError) -> SkillMetadata {
        if let skill = catalog.metadata(slug) { return skill }
        throw .unknownSkill(slug, suggestions: Suggestions.nearest(to: slug, in: catalog.skillSlugs))
    }

    /// A whole skill, read from its file.
    public func skill(_ slug: String) throws -> Skill {
        try catalog.loadSkill(try metadata(slug).slug)
    }

    /// A project with its acceptance criteria, or an error naming the nearest ones.
    public func project(_ slug: String) throws -> Project {
        if let project = try catalog.loadProject(slug) { return project }
        let suggestions = Suggestions.nearest(to: slug, in: catalog.projectOutlines.map(\.slug))
        throw CommandError.usage("unknown project '\(Sanitizer.clean(slug))'" + (suggestions.isEmpty ? " — \(prefix)projects lists them" : " — did you mean \(suggestions.joined(separator: ", "))?"))
    }

    /// Runs quizzes and reviews for the learner.
    public func quizRunner() throws(StoreError) -> QuizRunner {
        let (store, profile) = try learner()
        return QuizRunner(store: store, profile: profile, catalog: catalog, scheduler: scheduler, now: now, random: random)
    }

    /// Moves the learner along the path.
    public func navigator() throws -> PathNavigator {
        PathNavigator(store: try requireStore(), engine: try engine(), now: now)
    }
}

/// The files the tutor writes.
public struct FileLocations: Sendable, Hashable {
    /// The progress database.
    public var database: URL
    /// `$XDG_CACHE_HOME/backend-tutor`: the content cache and search index.
    public var cacheDirectory: URL
    /// `$XDG_STATE_HOME/backend-tutor/history`.
    public var history: URL
    /// The running build, which the cache is keyed by.
    public var build: BuildIdentity

    public init(database: URL, cacheDirectory: URL, history: URL, build: BuildIdentity) {
        self.database = database
        self.cacheDirectory = cacheDirectory
        self.history = history
        self.build = build
    }
}

