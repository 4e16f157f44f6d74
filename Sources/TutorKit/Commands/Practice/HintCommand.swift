import ArgumentParser
import Foundation

/// `hint [SLUG [N]]`: one more hint for the exercise, from a nudge to nearly the answer.
public struct HintCommand: ExerciseTargeted {
    public static let configuration = CommandConfiguration(
        commandName: "hint",
        abstract: "Show the exercise's next hint (a solve with hints is reviewed sooner)."
    )
    public static let usage = "hint [SLUG [N]]"
    public static let completion: ArgumentCompletion? = .skill

    @OptionGroup public var target: ExerciseTarget

    @Flag(help: "Print the result as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}


    public var needs: Needs { .learner }

    public struct Result: CommandResult {
        public var skill: String
        public var exercise: Int
        /// The hints shown so far, the new one last.
        public var hints: [String]
        public var total: Int
        /// Whether this call showed a new hint (false when every hint was already shown).
        public var new: Bool
        public var solved: Bool
        public var question: Question?

        private enum CodingKeys: String, CodingKey { case skill, exercise, hints, total, new, solved }
    }

    public func run(in context: CommandContext) throws -> Result {
        let found = try context.exercise(skill: target.skill, number: target.number)
        let exercise = found.exercise
        let (shown, state) = try found.practice.hint(exercise)
        return Result(skill: exercise.skill, exercise: exercise.number, hints: Array(exercise.hints.prefix(shown)), total: exercise.hints.count,
                      new: shown > found.state.hints, solved: state.solved,
                      question: context.mode == .repl && !json && !state.solved ? ExercisePrompt.question(for: exercise, in: found.set, catalog: context.catalog) : nil)
    }
}
