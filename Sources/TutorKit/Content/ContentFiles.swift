import Foundation

/// File-system access for content, with problems reported instead of thrown.
enum ContentFiles {
    static func skillFolders(in root: URL) -> [String] {
        let skillsDir = root.appendingPathComponent("Skills")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: skillsDir.path)) ?? []
        return names.filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: skillsDir.appendingPathComponent(name).path, isDirectory: &isDir) && isDir.boolValue
        }.sorted()
    }

    static func markdownFiles(in root: URL, folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
    }

    /// The slugs of the Markdown files in a folder: `Content/projects/todo-api.md` gives `todo-api`.
    static func slugs(in root: URL, folder: String) -> [String] {
        markdownFiles(in: root, folder: folder).map { String($0.dropLast(3)) }
    }

    /// The file's text with its facts filled in, or nil with a problem when it is missing or not UTF-8.
    static func read(_ url: URL, relative: String, sink: ProblemSink, facts: Facts) -> String? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            sink.report(1, "file", "cannot be read (missing, or no permission)")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            sink.report(1, "file", "is not valid UTF-8 text")
            return nil
        }
        return facts.substitute(text, sink: sink)
    }
}
