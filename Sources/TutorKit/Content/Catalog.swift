import Foundation

/// Everything the tutor teaches, as loaded from a content directory.
public struct Catalog: Sendable {
    /// The content root: the folder that holds `Skills/` and `Content/`.
    public let root: URL
    /// Skills in teaching order: by area, then level, then title.
    public let skills: [Skill]
    /// Files that could not be loaded and were skipped.
    public let problems: [ContentProblem]

    public init(root: URL, skills: [Skill], problems: [ContentProblem]) {
        self.root = root
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
        return Catalog(root: root, skills: skills, problems: problems)
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
