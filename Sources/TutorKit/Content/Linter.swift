import Foundation
import GRDB
import Yams

/// Checks every content file against docs/CONTENT.md and reports every problem it finds.
public struct Linter: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    static let minimumLessons = 4, maximumLessons = 8, minimumLessonWords = 1_200, minimumQuestions = 10

    public func run() -> [ContentProblem] {
        var problems: [ContentProblem] = []
        var skills: [Skill] = []
        var projectSlugs: Set<String> = []
        for folder in ContentFiles.skillFolders(in: root) {
            let (skill, found) = lintSkill(folder)
            problems += found
            if let skill { skills.append(skill) }
        }
        for file in ContentFiles.markdownFiles(in: root, folder: "Content/projects") {
            projectSlugs.insert(String(file.dropLast(3)))
        }
        let skillSlugs = Set(ContentFiles.skillFolders(in: root))
        problems += lintPrerequisites(skills, known: skillSlugs)
        for file in ContentFiles.markdownFiles(in: root, folder: "Content/projects") {
            problems += lintFile("Content/projects/\(file)") { ProjectRules(skills: skillSlugs).check($0, $1, slug: String(file.dropLast(3))) }
        }
        for file in ContentFiles.markdownFiles(in: root, folder: "Content/paths") {
            problems += lintFile("Content/paths/\(file)") { PathRules(skills: skillSlugs, projects: projectSlugs).check($0, $1) }
        }
        var categories: [String: (file: String, names: [String])] = [:]
        for folder in ["Content/stacks", "Content/technologies"] {
            for file in ContentFiles.markdownFiles(in: root, folder: folder) {
                let path = "\(folder)/\(file)"
                problems += lintFile(path) { CompareRules(isStack: folder.hasSuffix("stacks")).check($0, $1, categories: &categories, file: path) }
            }
        }
        for file in ContentFiles.markdownFiles(in: root, folder: "Content/practices") {
            problems += lintFile("Content/practices/\(file)") { PracticeRules().check($0, $1) }
        }
        return problems.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    }

    /// Reads a Markdown file with front matter and applies `rules`, then checks its code blocks.
    private func lintFile(_ path: String, rules: (FrontMatterDocument, ProblemSink) -> Void) -> [ContentProblem] {
        let sink = ProblemSink(file: path)
        guard let text = ContentFiles.read(root.appendingPathComponent(path), relative: path, sink: sink),
              let document = FrontMatterDocument.read(text, file: path, sink: sink) else { return sink.problems }
        rules(document, sink)
        CodeBlockRules.check(document.body, firstLine: document.bodyLine, sink: sink)
        return sink.problems
    }

    // MARK: - Skills

    private func lintSkill(_ folder: String) -> (Skill?, [ContentProblem]) {
        let file = "Skills/\(folder)/SKILL.md"
        let sink = ProblemSink(file: file)
        guard let text = ContentFiles.read(root.appendingPathComponent(file), relative: file, sink: sink) else { return (nil, sink.problems) }
        guard let skill = SkillLoader.load(text: text, slug: folder, file: file, sink: sink) else { return (nil, sink.problems) }
        let lessons = skill.lessons
        let bodyLine = (lessons.first?.line ?? 1)
        if !(Self.minimumLessons...Self.maximumLessons).contains(lessons.count) {
            sink.report(bodyLine, "lessons", "a skill has \(Self.minimumLessons) to \(Self.maximumLessons) lessons ('## ' sections other than Exercises and Sources); this one has \(lessons.count)")
        }
        var seen: Set<String> = []
        for lesson in lessons {
            if !seen.insert(lesson.title).inserted {
                sink.report(lesson.line, "lessons", "the lesson title '\(lesson.title)' is used twice")
            }
            if lesson.title.isEmpty { sink.report(lesson.line, "lessons", "a '## ' heading has no title") }
        }
        let words = lessons.reduce(0) { $0 + $1.markdown.split(whereSeparator: { $0.isWhitespace }).count }
        if words < Self.minimumLessonWords {
            sink.report(bodyLine, "lessons", "the lessons hold \(words) words; a skill needs at least \(Self.minimumLessonWords)")
        }
        let (_, sections) = SectionSplitter.split(text, firstLine: 1)
        let titles = sections.map(\.title)
        let lastLesson = titles.lastIndex { $0 != Skill.exercisesTitle && $0 != Skill.sourcesTitle } ?? -1
        for (title, required) in [(Skill.exercisesTitle, "one or more exercises, each with what done looks like"), (Skill.sourcesTitle, "a list of primary sources with their URLs")] {
            guard let index = titles.firstIndex(of: title) else {
                sink.report(bodyLine, title.lowercased(), "missing '## \(title)' section: add \(required)")
                continue
            }
            if index < lastLesson {
                sink.report(sections[index].line, title.lowercased(), "'## \(title)' must come after the last lesson")
            }
            if sections[index].markdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                sink.report(sections[index].line, title.lowercased(), "the section is empty")
            }
        }
        if let e = titles.firstIndex(of: Skill.exercisesTitle), let s = titles.firstIndex(of: Skill.sourcesTitle), s < e {
            sink.report(sections[s].line, "sources", "'## Sources' must come after '## Exercises'")
        }
        if let sources = skill.sources, !sources.markdown.contains("http") {
            sink.report(sources.line, "sources", "list each source with its URL")
        }
        if let document = try? FrontMatterDocument(text: text, file: file) {
            CodeBlockRules.check(document.body, firstLine: document.bodyLine, sink: sink)
        }
        let quizFile = "Skills/\(folder)/quiz.yml"
        let quizSink = ProblemSink(file: quizFile)
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(quizFile).path) {
            if let quizText = ContentFiles.read(root.appendingPathComponent(quizFile), relative: quizFile, sink: quizSink) {
                _ = QuizLoader.load(text: quizText, file: quizFile, lessons: Set(lessons.map(\.title)), sink: quizSink, strict: true)
            }
        } else {
            quizSink.report(1, "file", "missing: every skill has a quiz of at least \(Self.minimumQuestions) questions")
        }
        return (skill, sink.problems + quizSink.problems)
    }

    private func lintPrerequisites(_ skills: [Skill], known: Set<String>) -> [ContentProblem] {
        var problems: [ContentProblem] = []
        var graph: [String: [String]] = [:]
        func fieldLine(_ skill: Skill) -> Int {
            let text = (try? String(contentsOf: root.appendingPathComponent(skill.file), encoding: .utf8)) ?? ""
            return (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("prerequisites:") } ?? 0) + 1
        }
        for skill in skills {
            graph[skill.slug] = skill.metadata.prerequisites
            for prerequisite in skill.metadata.prerequisites where !known.contains(prerequisite) {
                let hint = Suggestions.nearest(to: prerequisite, in: known).first.map { " (did you mean '\($0)'?)" } ?? ""
                problems.append(ContentProblem(file: skill.file, line: fieldLine(skill), field: "prerequisites", message: "'\(prerequisite)' is not a skill\(hint)"))
            }
            if skill.metadata.prerequisites.contains(skill.slug) {
                problems.append(ContentProblem(file: skill.file, line: fieldLine(skill), field: "prerequisites", message: "a skill cannot be its own prerequisite"))
            }
        }
        for cycle in PrerequisiteGraph.cycles(graph) {
            let first = cycle[0]
            guard let skill = skills.first(where: { $0.slug == first }) else { continue }
            problems.append(ContentProblem(file: skill.file, line: fieldLine(skill), field: "prerequisites", message: "prerequisites form a cycle: \((cycle + [first]).joined(separator: " → "))"))
        }
        return problems
    }
}

/// Finds cycles in a prerequisite graph.
public enum PrerequisiteGraph {
    /// Each distinct cycle once, starting from its smallest slug.
    public static func cycles(_ graph: [String: [String]]) -> [[String]] {
        var found: Set<[String]> = []
        var state: [String: Int] = [:]
        var stack: [String] = []
        func visit(_ node: String) {
            state[node] = 1
            stack.append(node)
            for next in graph[node] ?? [] where graph[next] != nil && next != node {
                if state[next] == 1, let start = stack.firstIndex(of: next) {
                    var cycle = Array(stack[start...])
                    let pivot = cycle.indices.min { cycle[$0] < cycle[$1] }!
                    cycle = Array(cycle[pivot...] + cycle[..<pivot])
                    found.insert(cycle)
                } else if state[next] == nil {
                    visit(next)
                }
            }
            stack.removeLast()
            state[node] = 2
        }
        for node in graph.keys.sorted() where state[node] == nil { visit(node) }
        return found.sorted { $0.joined() < $1.joined() }
    }
}
