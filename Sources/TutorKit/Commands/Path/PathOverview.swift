/// The path at a glance: `/learn backend`.
public struct PathOverview: CommandResult {
    public struct LevelBar: Hashable, Sendable, Encodable {
        public var level: Level
        public var title: String
        public var months: String
        public var progress: PathEngine.LevelProgress
    }

    /// What was just done: the start level chosen, the stack set.
    public var lead: [Notice]
    public var title: String
    public var summary: String
    public var stack: Stack?
    public var levels: [LevelBar]
    public var current: Level
    /// The current level as the path describes it.
    public var currentLevel: PathLevel?
    /// The current level's weeks at the path's part-time pace, from its hours.
    public var weeks: ClosedRange<Int>
    public var nextStep: NextStep

    init(lead: [Notice], engine: PathEngine, profile: Profile, statuses: PathEngine.Statuses, catalog: Catalog) {
        self.lead = lead
        title = engine.path.title
        summary = engine.path.summary
        stack = profile.stack
        let standing = engine.standing(statuses)
        let progress = engine.progress(in: standing)
        current = PathEngine.currentLevel(of: progress)
        levels = engine.path.levels.map { level in
            LevelBar(level: level.level, title: level.title, months: level.months, progress: progress[level.level.ordinal])
        }
        currentLevel = engine.path.level(current)
        weeks = PathEngine.weeks(for: engine.studyHours(of: current))
        let navigator = PathNavigator.Position.of(profile, engine: engine, standing: standing)
        nextStep = NextStep(navigator, catalog: catalog)
    }

    private enum CodingKeys: String, CodingKey { case title, stack, levels, current, next }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(title, forKey: .title)
        try container.encode(stack, forKey: .stack)
        try container.encode(levels, forKey: .levels)
        try container.encode(current, forKey: .current)
        try container.encode(nextStep, forKey: .next)
    }
}
