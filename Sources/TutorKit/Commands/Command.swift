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

    public init(noColor: Bool = false, noPager: Bool = false, contentDirectory: String? = nil) {
        self.noColor = noColor
        self.noPager = noPager
        self.contentDirectory = contentDirectory
    }
}
