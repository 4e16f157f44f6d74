import ArgumentParser

struct QuizVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Quiz a skill; each answer becomes a review card.",
        discussion: "Answer by letter (several for multiple choice, in any order), t or f, or a short text. /skip passes a question, /quit ends the quiz and keeps what you answered, /rate again|hard|good|easy changes the last rating."
    )

    @Argument(help: "The skill; with none, the one you are studying.", completion: .custom(SkillCompletion.candidates))
    var skill: String?

    @Option(help: "How many questions.")
    var count = 5

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        guard (1...50).contains(count) else { throw ValidationError("--count takes 1 to 50") }
        return Invocation(command: .quiz(skill: skill, count: count), settings: global.settings)
    }
}

struct ReviewVerb: VerbCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review the cards that FSRS-6 says are due."
    )

    @Flag(help: "List the due cards instead of reviewing them.")
    var list = false

    @Flag(help: "With --list, print the cards as JSON.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func invocation() throws -> Invocation {
        if json, !list { throw ValidationError("--json goes with --list: review --list --json") }
        return Invocation(command: .review(list: list), json: json, settings: global.settings)
    }
}
