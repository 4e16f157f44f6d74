import ArgumentParser
import Foundation

/// `check [SLUG [N]]`: grades an answer to an exercise, or runs an http exercise's check on the
/// learner's server.
public struct CheckCommand: ExerciseTargeted {
    public static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Grade your answer to the exercise, or check your server for an http exercise.",
        discussion: """
        check --answer TEXT        grades TEXT (a query, a letter, a short answer)
        check --file PATH          grades the query in a file
        check                      grades your last answer again, or runs an http exercise's check
        check --url URL            checks the server at URL (default http://127.0.0.1:8000; remembered)
        check --run "COMMAND"      starts your server with PORT set, checks it, stops it (remembered)
        In the REPL, an sql or answer exercise takes the answer at its own prompt.
        """
    )
    public static let usage = "check [SLUG [N]] [--answer TEXT]"
    public static let completion: ArgumentCompletion? = .skill

    @OptionGroup public var target: ExerciseTarget

    @Option(help: ArgumentHelp("The answer to grade.", valueName: "text"))
    public var answer: String?

    @Option(help: ArgumentHelp("A file holding the answer, such as query.sql.", valueName: "path"))
    public var file: String?

    @OptionGroup public var connection: ServerOptions

    @Flag(help: "Print the result as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}


    public func validate() throws {
        if answer != nil, file != nil { throw ValidationError("give the answer with --answer or --file, not both") }
    }

    public var needs: Needs { .learner }

    public func run(in context: CommandContext) throws -> CheckResult {
        let found = try context.exercise(skill: target.skill, number: target.number)
        let exercise = found.exercise
        let practice = found.practice
        let (store, profile) = (practice.store, practice.profile)
        try store.setSetting(.currentExercise, exercise.key, for: profile)
        var result = CheckResult(found)
        switch exercise.kind {
        case .http:
            if answer != nil || file != nil {
                throw CommandError.usage("an http exercise is checked on your server, not with an answer: start it and \(context.prefix)check (--url URL or --run \"COMMAND\")")
            }
            let run = try checkServer(exercise, context: context, store: store, profile: profile)
            result.address = run.address
            result.outcomes = run.outcomes
            result.serverOutput = run.output
            result.correct = !run.outcomes.isEmpty && run.outcomes.allSatisfy { $0.result == .passed }
        case .sql, .answer:
            let text = try givenAnswer(found, context: context)
            result.answer = text
            if exercise.kind == .sql {
                guard let name = found.set.dataset else { throw CommandError.usage("\(exercise.skill) names no dataset for its sql exercises") }
                let dataset = try context.catalog.loadDataset(name)
                let verdict: SQLGrader.Verdict
                do {
                    verdict = try SQLGrader.grade(text, exercise: exercise, dataset: dataset)
                } catch {
                    throw ContentError.invalid([ContentProblem(file: ExerciseReader.file(exercise.skill), line: 1, field: exercise.id, message: error.message)])
                }
                result.correct = verdict.correct
                result.reason = verdict.reason
                result.failure = verdict.failure
                // A state query's rows mean little to the learner: the reason says what differs.
                result.rows = exercise.sql?.state == nil ? verdict.result : nil
            } else if let question = exercise.question {
                switch Grader.grade(question, text) {
                case .correct: result.correct = true
                case .wrong: result.correct = false
                case .invalid(let hint):
                    result.notAnAnswer = hint
                    result.question = context.mode == .repl ? ExercisePrompt.question(for: exercise, in: found.set, catalog: context.catalog) : nil
                    return result
                }
                if result.correct { result.rightAnswer = Grader.rightAnswer(question) }
            }
        }
        let recorded = try practice.attempt(exercise, correct: result.correct, answer: result.answer)
        result.record(recorded, now: context.now, explanation: exercise.explanation, hintsLeft: exercise.hints.count - recorded.state.hints)
        if result.correct {
            result.next = try nextStep(after: found, context: context, store: store, profile: profile)
        } else if context.mode == .repl, !json {
            result.question = ExercisePrompt.question(for: exercise, in: found.set, catalog: context.catalog)
        }
        return result
    }

    /// The answer to grade: given now, or the last one given.
    private func givenAnswer(_ found: ExerciseInHand, context: CommandContext) throws -> String {
        let exercise = found.exercise
        if let answer { return answer }
        if let file {
            let url = URL(fileURLWithPath: file, relativeTo: context.workingDirectory)
            guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw CommandError.usage("cannot read \(file) (missing, no permission, or not UTF-8 text)")
            }
            return text
        }
        if let last = found.state.lastAnswer { return last }
        let how = exercise.kind == .sql ? "--answer 'SELECT …' or --file query.sql" : "--answer TEXT"
        throw CommandError.usage(context.mode == .repl
            ? "there is no answer to check yet: \(context.prefix)exercise asks for one"
            : "there is no answer to check yet: \(context.prefix)check \(how)")
    }

    /// Runs an http exercise's steps against the learner's server.
    private func checkServer(_ exercise: Exercise, context: CommandContext, store: ProgressStore, profile: Profile) throws -> (address: String, outcomes: [CriterionOutcome], output: [String]) {
        let command = try connection.run ?? (connection.url == nil ? store.setting(.exerciseCommand, for: profile) : nil)
        let url = try connection.url ?? (command == nil ? store.setting(.exerciseURL, for: profile) : nil)
        let address = try connection.address(url: url, command: command)
        if let given = connection.url {
            try store.setSetting(.exerciseURL, given, for: profile)
            try store.setSetting(.exerciseCommand, nil, for: profile)
        }
        if let run = connection.run { try store.setSetting(.exerciseCommand, run, for: profile) }
        var client = HTTPClient(host: address.host, port: address.port, timeout: connection.timeout)
        client.interrupted = { Interruption.happened }
        let project = exercise.checkProject
        return try Interruption.during {
            let server = try connection.launch(command, client: client, environment: ProcessInfo.processInfo.environment,
                                               directory: context.workingDirectory)
            defer { server?.stop() }
            let verifier = Verifier(project: project, client: client)
            verifier.interrupted = { Interruption.happened }
            let outcomes = verifier.verify(all: true)
            if Interruption.happened { throw VerifyError.interrupted }
            let failed = outcomes.contains { $0.result != .passed }
            return (client.address, outcomes, failed ? server?.lastLines() ?? [] : [])
        }
    }

    /// After a solve: the lesson's next unsolved exercise, or on along the path.
    private func nextStep(after found: ExerciseInHand, context: CommandContext, store: ProgressStore, profile: Profile) throws -> String {
        let states = try store.exerciseStates(skill: found.set.skill, for: profile)
        if let next = found.set.after(lesson: found.exercise.lessonNumber).first(where: { $0.number != found.exercise.number && states[$0.key]?.finished != true }) {
            return "\(context.prefix)exercise \(next.skill) \(next.number) is this lesson's next exercise; \(context.prefix)next goes on."
        }
        return "\(context.prefix)next goes on to the next lesson."
    }
}

/// What `check` found.
public struct CheckResult: CommandResult {
    public var skill: String
    public var number: Int
    public var id: String
    public var kind: Exercise.Kind
    public var correct = false
    /// Why the answer is wrong, in words.
    public var reason: String?
    /// Not an answer at all (an answer exercise's letter that names no choice): nothing was counted.
    public var notAnAnswer: String?
    public var answer: String?
    /// What the learner's query gave on the dataset.
    public var rows: SQLResult?
    public var failure: SQLFailure?
    public var address: String?
    public var outcomes: [CriterionOutcome] = []
    public var serverOutput: [String] = []
    public var rightAnswer: String?
    public var explanation: String?
    public var rating: Rating?
    public var due: Date?
    public var now = Date()
    public var solvedBefore = false
    public var attempts = 0
    public var hintsLeft = 0
    public var lesson: Int
    public var lessonTitle: String
    public var next: String?
    public var question: Question?

    init(_ found: ExerciseInHand) {
        skill = found.exercise.skill
        number = found.exercise.number
        id = found.exercise.id
        kind = found.exercise.kind
        lesson = found.exercise.lessonNumber
        lessonTitle = found.exercise.lesson
    }

    mutating func record(_ recorded: ExercisePractice.Recorded, now: Date, explanation: String, hintsLeft: Int) {
        rating = recorded.rating
        due = recorded.due
        self.now = now
        solvedBefore = recorded.solvedBefore
        attempts = recorded.state.attempts
        self.hintsLeft = max(hintsLeft, 0)
        if correct { self.explanation = explanation }
    }

    public var status: ExitStatus { correct ? .success : .failure }

    private enum CodingKeys: String, CodingKey {
        case skill, number, id, kind, correct, reason, notAnAnswer, rows, failure, address, outcomes, rating, due, attempts, hintsLeft, explanation, rightAnswer
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(skill, forKey: .skill)
        try container.encode(number, forKey: .number)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(correct, forKey: .correct)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(notAnAnswer, forKey: .notAnAnswer)
        try container.encodeIfPresent(rows, forKey: .rows)
        try container.encodeIfPresent(failure, forKey: .failure)
        try container.encodeIfPresent(address, forKey: .address)
        if kind == .http { try container.encode(outcomes, forKey: .outcomes) }
        try container.encodeIfPresent(rating?.name.lowercased(), forKey: .rating)
        try container.encodeIfPresent(due, forKey: .due)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(hintsLeft, forKey: .hintsLeft)
        try container.encodeIfPresent(explanation, forKey: .explanation)
        try container.encodeIfPresent(rightAnswer, forKey: .rightAnswer)
    }
}
