import ArgumentParser
import Foundation

/// `[SLUG [N]]`: which exercise a practice command acts on.
public struct ExerciseTarget: ParsableArguments, Sendable {
    @Argument(help: "The skill; with none, the exercise in hand or the open lesson's.", completion: .custom(ShellCompletion.skills))
    public var skill: String?

    @Argument(help: "The exercise's number within the skill.")
    public var number: Int?

    public init() {}

    public func validate() throws {
        if let number, number < 1 { throw ValidationError("exercises are numbered from 1") }
    }
}

/// A practice command, which takes `[SLUG [N]]`.
protocol ExerciseTargeted: TutorCommand {}

extension ExerciseTargeted {
    /// The command for `exercise`, with more arguments: what the exercise prompt's words run.
    static func `for`(_ exercise: Exercise, _ more: [String] = []) throws -> Self {
        try parse([exercise.skill, String(exercise.number)] + more)
    }
}

/// An exercise with where it sits, as the practice commands find it: its skill's set, the
/// learner's practice and where the exercise stands for them.
public struct ExerciseInHand: Sendable {
    public var set: ExerciseSet
    public var exercise: Exercise
    public var skillTitle: String
    public var practice: ExercisePractice
    public var state: ExerciseState
}

extension CommandContext {
    /// The exercise a practice command acts on: SLUG and N name one; SLUG and a lesson, that
    /// lesson's first unsolved exercise; SLUG alone, the skill's first unsolved exercise;
    /// nothing, the exercise in hand, else the first unsolved one after the open lesson.
    func exercise(skill slug: String?, number: Int?, after lesson: Int? = nil) throws -> ExerciseInHand {
        let (store, stored) = try learner()
        let profile = try store.reload(stored)
        let practice = ExercisePractice(store: store, profile: profile, scheduler: scheduler, now: now, random: random)
        func found(_ set: ExerciseSet, _ exercise: Exercise, _ title: String, _ states: [String: ExerciseState]? = nil) throws -> ExerciseInHand {
            let state = try states?[exercise.key] ?? store.exerciseState(exercise, for: profile)
            return ExerciseInHand(set: set, exercise: exercise, skillTitle: title, practice: practice, state: state)
        }
        /// The first unsolved exercise after `lesson` (or after it at all), else the skill's first.
        func firstUnsolved(_ skill: SkillMetadata, after lesson: Int?) throws -> ExerciseInHand {
            let set = try catalog.loadExercises(skill.slug)
            let states = try store.exerciseStates(skill: skill.slug, for: profile)
            let candidates = lesson.map(set.after) ?? set.exercises
            let exercise = candidates.first { states[$0.key]?.finished != true } ?? candidates.first
                ?? set.exercises.first { $0.lessonNumber >= lesson ?? 1 } ?? set.exercises[0]
            return try found(set, exercise, skill.title, states)
        }
        if let slug {
            let skill = try metadata(slug)
            guard let number else { return try firstUnsolved(skill, after: lesson) }
            let set = try catalog.loadExercises(skill.slug)
            guard let exercise = set.exercise(numbered: number) else {
                throw CommandError.usage("\(skill.slug) has exercises 1 to \(set.exercises.count)")
            }
            return try found(set, exercise, skill.title)
        }
        if let key = try store.setting(.currentExercise, for: profile) {
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            if parts.count == 2, let skill = catalog.metadata(parts[0]), let set = try? catalog.loadExercises(skill.slug),
               let exercise = set.exercises.first(where: { $0.id == parts[1] }) {
                return try found(set, exercise, skill.title)
            }
        }
        guard case .lesson(let slug, let lesson)? = profile.currentItem, let skill = catalog.metadata(slug) else {
            throw CommandError.usage("open a lesson first (\(prefix)next), or name a skill: \(prefix)exercise SLUG [N]")
        }
        return try firstUnsolved(skill, after: lesson)
    }
}

/// The exercise's answer prompt: what an answer line can be, and the question that asks it.
public enum ExercisePrompt {
    /// The words the prompt takes as its own, typed after a slash.
    static let words: Set<String> = QuizRunner.quitWords.union(["hint", "giveup", "solution", "check", "skip", "next"])

    /// The question that reads an answer to `exercise` (sql and answer kinds); at an sql
    /// exercise's prompt Tab completes the dataset's table and column names.
    static func question(for exercise: Exercise, in set: ExerciseSet, catalog: Catalog, words known: [String]? = nil) -> Question? {
        guard exercise.kind != .http else { return nil }
        let isSQL = exercise.kind == .sql
        var question = Question(kind: .exercise, prompt: isSQL
                                    ? "Your query, ending with ; (/hint, /giveup, /skip, /next)"
                                    : "Your answer (/hint, /giveup, /skip, /next)") { line, _, context in
            try answer(line, to: exercise, in: set, context: context)
        }
        if isSQL {
            question.label = "sql"
            question.needsMore = SQLSandbox.continues
            question.words = known ?? set.dataset.flatMap { try? catalog.loadDataset($0).schema().words } ?? []
        }
        return question
    }

    static func answer(_ line: String, to exercise: Exercise, in set: ExerciseSet, context: CommandContext) throws -> Answered {
        let text = line.trimmedWhitespace
        if text.hasPrefix("/") {
            let word = String(text.dropFirst().prefix { !$0.isWhitespace }).lowercased()
            var command: (any TutorCommand)?
            switch word {
            case "hint": command = try HintCommand.for(exercise)
            case "solution": command = try SolutionCommand.for(exercise)
            case "giveup": command = try GiveUpCommand.for(exercise)
            case "check": command = try CheckCommand.for(exercise)
            // `/next` leaves the exercise and goes on along the path, as its offer says.
            case "next": command = try NextCommand.parse([])
            case _ where word == "skip" || QuizRunner.quitWords.contains(word):
                return .reply(Reply(result: Message(.info, Question.Kind.exercise.leaving ?? "")))
            default:
                break
            }
            if let command { return .run(command) }
        }
        guard !text.isEmpty else {
            return .reply(Reply(result: Message([Notice(.warning, exercise.kind == .sql ? "Type a query ending with ;, or /skip." : "Type an answer, or /skip.")],
                                                question: question(for: exercise, in: set, catalog: context.catalog))))
        }
        return .run(try CheckCommand.for(exercise, ["--answer=" + line]))
    }
}
