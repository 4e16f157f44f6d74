import Foundation

/// Finds the curriculum: `--content`, `$BACKEND_TUTOR_CONTENT`, the nearest ancestor of the
/// executable or of the working directory holding `Content/` and `Skills/`, or the installed copy.
public struct ContentLocator: Sendable {
    public var environment: TutorEnvironment

    public init(environment: TutorEnvironment) { self.environment = environment }

    public func locate(explicit: String?) throws(LocateError) -> URL {
        if let explicit = explicit ?? environment.value("BACKEND_TUTOR_CONTENT") {
            let url = URL(fileURLWithPath: explicit, relativeTo: environment.workingDirectory).standardizedFileURL
            guard Self.holdsContent(url) else {
                throw .notACurriculum(path: explicit)
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
        throw .notFound(searched: searched)
    }

    static func holdsContent(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("Skills").path, isDirectory: &isDir) && isDir.boolValue
            && FileManager.default.fileExists(atPath: url.appendingPathComponent("Content").path, isDirectory: &isDir) && isDir.boolValue
    }
}

/// Why no curriculum could be found.
public enum LocateError: Error, Equatable, Sendable {
    /// `--content` or `$BACKEND_TUTOR_CONTENT` names a folder without `Skills/` and `Content/`.
    case notACurriculum(path: String)
    /// None of the usual places holds a curriculum.
    case notFound(searched: [String])

    public var message: String {
        switch self {
        case .notACurriculum(let path):
            "\(Sanitizer.clean(path)): not a curriculum folder: it needs Skills/ (and Content/) inside"
        case .notFound(let searched):
            "no curriculum found (a folder holding Content/ and Skills/); looked in: \(searched.map(Sanitizer.clean).joined(separator: ", ")). Pass --content DIR or set BACKEND_TUTOR_CONTENT."
        }
    }
}
