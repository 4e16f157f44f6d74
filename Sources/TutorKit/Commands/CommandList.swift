/// Every command, once, in the order `/help` lists them. The shell's and the REPL's parsers,
/// help, Tab completion and the completion scripts all derive from this list: a command that is
/// not here does not exist anywhere.
public enum CommandList {
    public static let all: [any TutorCommand.Type] = [
        LearnCommand.self, NextCommand.self, BackCommand.self, DoneCommand.self, SkipCommand.self, GotoCommand.self,
        ProgressCommand.self, SkillCommand.self, SearchCommand.self, OpenCommand.self,
        ExerciseCommand.self, CheckCommand.self, HintCommand.self, SolutionCommand.self, GiveUpCommand.self, SQLCommand.self,
        QuizCommand.self, ReviewCommand.self,
        ProjectsCommand.self, VerifyCommand.self, CompareCommand.self, PracticesCommand.self, StackCommand.self, ResetCommand.self,
        ExportCommand.self, ImportCommand.self, CohortCommand.self, LintCommand.self, DoctorCommand.self, HelpCommand.self, QuitCommand.self, BenchCorpusCommand.self,
    ]

    /// The commands `/help` lists.
    public static var listed: [any TutorCommand.Type] { all.filter { $0.configuration.shouldDisplay } }

    /// The names `/help` lists, for suggestions and completion.
    public static var names: [String] { listed.map { $0.name } }

    /// The command called `name`, or with `name` as an alias.
    public static func command(named name: String) -> (any TutorCommand.Type)? {
        all.first { $0.name == name || $0.configuration.aliases.contains(name) }
    }
}
