/// Everything a learner can ask for, whichever way they typed it.
public enum Command: Hashable, Sendable {
    /// Every command with one line each, or one command's full help.
    case help(topic: String?)
    /// Every skill, grouped by area.
    case skills
    /// One skill in full.
    case skill(slug: String)
    /// Validate every content file.
    case lint
    /// Leave the REPL.
    case quit
    /// Show a path (`backend`), setting it up on first use, or open a skill's next lesson.
    case learn(target: String?, stack: Stack?, from: Level?)
    /// Finish what is open and open the next item.
    case next
    /// Open the item before the current one.
    case back
    /// Mark the open item, or a skill or project, done.
    case done(item: String?)
    /// Skip the open item, or a skill or project.
    case skip(item: String?)
    /// Open one lesson of a skill, by number or title.
    case goto(skill: String, lesson: String)
    /// Set one skill or project back to not started, or every item (`all`).
    case reset(item: String?, all: Bool, confirmed: Bool)
    /// Where the learner stands.
    case progress
    /// Show or change the learner's stack.
    case stack(Stack?)
    /// Write every profile's progress as JSON.
    case export
    /// Merge a progress export into this database.
    case importProgress(path: String)
    /// List, show, start or check off projects.
    case projects(ProjectsAction)
    /// Two to four stacks or technologies side by side; `diff` hides rows that agree.
    case compare([String], diff: Bool)
    /// The checklists, or one of them.
    case practices(String?)
    /// Ask `count` questions of a skill (the one being studied when nil).
    case quiz(skill: String?, count: Int)
    /// Go through the review cards that are due, or list them.
    case review(list: Bool)
    /// Full-text search over the whole curriculum.
    case search(String)
    /// Open result `n` (from 1) of the last search.
    case open(Int)
    /// Write a synthetic curriculum for the benchmarks.
    case benchCorpus(directory: String, skills: Int, lessons: Int)
}

public enum ProjectsAction: Hashable, Sendable {
    /// Every project, or one level's.
    case list(Level?)
    case show(String)
    case start(String)
    /// Tick milestone `number` (from 1), or untick it with `undo`.
    case check(String, number: Int, undo: Bool)
}

/// A command with the options that shape how its result is shown.
public struct Invocation: Hashable, Sendable {
    public var command: Command
    public var json: Bool
    public var settings: GlobalSettings

    public init(command: Command, json: Bool = false, settings: GlobalSettings = GlobalSettings()) {
        self.command = command
        self.json = json
        self.settings = settings
    }
}

/// Options every command accepts.
public struct GlobalSettings: Hashable, Sendable {
    public var noColor = false
    public var noPager = false
    public var contentDirectory: String?
    /// The progress database; nil means `$XDG_DATA_HOME/backend-tutor/progress.sqlite`.
    public var database: String?
    /// The learner's profile; nil means the default one.
    public var profile: String?

    public init(noColor: Bool = false, noPager: Bool = false, contentDirectory: String? = nil, database: String? = nil, profile: String? = nil) {
        self.noColor = noColor
        self.noPager = noPager
        self.contentDirectory = contentDirectory
        self.database = database
        self.profile = profile
    }
}
