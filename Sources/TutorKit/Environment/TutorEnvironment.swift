import Foundation

/// What the tutor needs from the world outside it; tests build their own.
public struct TutorEnvironment: Sendable {
    /// The variables a test gives; nil for the process's own, which are read one at a time:
    /// ProcessInfo's dictionary of them all cost 0.9 million instructions of every command.
    private let variables: [String: String]?
    public var workingDirectory: URL
    /// The running executable, when known.
    public var executable: URL?

    public init(variables: [String: String], workingDirectory: URL, executable: URL?) {
        self.init(given: variables, workingDirectory: workingDirectory, executable: executable)
    }

    private init(given variables: [String: String]?, workingDirectory: URL, executable: URL?) {
        self.variables = variables
        self.workingDirectory = workingDirectory
        self.executable = executable
    }

    /// The real process's environment.
    public static func current() -> TutorEnvironment {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")).map { URL(fileURLWithPath: $0) }
            ?? CommandLine.arguments.first.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }
        return TutorEnvironment(
            given: nil,
            workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            executable: exe?.standardizedFileURL)
    }

    /// A variable's value; an empty one counts as unset.
    public func value(_ name: String) -> String? {
        guard let value = variables.map({ $0[name] }) ?? getenv(name).map({ String(cString: $0) }), !value.isEmpty else { return nil }
        return value
    }

    public var home: URL {
        URL(fileURLWithPath: value("HOME") ?? NSHomeDirectory())
    }

    private func xdg(_ name: String, default relative: String) -> URL {
        if let path = value(name), path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        return home.appendingPathComponent(relative)
    }

    /// `$XDG_STATE_HOME/backend-tutor`: REPL history.
    public var stateDirectory: URL { xdg("XDG_STATE_HOME", default: ".local/state").appendingPathComponent("backend-tutor") }
    /// `$XDG_DATA_HOME/backend-tutor`: the progress database.
    public var dataDirectory: URL { xdg("XDG_DATA_HOME", default: ".local/share").appendingPathComponent("backend-tutor") }
    /// `$XDG_CACHE_HOME/backend-tutor`: caches that are safe to delete.
    public var cacheDirectory: URL { xdg("XDG_CACHE_HOME", default: ".cache").appendingPathComponent("backend-tutor") }

    /// What identifies the running build, for caches that must not outlive it.
    public var build: BuildIdentity { BuildIdentity(executable: executable) }

    /// Whether colour is allowed at all, before asking whether output is a terminal.
    public var allowsColor: Bool {
        value("NO_COLOR") == nil && value("TERM") != "dumb"
    }
}
