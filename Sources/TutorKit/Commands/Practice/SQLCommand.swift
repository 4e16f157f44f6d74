import ArgumentParser
import Foundation

/// `sql [SLUG]`: an SQL prompt on a skill's dataset, in a throwaway in-memory database.
public struct SQLCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Query a skill's dataset at an SQL prompt (SQLite in memory; nothing is saved).",
        discussion: """
        sql                    the dataset of the exercise in hand, or of the open skill
        sql SLUG               a skill's dataset, or a dataset by name (shop)
        sql SLUG -e "SQL"      runs SQL and prints the result, without a prompt
        At the prompt a statement ends with ; and may span lines. .tables lists the tables,
        .schema [TABLE] shows how they were created, .quit (or /quit, Ctrl-D) leaves.
        """
    )
    public static let usage = "sql [SLUG] [-e SQL]"
    public static let completion: ArgumentCompletion? = .skill
    /// Rows of a result the prompt shows; the rest are counted.
    static let shownRows = 50

    @Argument(help: "A skill with exercises on a dataset, or a dataset's name.", completion: .custom(ShellCompletion.skills))
    public var target: String?

    @Option(name: [.customShort("e"), .customLong("execute")], help: ArgumentHelp("Run this SQL and print the result.", valueName: "sql"))
    public var execute: String?

    @Flag(help: "Print the result as JSON (with -e).")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func validate() throws {
        if json, execute == nil { throw ValidationError("--json goes with -e: sql SLUG -e \"SELECT …\" --json") }
    }

    public var needs: Needs { Needs(.catalog, .preferred) }
    public var looksOnly: Bool { true }

    public func run(in context: CommandContext) throws -> SQLReply {
        let name = try datasetName(context)
        let dataset = try context.catalog.loadDataset(name)
        let sandbox: SQLSandbox
        do {
            sandbox = try dataset.sandbox()
        } catch {
            throw ContentError.invalid([ContentProblem(file: Dataset.folder(name), line: error.line ?? 1, field: "seed.sql", message: error.message)])
        }
        sandbox.rowLimit = Self.shownRows
        let box = SandboxBox(sandbox)
        if let execute {
            return Self.answer(execute, box: box, dataset: name, ask: false)
        }
        return SQLReply(dataset: name, body: .opened(tables: sandbox.tables()), question: Self.question(box: box, dataset: name))
    }

    private func datasetName(_ context: CommandContext) throws -> String {
        let names = context.catalog.datasetNames
        if let target {
            if names.contains(target) { return target }
            let skill = try context.metadata(target)
            guard context.catalog.hasExercises(skill.slug), let dataset = try context.catalog.loadExercises(skill.slug).dataset else {
                throw CommandError.usage("\(skill.slug) has no SQL dataset; the datasets are \(names.joined(separator: ", "))")
            }
            return dataset
        }
        if let store = context.store, let profile = try? store.existingProfile(named: context.profileName) {
            var skills: [String] = []
            if let key = try store.setting(.currentExercise, for: profile) { skills.append(String(key.prefix { $0 != "/" })) }
            if let slug = profile.currentItem?.skillSlug { skills.append(slug) }
            for slug in skills where context.catalog.hasExercises(slug) {
                if let dataset = try? context.catalog.loadExercises(slug).dataset { return dataset }
            }
        }
        guard let first = names.contains("shop") ? "shop" : names.first else {
            throw ContentError.missing(file: "Content/datasets", what: "the curriculum has no dataset")
        }
        return first
    }

    static func question(box: SandboxBox, dataset: String) -> Question {
        var question = Question(kind: .sql, prompt: "SQL on \(dataset), ending with ; (.tables, .schema TABLE, .quit)") { line, _, _ in
            let reply = answer(line, box: box, dataset: dataset, ask: true)
            return .reply(Reply(result: reply))
        }
        question.label = "sql"
        question.words = box.sandbox.completionWords()
        question.needsMore = SQLSandbox.continues
        return question
    }

    static func answer(_ line: String, box: SandboxBox, dataset: String, ask: Bool) -> SQLReply {
        let text = line.trimmedWhitespace
        let next = ask ? question(box: box, dataset: dataset) : nil
        let sandbox = box.sandbox
        if text.hasPrefix(".") || text.hasPrefix("/") {
            let words = text.dropFirst().split(separator: " ").map(String.init)
            let word = words.first?.lowercased() ?? ""
            if QuizRunner.quitWords.contains(word) { return SQLReply(dataset: dataset, body: .left, question: nil) }
            switch word {
            case "tables": return SQLReply(dataset: dataset, body: .tables(sandbox.tables()), question: next)
            case "schema":
                let table = words.count > 1 ? words[1].trimmingCharacters(in: CharacterSet(charactersIn: ";")) : nil
                let statements = sandbox.schema(of: table)
                if statements.isEmpty, let table {
                    return SQLReply(dataset: dataset, body: .failure(SQLFailure(message: "no table named \(table); .tables lists them")), question: next)
                }
                return SQLReply(dataset: dataset, body: .schema(statements), question: next)
            case "help": return SQLReply(dataset: dataset, body: .help, question: next)
            default:
                return SQLReply(dataset: dataset, body: .failure(SQLFailure(message: "\(text.prefix(20)) is not a command here: .tables, .schema [TABLE], .help, .quit")), question: next)
            }
        }
        if text.isEmpty { return SQLReply(dataset: dataset, body: .results([]), question: next) }
        let (results, failure) = sandbox.runAll(line)
        return SQLReply(dataset: dataset, body: .results(results, failure: failure), question: next)
    }
}

/// The sandbox a `/sql` prompt keeps between statements: only the REPL's one thread uses it.
final class SandboxBox: @unchecked Sendable {
    let sandbox: SQLSandbox
    init(_ sandbox: SQLSandbox) { self.sandbox = sandbox }
}

/// What one line at the SQL prompt gave.
public struct SQLReply: CommandResult {
    public enum Body: Sendable {
        case opened(tables: [String])
        /// The statements' results; when one failed, the results before it and why.
        case results([SQLResult], failure: SQLFailure? = nil)
        case failure(SQLFailure)
        case tables([String])
        case schema([String])
        case help
        case left
    }
    public var dataset: String
    public var body: Body
    public var question: Question?

    public var status: ExitStatus {
        switch body {
        case .failure, .results(_, failure: _?): return .failure
        default: return .success
        }
    }

    private enum CodingKeys: String, CodingKey { case dataset, results, error, tables, schema }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dataset, forKey: .dataset)
        switch body {
        case .opened(let tables), .tables(let tables): try container.encode(tables, forKey: .tables)
        case .results(let results, let failure):
            try container.encode(results, forKey: .results)
            try container.encodeIfPresent(failure, forKey: .error)
        case .failure(let failure): try container.encode(failure, forKey: .error)
        case .schema(let statements): try container.encode(statements, forKey: .schema)
        case .help, .left: break
        }
    }
}
