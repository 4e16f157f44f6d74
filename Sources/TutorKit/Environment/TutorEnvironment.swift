import Foundation

/// What the tutor needs from the world outside it; tests build their own.
public struct TutorEnvironment: Sendable {
    public var variables: [String: String]
    public var workingDirectory: URL
    /// The running executable, when known.
    public var executable: URL?

    public init(variables: [String: String], workingDirectory: URL, executable: URL?) {
        self.variables = variables
        self.workingDirectory = workingDirectory
        self.executable = executable
    }

    /// The real process's environment.
    public static func current() -> TutorEnvironment {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")).map { URL(fileURLWithPath: $0) }
            ?? CommandLine.arguments.first.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) }
        return TutorEnvironment(
            variables: ProcessInfo.processInfo.environment,
            workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            executable: exe?.standardizedFileURL)
    }

    /// A variable's value; an empty one counts as unset.
    public func value(_ name: String) -> String? {
        guard let value = variables[name], !value.isEmpty else { return nil }
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

    /// Whether colour is allowed at all, before asking whether output is a terminal.
    public var allowsColor: Bool {
        value("NO_COLOR") == nil && value("TERM") != "dumb"
    }
}

/// Finds the curriculum: `--content`, `$BACKEND_TUTOR_CONTENT`, the nearest ancestor of the
/// executable or of the working directory holding `Content/` and `Skills/`, or the installed copy.
public struct ContentLocator: Sendable {
    public var environment: TutorEnvironment

    public init(environment: TutorEnvironment) { self.environment = environment }

    public func locate(explicit: String?) throws(TutorError) -> URL {
        if let explicit = explicit ?? environment.value("BACKEND_TUTOR_CONTENT") {
            let url = URL(fileURLWithPath: explicit, relativeTo: environment.workingDirectory).standardizedFileURL
            guard Self.holdsContent(url) else {
                throw .io(path: explicit, reason: "not a curriculum folder: it needs Skills/ (and Content/) inside")
            }
            return url
        }
        var searched: [String] = []
        var starts: [URL] = []
        if let exe = environment.executable { starts.append(exe.deletingLastPathComponent()) }
        starts.append(environment.workingDirectory)
        for start in starts {
            var dir = start.standardizedFileURL
            while true {
                if Self.holdsContent(dir) { return dir }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
            searched.append("\(start.path) and its parents")
        }
        if let exe = environment.executable {
            let installed = exe.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/backend-tutor")
            if Self.holdsContent(installed) { return installed }
            searched.append(installed.path)
        }
        throw .contentNotFound(searched: searched)
    }

    static func holdsContent(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("Skills").path, isDirectory: &isDir) && isDir.boolValue
            && FileManager.default.fileExists(atPath: url.appendingPathComponent("Content").path, isDirectory: &isDir) && isDir.boolValue
    }
}
