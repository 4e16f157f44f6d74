import Foundation
import Yams

/// A checked exercise at the end of a lesson. docs/CONTENT.md ("Exercises") describes each field.
public struct Exercise: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case sql, http, answer
    }

    /// How an `sql` exercise's results are compared.
    public struct SQLRules: Hashable, Sendable {
        public var ordered: Bool
        public var namedColumns: Bool
        public var tolerance: Double
        /// A query run after the statements, for exercises that change data.
        public var state: String?
    }

    public var id: String
    /// The skill it belongs to.
    public var skill: String
    /// Its number within the skill, from 1, in lesson order.
    public var number: Int
    public var lesson: String
    /// The lesson's number, from 1.
    public var lessonNumber: Int
    public var kind: Kind
    public var prompt: String
    public var hints: [String]
    public var solution: String?
    public var explanation: String
    public var sql: SQLRules?
    /// An `http` exercise's steps.
    public var check: [AcceptanceCriterion]
    /// An `answer` exercise, graded as a quiz question is.
    public var question: QuizQuestion?
    /// Where it starts in its file, for lint.
    var line = 1

    /// The progress key: `skill/id`.
    public var key: String { "\(skill)/\(id)" }

    /// An http exercise's check as the verifier runs it: a project of one milestone.
    public var checkProject: Project {
        Project(slug: key, title: id, level: .beginner, skills: [skill], hours: 1, summary: "",
                milestones: [.init(title: id, doneWhen: "")], criteria: check.map { var step = $0; step.milestone = 1; return step },
                stretch: [], brief: "")
    }
}

/// A skill's exercises and the dataset its `sql` ones run on.
public struct ExerciseSet: Hashable, Sendable {
    public var skill: String
    public var dataset: String?
    public var exercises: [Exercise]

    /// The exercises that follow lesson `number` (from 1).
    public func after(lesson number: Int) -> [Exercise] { exercises.filter { $0.lessonNumber == number } }

    public func exercise(numbered number: Int) -> Exercise? {
        exercises.indices.contains(number - 1) ? exercises[number - 1] : nil
    }
}

/// A dataset's scripts: the seed the learner sees and the hidden variant run after it.
public struct Dataset: Hashable, Sendable {
    public var name: String
    public var seed: String
    public var variant: String

    static func folder(_ name: String) -> String { "Content/datasets/\(name)" }

    /// Reads `Content/datasets/NAME/{seed,variant}.sql`.
    static func read(_ name: String, root: URL, sink: ProblemSink) -> Dataset? {
        guard Slug.isValid(name) else {
            sink.report(1, "dataset", "'\(name)' is not a dataset name (a slug)")
            return nil
        }
        var texts: [String] = []
        for part in ["seed", "variant"] {
            let file = folder(name) + "/\(part).sql"
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path),
                  let text = String(data: data, encoding: .utf8) else {
                sink.report(1, "dataset", "\(file) is missing or not UTF-8 text")
                return nil
            }
            texts.append(text)
        }
        return Dataset(name: name, seed: texts[0], variant: texts[1])
    }

    /// The seed's tables, and its table and column names for Tab completion.
    public func schema() throws(SQLFailure) -> (tables: [String], words: [String]) {
        let sandbox = try sandbox()
        return (sandbox.tables(), sandbox.completionWords())
    }

    /// A fresh sandbox holding the dataset, or its hidden variant.
    public func sandbox(variant hidden: Bool = false) throws(SQLFailure) -> SQLSandbox {
        let sandbox = try SQLSandbox()
        sandbox.timeLimit = 10
        do {
            try sandbox.run(seed)
        } catch {
            throw SQLFailure(message: "the dataset '\(name)' does not load: \(error.message)", line: error.line, column: error.column, excerpt: error.excerpt)
        }
        if hidden {
            do {
                try sandbox.run(variant)
            } catch {
                throw SQLFailure(message: "the variant of dataset '\(name)' does not load: \(error.message)", line: error.line, column: error.column, excerpt: error.excerpt)
            }
        }
        sandbox.timeLimit = 2
        return sandbox
    }
}

extension Catalog {
    /// A skill's exercises, read from `exercises.yml`. Throws when the file is missing or has
    /// no usable exercise.
    public func loadExercises(_ slug: String) throws(ContentError) -> ExerciseSet {
        let file = ExerciseReader.file(slug)
        let sink = ProblemSink(file: file)
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(file).path) else {
            throw .missing(file: file, what: "this skill has no exercises yet")
        }
        guard let text = ContentFiles.read(root.appendingPathComponent(file), relative: file, sink: sink, facts: facts),
              let set = ExerciseReader.read(text: text, skill: slug, file: file, lessons: metadata(slug)?.lessons.array ?? [], sink: sink),
              !set.exercises.isEmpty else {
            throw sink.problems.isEmpty ? .missing(file: file, what: "this skill has no usable exercise") : .invalid(sink.problems)
        }
        return set
    }

    /// Whether a skill has an exercises file, without reading it.
    public func hasExercises(_ slug: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(ExerciseReader.file(slug)).path)
    }

    /// A dataset's seed and hidden variant.
    public func loadDataset(_ name: String) throws(ContentError) -> Dataset {
        let sink = ProblemSink(file: Dataset.folder(name))
        guard let dataset = Dataset.read(name, root: root, sink: sink) else { throw .invalid(sink.problems) }
        return dataset
    }

    /// The datasets under `Content/datasets/`.
    public var datasetNames: [String] {
        let folder = root.appendingPathComponent("Content/datasets")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") && Slug.isValid($0) }.sorted()
    }
}

/// The one reader of `exercises.yml`, for the catalog and lint alike. An exercise with a problem
/// is left out.
enum ExerciseReader {
    static func file(_ slug: String) -> String { "Skills/\(slug)/exercises.yml" }

    static let fields: Set<String> = [
        "id", "lesson", "kind", "prompt", "hints", "solution", "explanation", "ordered", "named_columns", "tolerance", "state",
        "check", "choices", "answer", "accepted",
    ]

    static func read(text: String, skill: String, file: String, lessons: [String], sink: ProblemSink) -> ExerciseSet? {
        guard let top = YAMLFields.file(text, list: "exercises", sink: sink) else { return nil }
        top.rejectUnknownKeys(["dataset", "exercises"])
        let dataset = top.string("dataset", required: false)
        guard let items = top.mappings("exercises") else { return nil }
        var exercises: [Exercise] = []
        var ids: Set<String> = []
        for item in items {
            item.rejectUnknownKeys(fields)
            let id = item.uniqueID(&ids, noun: "exercise")
            let kind = item.choice("kind", Exercise.Kind.self)
            var lessonNumber: Int?
            let lesson = item.string("lesson")
            if let lesson {
                if let index = lessons.firstIndex(of: lesson) {
                    lessonNumber = index + 1
                } else if !lessons.isEmpty {
                    item.sink.report(item.line(of: "lesson"), item.path + "lesson", "'\(lesson)' is not a lesson of this skill\(Suggestions.hint(lesson, Set(lessons)))")
                }
            }
            let prompt = item.string("prompt"), explanation = item.string("explanation")
            let hints = item.strings("hints", count: 1...3)
            if !item.has("hints") { continue }
            var solution = item.string("solution", required: kind != .answer)
            var rules: Exercise.SQLRules?
            var check: [AcceptanceCriterion] = []
            var question: QuizQuestion?
            let kindOnly: [Exercise.Kind: Set<String>] = [
                .sql: ["ordered", "named_columns", "tolerance", "state"], .http: ["check"], .answer: ["choices", "answer", "accepted"],
            ]
            if let kind {
                for (other, keys) in kindOnly where other != kind {
                    for key in keys where item.has(key) {
                        item.sink.report(item.line(of: key), item.path + key, "belongs to \(other.rawValue) exercises, not \(kind.rawValue)")
                    }
                }
            }
            switch kind {
            case .sql:
                if dataset == nil { item.sink.report(item.line(of: "kind"), item.path + "kind", "an sql exercise needs the file's 'dataset'") }
                var tolerance = 0.000001
                if let node = item.node("tolerance") {
                    if let value = node.float, value >= 0, value < 1_000 { tolerance = value } else {
                        item.sink.report(item.line(of: "tolerance"), item.path + "tolerance", "must be a number from 0 to 1000")
                    }
                }
                rules = .init(ordered: bool(item, "ordered"), namedColumns: bool(item, "named_columns"), tolerance: tolerance,
                              state: item.string("state", required: false))
                solution = solution?.trimmingCharacters(in: .whitespacesAndNewlines)
            case .http:
                if let steps = item.mappings("check") {
                    if steps.isEmpty { item.sink.report(item.line(of: "check"), item.path + "check", "needs at least one step") }
                    check = steps.compactMap { ProjectReader.readCriterion($0, milestones: nil, references: nil) }
                    if check.count != steps.count { continue }
                }
            case .answer:
                if let choices = item.strings("choices", required: false, count: 2...6) {
                    if item.has("accepted") { item.sink.report(item.line(of: "accepted"), item.path + "accepted", "an exercise with choices takes 'answer', not 'accepted'") }
                    let answer = letters(item, count: choices.count)
                    if let answer, let id, let lesson, let prompt, let explanation {
                        question = QuizQuestion(id: id, kind: answer.count == 1 ? .single : .multiple, lesson: lesson, prompt: prompt, choices: choices,
                                                answer: answer.count == 1 ? .choice(answer.first!) : .choices(answer), explanation: explanation)
                    }
                } else if let accepted = item.strings("accepted", required: false, count: 1...20) {
                    if item.has("answer") { item.sink.report(item.line(of: "answer"), item.path + "answer", "'answer' goes with choices; list short answers in 'accepted'") }
                    if let id, let lesson, let prompt, let explanation {
                        question = QuizQuestion(id: id, kind: .short, lesson: lesson, prompt: prompt, choices: [], answer: .accepted(accepted), explanation: explanation)
                    }
                } else {
                    item.sink.report(item.line, item.path + "choices", "an answer exercise has 'choices' and 'answer', or 'accepted'")
                }
                if question == nil { continue }
            case nil:
                continue
            }
            guard let id, let kind, let lesson, let lessonNumber, let prompt, let explanation, let hints else { continue }
            exercises.append(Exercise(id: id, skill: skill, number: 0, lesson: lesson, lessonNumber: lessonNumber, kind: kind, prompt: prompt,
                                      hints: hints, solution: solution, explanation: explanation, sql: rules, check: check, question: question, line: item.line))
        }
        // Numbered in lesson order, file order within a lesson.
        exercises = exercises.enumerated().sorted { ($0.element.lessonNumber, $0.offset) < ($1.element.lessonNumber, $1.offset) }.map(\.element)
        for index in exercises.indices { exercises[index].number = index + 1 }
        return ExerciseSet(skill: skill, dataset: dataset, exercises: exercises)
    }

    private static func bool(_ item: YAMLFields, _ key: String) -> Bool {
        guard let node = item.node(key) else { return false }
        guard let value = YAMLFields.bool(node) else {
            item.sink.report(item.line(of: key), item.path + key, "must be true or false")
            return false
        }
        return value
    }

    /// `answer: c` or `answer: [a, c]`, as indices.
    private static func letters(_ item: YAMLFields, count: Int) -> Set<Int>? {
        guard let node = item.node("answer") else {
            item.sink.report(item.line, item.path + "answer", "is required with choices: a letter, or a list of letters")
            return nil
        }
        let texts = node.sequence.map { $0.compactMap(\.string) } ?? [node.string].compactMap { $0 }
        var picked: Set<Int> = []
        for text in texts {
            guard let index = QuizReader.letterIndex(text), index < count else {
                item.sink.report(item.line(of: "answer"), item.path + "answer", "'\(text)' names no choice (a to \(Character(Unicode.Scalar(UInt8(96 + count)))))")
                return nil
            }
            picked.insert(index)
        }
        if picked.isEmpty { item.sink.report(item.line(of: "answer"), item.path + "answer", "names no choice") }
        return picked.isEmpty ? nil : picked
    }
}
