import ArgumentParser
import Foundation

/// `cohort ACTION`: a class on one PostgreSQL server. The grammar and help live here, with the
/// other commands; the work is done by `backend-tutor-cohort`, which the tutor runs, so that the
/// PostgreSQL client never weighs on the tutor's own start-up.
public struct CohortCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "A class on PostgreSQL: join, sync your progress, a teacher's report.",
        discussion: """
        cohort create NAME     (teacher) a cohort; prints its join code
        cohort join CODE       join a cohort; your progress syncs with it from now on
        cohort sync            send your new work, get your other machines' work
        cohort status          the cohort you are in, and what waits to be sent
        cohort leave           leave the cohort; your progress stays here
        cohort report [CODE]   (teacher) per learner and per lesson; --json, --csv
        cohort setup           (database owner, once) the server's roles and tables

        The server: --cohort-url postgres://ROLE@HOST:PORT/DATABASE, or PGHOST,
        PGPORT, PGUSER and PGDATABASE. The password: PGPASSWORD or ~/.pgpass
        (PGPASSFILE), never the command line. TLS is required for any host but
        this machine. Once you have joined, a command that changes your progress
        starts a sync in the background, at most once a minute; studying never
        waits for it.
        """
    )
    public static let usage = "cohort ACTION"
    public static let completion: ArgumentCompletion? = .cohort

    public enum Action: String, CaseIterable, Codable, Sendable, ExpressibleByArgument {
        case create, join, sync, status, leave, report, setup
    }

    @Argument(help: "create, join, sync, status, leave, report or setup.")
    public var action: Action

    @Argument(help: "The cohort's name (create) or join code (join, report).")
    public var words: [String] = []

    @Option(name: .customLong("cohort-url"), help: ArgumentHelp("The server: postgres://ROLE@HOST:PORT/DATABASE (no password; default: PGHOST, PGUSER…).", valueName: "url"))
    public var cohortURL: String?

    /// Passed on to backend-tutor-cohort, which prints the JSON; the tutor itself prints nothing.
    @Flag(name: .customLong("json"), help: "Print the result as JSON.")
    public var asJSON = false

    @Flag(help: "With report: the per-learner table as CSV.")
    public var csv = false

    @Flag(help: "With sync: print nothing unless it fails (what runs after each command uses it).")
    public var quiet = false

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds to wait for the server to answer (default 5).", valueName: "seconds"))
    public var connectTimeout: Int = 5

    @OptionGroup public var global: GlobalOptions

    public init() {}

    public func validate() throws {
        switch action {
        case .create:
            guard !name.isEmpty else { throw ValidationError("usage: cohort create NAME, the name your learners will see") }
            guard name.count <= 100 else { throw ValidationError("a cohort's name is at most 100 characters") }
        case .join:
            guard words.count == 1 else { throw ValidationError("usage: cohort join CODE, with the code your teacher gave you") }
        case .report:
            guard words.count <= 1 else { throw ValidationError("usage: cohort report [CODE] [--json | --csv]") }
        case .sync, .status, .leave, .setup:
            guard words.isEmpty else { throw ValidationError("usage: cohort \(action.rawValue) takes no other words") }
        }
        if csv, action != .report { throw ValidationError("--csv goes with report: cohort report --csv") }
        if csv, asJSON { throw ValidationError("choose one of --json and --csv") }
        if quiet, action != .sync { throw ValidationError("--quiet goes with sync: cohort sync --quiet") }
        guard (1...120).contains(connectTimeout) else { throw ValidationError("--connect-timeout is a number of seconds from 1 to 120") }
    }

    /// The cohort's name, as typed after `create`.
    public var name: String { words.joined(separator: " ").trimmingCharacters(in: .whitespaces) }

    /// The arguments that give `backend-tutor-cohort` this same command, on the database and
    /// profile this run resolved (the REPL's own `--db` and `--profile` included).
    public func arguments(database: URL?, profile: String?) -> [String] {
        var arguments = [action.rawValue] + words
        if let cohortURL { arguments += ["--cohort-url", cohortURL] }
        if asJSON { arguments.append("--json") }
        if csv { arguments.append("--csv") }
        if quiet { arguments.append("--quiet") }
        if connectTimeout != 5 { arguments += ["--connect-timeout", String(connectTimeout)] }
        let settings = global.settings
        if settings.noColor { arguments.append("--no-color") }
        if let content = settings.contentDirectory { arguments += ["--content", content] }
        if let database = database?.path ?? settings.database { arguments += ["--db", database] }
        if let profile = profile ?? settings.profile { arguments += ["--profile", profile] }
        return arguments
    }

    /// The cohort program does its own loading and printing.
    public var needs: Needs { Needs(.none, .none) }

    public struct Result: CommandResult, TextView {
        public var exitStatus: ExitStatus
        public var status: ExitStatus { exitStatus }
        public func blocks(in view: ViewContext) -> [OutputBlock] { [] }
        public func encode(to encoder: any Encoder) throws {}
    }

    public func run(in context: CommandContext) throws -> Result {
        let program = try CohortProgram.locate(environment: TutorEnvironment.current())
        return Result(exitStatus: try CohortProgram.run(program, arguments: arguments(database: context.files?.database, profile: context.profileName)))
    }
}
