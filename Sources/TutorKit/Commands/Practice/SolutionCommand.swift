import ArgumentParser
import Foundation

/// `solution [SLUG [N]]`: the reference answer and why, once the exercise is solved or given up.
public struct SolutionCommand: ExerciseTargeted {
    public static let configuration = CommandConfiguration(
        commandName: "solution",
        abstract: "Show the exercise's reference answer, once you solved it or gave up."
    )
    public static let usage = "solution [SLUG [N]]"
    public static let completion: ArgumentCompletion? = .skill

    @OptionGroup public var target: ExerciseTarget

    @Flag(help: "Print the result as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}


    public var needs: Needs { .learner }
    public var looksOnly: Bool { true }

    public func run(in context: CommandContext) throws -> ExerciseSolution {
        let found = try context.exercise(skill: target.skill, number: target.number)
        guard found.state.finished else {
            throw CommandError.usage("solve exercise \(found.exercise.number) of \(found.exercise.skill) first; \(context.prefix)hint helps, and \(context.prefix)giveup shows the solution now (it counts as a miss for review)")
        }
        return ExerciseSolution(found.exercise, context: context, gaveUp: false)
    }
}

/// An exercise's reference answer and explanation.
public struct ExerciseSolution: CommandResult {
    public var skill: String
    public var number: Int
    public var kind: Exercise.Kind
    public var solution: String?
    public var rightAnswer: String?
    public var explanation: String
    /// Shown because the learner just gave up: the card was rated Again.
    public var gaveUp: Bool
    public var due: Date?
    public var now: Date
    var examples: ExampleStacks

    private enum CodingKeys: String, CodingKey { case skill, number, kind, solution, rightAnswer, explanation, gaveUp, due }

    init(_ exercise: Exercise, context: CommandContext, gaveUp: Bool, due: Date? = nil) {
        skill = exercise.skill
        number = exercise.number
        kind = exercise.kind
        solution = exercise.solution
        rightAnswer = exercise.question.map(Grader.rightAnswer)
        explanation = exercise.explanation
        self.gaveUp = gaveUp
        self.due = due
        now = context.now
        examples = context.examples
    }
}

/// `giveup [SLUG [N]]`: shows the solution before the exercise is solved; its review card is
/// rated Again.
public struct GiveUpCommand: ExerciseTargeted {
    public static let configuration = CommandConfiguration(
        commandName: "giveup",
        abstract: "Give up the exercise and see its solution (it comes back for review soon)."
    )
    public static let usage = "giveup [SLUG [N]] [--yes]"
    public static let completion: ArgumentCompletion? = .skill

    @OptionGroup public var target: ExerciseTarget

    @Flag(help: "Do not ask for a confirmation.")
    public var yes = false

    @Flag(help: "Print the result as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}


    public var needs: Needs { .learner }

    public enum Result: CommandResult {
        case solution(ExerciseSolution)
        case confirm(Question)

        public var question: Question? {
            if case .confirm(let question) = self { return question }
            return nil
        }

        public func encode(to encoder: any Encoder) throws {
            if case .solution(let solution) = self { try solution.encode(to: encoder) }
        }
    }

    public func run(in context: CommandContext) throws -> Result {
        let found = try context.exercise(skill: target.skill, number: target.number)
        if found.state.finished { return .solution(ExerciseSolution(found.exercise, context: context, gaveUp: false)) }
        guard yes else {
            return .confirm(.confirm("Give up exercise \(found.exercise.number) of \(found.exercise.skill) and see its solution? It comes back for review soon.",
                                     then: try Self.for(found.exercise, ["--yes"])))
        }
        let recorded = try found.practice.giveUp(found.exercise)
        return .solution(ExerciseSolution(found.exercise, context: context, gaveUp: true, due: recorded.due))
    }
}
