import Foundation

/// Everything the tutor teaches, as loaded from a content directory.
public struct Catalog: Sendable {
    /// The content root: the folder that holds `Skills/` and `Content/`.
    public let root: URL
    /// Skills in teaching order: by area, then level, then title.
    public let skills: [Skill]
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
        self.root = root
        self.comparisons = comparisons.sorted { ($0.category, $0.title) < ($1.category, $1.title) }
        self.checklists = checklists.sorted { $0.title < $1.title }
        self.paths = paths
        self.projects = projects.sorted { ($0.level, $0.title) < ($1.level, $1.title) }
        self.skills = skills.sorted { a, b in
            let ka = (Area.allCases.firstIndex(of: a.metadata.area)!, Level.allCases.firstIndex(of: a.metadata.level)!, a.metadata.title)
            let kb = (Area.allCases.firstIndex(of: b.metadata.area)!, Level.allCases.firstIndex(of: b.metadata.level)!, b.metadata.title)
            return ka < kb
        }
        self.problems = problems
    }

    public func skill(_ slug: String) -> Skill? {
        skills.first { $0.slug == slug }
    }

    public var skillSlugs: [String] { skills.map(\.slug) }

    public func project(_ slug: String) -> Project? {
        projects.first { $0.slug == slug }
    }

    /// A skill's quiz, read when it is needed; nil when the file is missing or broken.
    public func quiz(for slug: String) -> Quiz? {
        guard let skill = skill(slug) else { return nil }
        let file = "Skills/\(slug)/quiz.yml"
        let sink = ProblemSink(file: file)
        guard let text = ContentFiles.read(root.appendingPathComponent(file), relative: file, sink: sink) else { return nil }
        return QuizLoader.load(text: text, file: file, lessons: Set(skill.lessons.map(\.title)), sink: sink, strict: false)
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
            let file = "Skills/\(folder)/SKILL.md"
            let sink = ProblemSink(file: file)
            guard let text = ContentFiles.read(root.appendingPathComponent(file), relative: file, sink: sink) else {
                problems += sink.problems
                continue
            }
            if let skill = SkillLoader.load(text: text, slug: folder, file: file, sink: sink) {
                skills.append(skill)
            }
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
