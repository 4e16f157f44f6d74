import Foundation

/// What the curriculum holds, as loaded from a content directory: every skill's metadata (not its
/// lessons), the paths, projects, comparisons and checklists. A plain value: reading a skill's
/// lessons or its quiz is an explicit call that can fail with the file's problems.
public struct Catalog: Sendable {
    /// The content root: the folder that holds `Skills/` and `Content/`.
    public let root: URL
    /// Every skill's metadata (lesson titles included), in teaching order: by area, then level,
    /// then title.
    public let skills: [SkillMetadata]
    private let skillIndex: SlugIndex
    /// Skills already read whole while loading; ``loadSkill(_:)`` returns these without reading again.
    private let preloaded: [String: Skill]
    /// Learning paths by slug (`backend`).
    public let paths: [String: LearningPath]
    /// What the path, the bars and the lists need of each project, by level, then title.
    public let projectOutlines: [ProjectOutline]
    private let outlineIndex: [String: Int]
    /// Projects, by level, then title. From the content cache they come without their
    /// acceptance criteria, which ``loadProject(_:)`` reads, and are decoded on first use.
    public var projects: [Project] { projectsPart.value }
    private let projectsPart: Deferred<[Project]>
    /// Whether ``projects`` hold their criteria (read from the files, not the cache's snapshot).
    private let projectsComplete: Bool
    /// Stacks and technologies, by category, then title.
    public var comparisons: [ComparisonEntry] { comparisonsPart.value }
    private let comparisonsPart: Deferred<[ComparisonEntry]>
    /// The best-practice checklists, by title.
    public var checklists: [Checklist] { checklistsPart.value }
    private let checklistsPart: Deferred<[Checklist]>
    /// The problems of the files that could not be used and were skipped. (`lint` reports every
    /// problem, those of usable files too.)
    public let problems: [ContentProblem]
    /// The facts `{{fact:ID}}` stands for in content files.
    public var facts: Facts { factsPart.value }
    private let factsPart: Deferred<Facts>
    /// The hash of the content this catalog was read from, as the catalog's snapshot keeps it
    /// (made specific to the build); nil when it was not taken. The search index built from
    /// this catalog is marked with it.
    public internal(set) var contentHash: String?

    public init(root: URL, skills: [Skill], paths: [String: LearningPath] = [:], projects: [Project] = [],
                comparisons: [ComparisonEntry] = [], checklists: [Checklist] = [], facts: Facts = Facts(), problems: [ContentProblem] = []) {
        self.init(root: root, metadata: skills.map(\.metadata), preloaded: skills, paths: paths, projects: projects,
                  comparisons: comparisons, checklists: checklists, facts: facts, problems: problems)
    }

    /// A catalog from metadata alone, as the content cache keeps it.
    public init(root: URL, metadata: [SkillMetadata], preloaded: [Skill] = [], paths: [String: LearningPath] = [:], projects: [Project] = [],
                projectsComplete: Bool = true, comparisons: [ComparisonEntry] = [], checklists: [Checklist] = [], facts: Facts = Facts(),
                problems: [ContentProblem] = []) {
        let projects = Self.ordered(projects)
        self.init(root: root, metadata: metadata, preloaded: preloaded, paths: paths, outlines: projects.map(\.outline),
                  projects: Deferred(projects), projectsComplete: projectsComplete, comparisons: Deferred(Self.ordered(comparisons)),
                  checklists: Deferred(Self.ordered(checklists)), facts: Deferred(facts), problems: problems)
    }

    /// A catalog whose larger parts are made when first read (decoded from the content cache).
    /// `skillsInOrder` says `metadata` is already in the catalog's order, as the content cache
    /// writes it: checking it compared the titles of neighbouring skills, which made a String of
    /// each title the snapshot keeps as bytes (0.3 million instructions at 10,000 lessons).
    init(root: URL, metadata: [SkillMetadata], skillsInOrder: Bool = false, preloaded: [Skill] = [], paths: [String: LearningPath],
         outlines: [ProjectOutline], projects: Deferred<[Project]>, projectsComplete: Bool, comparisons: Deferred<[ComparisonEntry]>,
         checklists: Deferred<[Checklist]>, facts: Deferred<Facts>, problems: [ContentProblem]) {
        self.root = root
        self.projectsComplete = projectsComplete
        self.factsPart = facts
        self.comparisonsPart = comparisons
        self.checklistsPart = checklists
        self.paths = paths
        self.projectsPart = projects
        projectOutlines = Self.inOrder(outlines) { ($0.level, $0.title) < ($1.level, $1.title) }
        outlineIndex = Dictionary(projectOutlines.enumerated().map { ($0.element.slug, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let sorted = skillsInOrder ? metadata : Self.inOrder(metadata) { a, b in
            let ka = (a.area.ordinal, a.level.ordinal), kb = (b.area.ordinal, b.level.ordinal)
            return ka != kb ? ka < kb : a.title < b.title
        }
        skills = sorted
        skillIndex = SlugIndex(sorted)
        self.preloaded = Dictionary(preloaded.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        self.problems = problems
    }

    /// `list` sorted by `precedes`. The content cache keeps skills and projects in their order, so
    /// a catalog from it costs one comparison an element: sorting 500 skills and their projects again
    /// was 2 of the 48 million instructions `progress` ran at 10,000 lessons.
    /// (Checked by index: zipping the list with itself copied every element twice, 0.7 million
    /// instructions for 500 skills.)
    static func inOrder<T>(_ list: [T], by precedes: (T, T) -> Bool) -> [T] {
        for index in list.indices.dropFirst() where precedes(list[index], list[index - 1]) { return list.sorted(by: precedes) }
        return list
    }

    /// Projects by level, then title: the order lists show them in.
    static func ordered(_ projects: [Project]) -> [Project] { projects.sorted { ($0.level, $0.title) < ($1.level, $1.title) } }
    /// Comparisons by category, then title.
    static func ordered(_ comparisons: [ComparisonEntry]) -> [ComparisonEntry] {
        comparisons.sorted { ($0.category.rawValue, $0.title) < ($1.category.rawValue, $1.title) }
    }
    /// Checklists by title.
    static func ordered(_ checklists: [Checklist]) -> [Checklist] { checklists.sorted { $0.title < $1.title } }

    /// An empty catalog for commands that read no curriculum.
    public static func empty(root: URL) -> Catalog { Catalog(root: root, metadata: []) }

    public func metadata(_ slug: String) -> SkillMetadata? {
        skillIndex.position(of: slug, in: skills).map { skills[$0] }
    }

    /// Where the skill is in ``skills``: reading one field there spares copying its whole metadata.
    func position(ofSkill slug: String) -> Int? { skillIndex.position(of: slug, in: skills) }

    public var skillSlugs: [String] { skills.map(\.slug) }

    /// A project as lists show it, without its acceptance criteria when the catalog came from the cache.
    public func project(_ slug: String) -> Project? {
        guard outlineIndex[slug] != nil else { return nil }
        return projects.first { $0.slug == slug }
    }

    /// What the path and the bars need of a project, without decoding the projects.
    public func outline(_ slug: String) -> ProjectOutline? {
        outlineIndex[slug].map { projectOutlines[$0] }
    }

    public func comparison(_ slug: String) -> ComparisonEntry? {
        comparisons.first { $0.slug == slug }
    }

    public func checklist(_ slug: String) -> Checklist? {
        checklists.first { $0.slug == slug }
    }

    /// The whole skill, lessons included, read from its file. Throws the file's problems when it
    /// has become unusable since the catalog was loaded.
    public func loadSkill(_ slug: String) throws(ContentError) -> Skill {
        if let skill = preloaded[slug] { return skill }
        let sink = ProblemSink(file: SkillReader.file(slug))
        guard let skill = SkillReader.read(slug, root: root, references: nil, facts: facts, sink: sink) else {
            throw .invalid(sink.problems.isEmpty ? [ContentProblem(file: sink.file, line: 1, field: "file", message: "cannot be read")] : sink.problems)
        }
        return skill
    }

    /// A project with its acceptance criteria: the one loaded, or read again from its file when
    /// the catalog came from the cache without them. nil for a slug that names no project.
    public func loadProject(_ slug: String) throws(ContentError) -> Project? {
        guard let project = project(slug) else { return nil }
        if projectsComplete { return project }
        let file = "Content/projects/\(slug).md"
        let sink = ProblemSink(file: file)
        guard let text = ContentFiles.read(root.appendingPathComponent(file), relative: file, sink: sink, facts: facts),
              let full = ProjectReader.read(text: text, slug: slug, file: file, references: nil, sink: sink) else {
            throw .invalid(sink.problems.isEmpty ? [ContentProblem(file: file, line: 1, field: "file", message: "cannot be read")] : sink.problems)
        }
        return full
    }

    /// A skill's quiz, read from its file. Throws when the file is missing or has no usable question.
    public func loadQuiz(_ slug: String) throws(ContentError) -> Quiz {
        let file = QuizReader.file(slug)
        let sink = ProblemSink(file: file)
        let lessons = Set(metadata(slug)?.lessons ?? [])
        guard let text = ContentFiles.read(root.appendingPathComponent(file), relative: file, sink: sink, facts: facts),
              let quiz = QuizReader.read(text: text, file: file, lessons: lessons, sink: sink), !quiz.questions.isEmpty else {
            throw sink.problems.isEmpty ? .missing(file: file, what: "this skill has no usable quiz") : .invalid(sink.problems)
        }
        return quiz
    }

    /// Loads every file under `root`, skipping (and keeping the problems of) the ones that cannot
    /// be used. With `only`, reads just that skill when it exists: a one-shot command that shows
    /// one skill need not read the rest. With `facts`, uses those (the content cache's, for
    /// facts files unchanged since) instead of reading the facts files. Of the whole curriculum it
    /// keeps each skill's metadata and lets the lessons go once read, as a catalog from the cache's
    /// snapshot holds them: at 10,000 lessons their text is 14 MB, which a search index built next
    /// held beside its own work (a peak of 22.2 MiB private), and a session to its end.
    public static func load(from root: URL, only slug: String? = nil, facts known: Facts? = nil) -> Catalog {
        let (facts, factProblems) = known.map { ($0, []) } ?? Facts.read(root: root)
        var problems = factProblems.filter { $0.severity == .error }
        let folders = ContentFiles.skillFolders(in: root)
        let references = ContentReferences(skills: Set(folders), projects: Set(ContentFiles.slugs(in: root, folder: "Content/projects")))
        if let slug, folders.contains(slug) {
            let sink = ProblemSink(file: SkillReader.file(slug))
            if let skill = SkillReader.read(slug, root: root, references: references, facts: facts, sink: sink) { return Catalog(root: root, skills: [skill], facts: facts) }
            problems += sink.problems
        }
        var metadata: [SkillMetadata] = []
        for folder in folders {
            let sink = ProblemSink(file: SkillReader.file(folder))
            if let skill = SkillReader.read(folder, root: root, references: references, facts: facts, sink: sink) { metadata.append(skill.metadata) } else { problems += sink.problems }
        }
        let paths = Dictionary(read(root, facts, "Content/paths", &problems) { PathReader.read(text: $0, slug: $1, file: $2, references: references, sink: $3) }.map { ($0.slug, $0) },
                               uniquingKeysWith: { first, _ in first })
        let projects = read(root, facts, "Content/projects", &problems) { ProjectReader.read(text: $0, slug: $1, file: $2, references: references, sink: $3) }
        let comparisons = read(root, facts, "Content/stacks", &problems) { ComparisonReader.read(text: $0, slug: $1, file: $2, isStack: true, sink: $3) }
            + read(root, facts, "Content/technologies", &problems) { ComparisonReader.read(text: $0, slug: $1, file: $2, isStack: false, sink: $3) }
        let checklists = read(root, facts, "Content/practices", &problems) { ChecklistReader.read(text: $0, slug: $1, file: $2, sink: $3) }
        return Catalog(root: root, metadata: metadata, paths: paths, projects: projects, comparisons: comparisons, checklists: checklists,
                       facts: facts, problems: problems)
    }

    /// Reads every Markdown file of a folder with `reader`, keeping the problems of those it
    /// could not use.
    private static func read<T>(_ root: URL, _ facts: Facts, _ folder: String, _ problems: inout [ContentProblem],
                                _ reader: (String, String, String, ProblemSink) -> T?) -> [T] {
        var result: [T] = []
        for file in ContentFiles.markdownFiles(in: root, folder: folder) {
            let relative = "\(folder)/\(file)", sink = ProblemSink(file: relative)
            if let text = ContentFiles.read(root.appendingPathComponent(relative), relative: relative, sink: sink, facts: facts),
               let item = reader(text, String(file.dropLast(3)), relative, sink) {
                result.append(item)
            } else {
                problems += sink.problems
            }
        }
        return result
    }
}
