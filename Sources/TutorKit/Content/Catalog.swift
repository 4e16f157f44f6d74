import Foundation

/// Everything the tutor teaches, as loaded from a content directory.
public struct Catalog: Sendable {
    /// The content root: the folder that holds `Skills/` and `Content/`.
    public let root: URL
    /// Every skill's metadata (lesson titles included), in teaching order: by area, then level,
    /// then title. A skill's lessons are read from its file only when asked for.
    public let skills: [SkillMetadata]
    private let skillIndex: [String: Int]
    private let files: SkillFiles
    /// Learning paths by slug (`backend`).
    public let paths: [String: LearningPath]
    /// Projects, by level, then title.
    public let projects: [Project]
    /// Stacks and technologies, by category, then title.
    public let comparisons: [ComparisonEntry]
    /// The best-practice checklists, by title.
    public let checklists: [Checklist]
    /// Files that could not be loaded and were skipped.
    public let problems: [ContentProblem]

    public init(root: URL, skills: [Skill], paths: [String: LearningPath] = [:], projects: [Project] = [],
                comparisons: [ComparisonEntry] = [], checklists: [Checklist] = [], problems: [ContentProblem]) {
        self.init(root: root, metadata: skills.map(\.metadata), loaded: skills, paths: paths, projects: projects,
                  comparisons: comparisons, checklists: checklists, problems: problems)
    }

    /// A catalog from metadata alone (as the content cache keeps it); skills load on demand.
    public init(root: URL, metadata: [SkillMetadata], loaded: [Skill] = [], paths: [String: LearningPath] = [:], projects: [Project] = [],
                comparisons: [ComparisonEntry] = [], checklists: [Checklist] = [], problems: [ContentProblem]) {
        self.root = root
        self.comparisons = comparisons.sorted { ($0.category, $0.title) < ($1.category, $1.title) }
        self.checklists = checklists.sorted { $0.title < $1.title }
        self.paths = paths
        self.projects = projects.sorted { ($0.level, $0.title) < ($1.level, $1.title) }
        let sorted = metadata.sorted { a, b in
            let ka = (Area.allCases.firstIndex(of: a.area)!, Level.allCases.firstIndex(of: a.level)!, a.title)
            let kb = (Area.allCases.firstIndex(of: b.area)!, Level.allCases.firstIndex(of: b.level)!, b.title)
            return ka < kb
        }
        skills = sorted
        skillIndex = Dictionary(sorted.enumerated().map { ($0.element.slug, $0.offset) }, uniquingKeysWith: { first, _ in first })
        files = SkillFiles(root: root, loaded: loaded)
        self.problems = problems
    }

    public func metadata(_ slug: String) -> SkillMetadata? {
        skillIndex[slug].map { skills[$0] }
    }

    /// The whole skill, lessons included: read from its file the first time it is needed.
    public func skill(_ slug: String) -> Skill? {
        guard metadata(slug) != nil else { return nil }
        return files.skill(slug)
    }

    public var skillSlugs: [String] { skills.map(\.slug) }

    public func project(_ slug: String) -> Project? {
        projects.first { $0.slug == slug }
    }

    /// A skill's quiz, read the first time it is needed; nil when the file is missing or broken.
    public func quiz(for slug: String) -> Quiz? {
        guard let skill = metadata(slug) else { return nil }
        return files.quiz(skill)
    }

    public func comparison(_ slug: String) -> ComparisonEntry? {
        comparisons.first { $0.slug == slug }
    }

    public func checklist(_ slug: String) -> Checklist? {
        checklists.first { $0.slug == slug }
    }

    /// Loads every skill under `root/Skills`, skipping (and reporting) the ones that are broken.
    /// With `only`, loads just that skill when it exists: a one-shot command that shows one skill
    /// need not read the rest.
    public static func load(from root: URL, only slug: String? = nil) -> Catalog {
        var skills: [Skill] = []
        var problems: [ContentProblem] = []
        var folders = ContentFiles.skillFolders(in: root)
        if let slug, folders.contains(slug) { folders = [slug] }
        for folder in folders {
            let sink = ProblemSink(file: SkillLoader.file(folder))
            if let skill = SkillLoader.load(folder, root: root, sink: sink) { skills.append(skill) }
            problems += sink.problems
        }
        guard slug == nil || skills.isEmpty else { return Catalog(root: root, skills: skills, problems: problems) }
        let paths = Dictionary(loadAll(root, "Content/paths", &problems, PathLoader.load).map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let projects = loadAll(root, "Content/projects", &problems, ProjectLoader.load)
        let comparisons = loadAll(root, "Content/stacks", &problems, ComparisonLoader.load) + loadAll(root, "Content/technologies", &problems, ComparisonLoader.load)
        let checklists = loadAll(root, "Content/practices", &problems, ChecklistLoader.load)
        return Catalog(root: root, skills: skills, paths: paths, projects: projects, comparisons: comparisons, checklists: checklists, problems: problems)
    }

    /// Loads every Markdown file of a folder with `loader`, collecting the problems.
    private static func loadAll<T>(_ root: URL, _ folder: String, _ problems: inout [ContentProblem],
                                   _ loader: (String, String, String, ProblemSink) -> T?) -> [T] {
        var result: [T] = []
        for file in ContentFiles.markdownFiles(in: root, folder: folder) {
            let relative = "\(folder)/\(file)", sink = ProblemSink(file: relative)
            if let text = ContentFiles.read(root.appendingPathComponent(relative), relative: relative, sink: sink),
               let item = loader(text, String(file.dropLast(3)), relative, sink) {
                result.append(item)
            }
            problems += sink.problems
        }
        return result
    }
}

/// File-system access for content, with problems reported instead of thrown.
enum ContentFiles {
    static func skillFolders(in root: URL) -> [String] {
        let skillsDir = root.appendingPathComponent("Skills")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: skillsDir.path)) ?? []
        return names.filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: skillsDir.appendingPathComponent(name).path, isDirectory: &isDir) && isDir.boolValue
        }.sorted()
    }

    static func markdownFiles(in root: URL, folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
    }

    /// The file's text, or nil with a problem when it is missing or not UTF-8.
    static func read(_ url: URL, relative: String, sink: ProblemSink) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            sink.report(1, "file", "cannot be read (missing, or no permission)")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            sink.report(1, "file", "is not valid UTF-8 text")
            return nil
        }
        return text
    }
}

/// Whole skills and quizzes read on demand and kept for the rest of the run.
final class SkillFiles: @unchecked Sendable {
    private let root: URL
    private let lock = NSLock()
    private var skills: [String: Skill]
    private var quizzes: [String: Quiz?] = [:]

    init(root: URL, loaded: [Skill]) {
        self.root = root
        skills = Dictionary(loaded.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func skill(_ slug: String) -> Skill? {
        if let skill = lock.withLock({ skills[slug] }) { return skill }
        guard let skill = SkillLoader.load(slug, root: root, sink: ProblemSink(file: SkillLoader.file(slug))) else { return nil }
        lock.withLock { skills[slug] = skill }
        return skill
    }

    func quiz(_ skill: SkillMetadata) -> Quiz? {
        if let quiz = lock.withLock({ quizzes[skill.slug] }) { return quiz }
        let file = "Skills/\(skill.slug)/quiz.yml"
        let sink = ProblemSink(file: file)
        let quiz = ContentFiles.read(root.appendingPathComponent(file), relative: file, sink: sink)
            .flatMap { QuizLoader.load(text: $0, file: file, lessons: Set(skill.lessons), sink: sink, strict: false) }
        lock.withLock { quizzes[skill.slug] = quiz }
        return quiz
    }
}
