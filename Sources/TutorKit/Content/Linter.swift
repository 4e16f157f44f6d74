import Foundation

/// Checks every content file against docs/CONTENT.md and reports every problem it finds. Each
/// file goes through the same reader the catalog uses; lint adds what only the whole curriculum
/// shows (prerequisite cycles, one category's shared attributes, a quiz per skill) and runs the
/// code blocks.
public struct Linter: Sendable {
    public let root: URL
    /// The day facts are checked against: one past its review date is a warning.
    public let today: Date

    public init(root: URL, today: Date = Date()) {
        self.root = root
        self.today = today
    }

    public func run() -> [ContentProblem] {
        let (facts, factProblems) = Facts.read(root: root)
        var used: Set<String> = []
        var problems = factProblems + lintFacts(facts)
        let folders = ContentFiles.skillFolders(in: root)
        let references = ContentReferences(skills: Set(folders), projects: Set(ContentFiles.slugs(in: root, folder: "Content/projects")))
        var skills: [Skill] = []
        for folder in folders {
            let (skill, found) = lintSkill(folder, references: references, facts: facts, used: &used)
            problems += found
            if let skill { skills.append(skill) }
        }
        problems += lintPrerequisiteCycles(skills)
        for slug in ContentFiles.slugs(in: root, folder: "Content/projects") {
            problems += lintFile("Content/projects/\(slug).md", facts: facts, used: &used) { ProjectReader.read(text: $0, slug: slug, file: $1, references: references, sink: $2) }
        }
        for slug in ContentFiles.slugs(in: root, folder: "Content/paths") {
            problems += lintFile("Content/paths/\(slug).md", facts: facts, used: &used) { PathReader.read(text: $0, slug: slug, file: $1, references: references, sink: $2) }
        }
        var categories: [ComparisonCategory: (file: String, names: [String])] = [:]
        for folder in ["Content/stacks", "Content/technologies"] {
            for slug in ContentFiles.slugs(in: root, folder: folder) {
                let path = "\(folder)/\(slug).md"
                var entry: ComparisonEntry?
                problems += lintFile(path, facts: facts, used: &used) { text, file, sink in
                    entry = ComparisonReader.read(text: text, slug: slug, file: file, isStack: folder.hasSuffix("stacks"), sink: sink)
                    return entry
                }
                guard let entry else { continue }
                let names = entry.attributes.map(\.name)
                if let first = categories[entry.category] {
                    if first.names != names {
                        problems.append(ContentProblem(file: path, line: fieldLine(path, "attributes"), field: "attributes",
                                                       message: "must have the same attribute names, in the same order, as \(first.file) (category \(entry.category.rawValue)): \(first.names.joined(separator: ", "))"))
                    }
                } else {
                    categories[entry.category] = (path, names)
                }
            }
        }
        for slug in ContentFiles.slugs(in: root, folder: "Content/practices") {
            problems += lintFile("Content/practices/\(slug).md", facts: facts, used: &used) { ChecklistReader.read(text: $0, slug: slug, file: $1, sink: $2) }
        }
        for fact in facts.facts.values.sorted(by: { ($0.file, $0.line) < ($1.file, $1.line) }) where !used.contains(fact.id) {
            problems.append(ContentProblem(file: fact.file, line: fact.line, field: "facts.\(fact.id)",
                                           message: "no content file uses it ({{fact:\(fact.id)}}); remove it or use it", severity: .warning))
        }
        return problems.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    }

    /// Facts past their review date: check the source, then update the value and the dates.
    private func lintFacts(_ facts: Facts) -> [ContentProblem] {
        facts.stale(at: today).map { fact in
            ContentProblem(file: fact.file, line: fact.line, field: "facts.\(fact.id).review_by",
                           message: "was due for review on \(fact.reviewBy): check \(fact.source), then update the value, checked and review_by", severity: .warning)
        }
    }

    /// Reads a file's text with its facts filled in, noting which facts it uses and reporting
    /// control characters, which the tutor never shows.
    private func read(_ path: String, facts: Facts, used: inout Set<String>, sink: ProblemSink) -> String? {
        let url = root.appendingPathComponent(path)
        if let raw = FileManager.default.contents(atPath: url.path).flatMap({ String(data: $0, encoding: .utf8) }) {
            used.formUnion(Facts.used(in: raw))
            Self.reportControls(in: raw, sink: sink)
        }
        return ContentFiles.read(url, relative: path, sink: sink, facts: facts)
    }

    /// One problem per line that holds a control character other than tab and line ends.
    static func reportControls(in text: String, sink: ProblemSink) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let scalar = line.unicodeScalars.first(where: { Sanitizer.isControl($0) && $0 != "\t" && $0 != "\r" }) else { continue }
            let column = line.unicodeScalars.prefix { $0 != scalar }.count + 1
            sink.report(index + 1, "text", "control character U+\(String(format: "%04X", scalar.value)) at column \(column): content is shown as text, never as terminal commands; remove it")
        }
    }

    /// Reads a Markdown file with its reader, then checks its code blocks.
    private func lintFile<T>(_ path: String, facts: Facts, used: inout Set<String>, reader: (String, String, ProblemSink) -> T?) -> [ContentProblem] {
        let sink = ProblemSink(file: path)
        guard let text = read(path, facts: facts, used: &used, sink: sink) else { return sink.problems }
        _ = reader(text, path, sink)
        if let document = try? FrontMatterDocument(text: text, file: path) {
            CodeBlockRules.check(document.body, firstLine: document.bodyLine, sink: sink)
            let depth = MarkdownParser.depth(document.body)
            if depth > MarkdownParser.maximumDepth {
                sink.report(document.bodyLine, "markdown", "lists and quotes nest \(depth) levels deep; the tutor shows what is deeper than \(MarkdownParser.maximumDepth) as plain text")
            }
        }
        return sink.problems
    }

    /// The line of a front-matter field, for problems found across files.
    private func fieldLine(_ path: String, _ field: String) -> Int {
        let text = (try? String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)) ?? ""
        return (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("\(field):") } ?? 0) + 1
    }

    // MARK: - Skills

    private func lintSkill(_ folder: String, references: ContentReferences, facts: Facts, used: inout Set<String>) -> (Skill?, [ContentProblem]) {
        var skill: Skill?
        let problems = lintFile(SkillReader.file(folder), facts: facts, used: &used) { text, file, sink in
            skill = SkillReader.read(text: text, slug: folder, file: file, references: references, sink: sink, lint: true)
            return skill
        }
        let quizFile = QuizReader.file(folder)
        let quizSink = ProblemSink(file: quizFile)
        if FileManager.default.fileExists(atPath: root.appendingPathComponent(quizFile).path) {
            if let quizText = read(quizFile, facts: facts, used: &used, sink: quizSink) {
                _ = QuizReader.read(text: quizText, file: quizFile, lessons: Set(skill?.lessons.map(\.title) ?? []), sink: quizSink)
            }
        } else {
            quizSink.report(1, "file", "missing: every skill has a quiz of at least \(QuizReader.minimumQuestions) questions")
        }
        return (skill, problems + quizSink.problems + lintExercises(folder, lessons: skill?.lessons.map(\.title) ?? [], facts: facts, used: &used))
    }

    /// Every lesson ends with an exercise; each sql exercise's reference runs on its dataset
    /// and on the hidden variant, and tells them apart; http solutions follow the code rules.
    private func lintExercises(_ folder: String, lessons: [String], facts: Facts, used: inout Set<String>) -> [ContentProblem] {
        let file = ExerciseReader.file(folder)
        let sink = ProblemSink(file: file)
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path) else {
            sink.report(1, "file", "missing: every lesson ends with an exercise the tutor checks (docs/CONTENT.md, \"Exercises\")")
            return sink.problems
        }
        guard let text = read(file, facts: facts, used: &used, sink: sink),
              let set = ExerciseReader.read(text: text, skill: folder, file: file, lessons: lessons, sink: sink) else { return sink.problems }
        for (index, lesson) in lessons.enumerated() where !set.exercises.contains(where: { $0.lessonNumber == index + 1 }) {
            sink.report(1, "exercises", "lesson '\(lesson)' has no exercise: every lesson ends with at least one")
        }
        var dataset: Dataset?
        if let name = set.dataset {
            let datasetSink = ProblemSink(file: Dataset.folder(name))
            dataset = Dataset.read(name, root: root, sink: datasetSink)
            for problem in datasetSink.problems { sink.report(1, "dataset", problem.message) }
            if let loaded = dataset {
                do {
                    let seed = try loaded.sandbox()
                    _ = try loaded.sandbox(variant: true)
                    for table in seed.tables() {
                        let quoted = table.replacingOccurrences(of: "\"", with: "\"\"")
                        if let rows = try seed.run("SELECT count(*) FROM \"\(quoted)\"").last?.rows.first?.first, rows == .integer(0) {
                            sink.report(1, "dataset", "table \(table) of \(name)/seed.sql has no rows")
                        }
                    }
                } catch {
                    sink.report(1, "dataset", error.message)
                    dataset = nil
                }
            }
        }
        for exercise in set.exercises {
            let field = "exercises.\(exercise.id)"
            switch exercise.kind {
            case .sql:
                guard let dataset, let rules = exercise.sql, let solution = exercise.solution else { continue }
                lintSQL(exercise, solution: solution, rules: rules, dataset: dataset, field: field, sink: sink)
            case .http:
                if let solution = exercise.solution { CodeBlockRules.check(solution, firstLine: exercise.line, sink: sink) }
            case .answer:
                break
            }
        }
        return sink.problems
    }

    private func lintSQL(_ exercise: Exercise, solution: String, rules: Exercise.SQLRules, dataset: Dataset, field: String, sink: ProblemSink) {
        var results: [SQLResult] = []
        for hidden in [false, true] {
            switch SQLGrader.outcome(solution, rules: rules, dataset: dataset, hidden: hidden) {
            case .success(let outcome):
                let result = outcome.result
                if !hidden, outcome.changedData, rules.state == nil {
                    sink.report(exercise.line, field, "the reference changes data: give 'state', the query whose result shows the change")
                }
                if result.rows.isEmpty {
                    sink.report(exercise.line, field, "the reference gives no rows on the \(hidden ? "hidden variant" : "dataset"): a learner could not tell right from wrong")
                }
                results.append(result)
            case .failure(let failure):
                sink.report(exercise.line, field, "the reference fails on the \(hidden ? "hidden variant" : "dataset"): \(failure.message)")
                return
            }
        }
        if SQLGrader.difference(expected: results[0], got: results[1], rules: rules) == nil {
            sink.report(exercise.line, field, "the reference gives the same result on the hidden variant: an answer that writes the rows in by hand would pass. Make the variant change what this query returns")
        }
    }

    private func lintPrerequisiteCycles(_ skills: [Skill]) -> [ContentProblem] {
        let graph = Dictionary(skills.map { ($0.slug, $0.metadata.prerequisites) }, uniquingKeysWith: { first, _ in first })
        return PrerequisiteGraph.cycles(graph).compactMap { cycle in
            guard let skill = skills.first(where: { $0.slug == cycle[0] }) else { return nil }
            return ContentProblem(file: skill.file, line: fieldLine(skill.file, "prerequisites"), field: "prerequisites",
                                  message: "prerequisites form a cycle: \((cycle + [cycle[0]]).joined(separator: " → "))")
        }
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
