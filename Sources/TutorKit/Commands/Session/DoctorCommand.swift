import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `doctor`: checks the content, the progress database, the cache and the history, fixes what it
/// can, and says what it did.
public struct DoctorCommand: TutorCommand {
    public static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the curriculum, progress, cache and history; fix what can be fixed.",
        discussion: """
        Runs SQLite's full integrity check on the progress database (a damaged one is kept aside \
        and a fresh one started, as at start-up) and on the content cache (a damaged one is \
        rebuilt), lints the curriculum, and makes the tutor's folders and files private again. \
        Exits 0 when everything is sound or was fixed, 65 when the curriculum has problems, \
        1 when something is left that it cannot fix.
        """
    )
    public static let usage = "doctor"

    @Flag(help: "Print the checks as JSON.")
    public var json = false

    @OptionGroup public var global: GlobalOptions

    public init() {}

    /// Nothing is opened for it: it opens each file itself, so that it can look at one that the
    /// tutor would refuse.
    public var needs: Needs { Needs(.folder, .none) }

    public struct Check: Codable, Hashable, Sendable {
        public enum Outcome: String, Codable, Hashable, Sendable { case ok, fixed, problem }
        public var subject: String
        public var outcome: Outcome
        public var detail: String
    }

    public struct Result: CommandResult {
        public var checks: [Check]
        /// Whether the curriculum itself has errors (lint's, exit 65).
        public var contentErrors: Bool

        public var status: ExitStatus {
            if contentErrors { return .dataError }
            return checks.contains { $0.outcome == .problem } ? .failure : .success
        }

        public func encode(to encoder: any Encoder) throws { try checks.encode(to: encoder) }
    }

    public func run(in context: CommandContext) throws -> Result {
        var checks: [Check] = []
        let problems = Linter(root: context.catalog.root, today: context.now).run()
        let errors = problems.filter { $0.severity == .error }.count, warnings = problems.count - errors
        checks.append(Check(subject: "curriculum", outcome: errors > 0 ? .problem : .ok,
                            detail: "\(context.catalog.root.path): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
                                + (problems.isEmpty ? "" : "; backend-tutor lint lists them")))
        guard let files = context.files else { return Result(checks: checks, contentErrors: errors > 0) }
        checks += database(files.database, now: context.now)
        checks += cache(files, root: context.catalog.root)
        checks += history(files.history)
        return Result(checks: checks, contentErrors: errors > 0)
    }

    private func database(_ url: URL, now: Date) -> [Check] {
        var checks: [Check] = []
        // Only the tutor's own folder is made private, not one a --db path happens to be in.
        let folder = url.deletingLastPathComponent()
        if folder.lastPathComponent == "backend-tutor" { checks += privacy(of: folder.path, mode: 0o700, subject: "progress folder") }
        guard FileManager.default.fileExists(atPath: url.path) || PrivateFiles.isSymbolicLink(url.path) else {
            return checks + [Check(subject: "progress", outcome: .ok, detail: "\(url.path) does not exist yet: nothing is recorded")]
        }
        if PrivateFiles.isSymbolicLink(url.path) {
            return checks + [Check(subject: "progress", outcome: .problem, detail: "\(url.path) is a symbolic link; move the file it points to there, or pass --db with its real path")]
        }
        checks += privacy(of: url.path, mode: 0o600, subject: "progress file")
        let integrity = ProgressStore.integrityCheck(at: url)
        if integrity != "ok" {
            do {
                let kept = try ProgressStore.keepAside(url, now: now)
                checks.append(Check(subject: "progress", outcome: .fixed,
                                    detail: "\(url.path) failed the integrity check (\(String((integrity ?? "not an SQLite database").prefix(200)))): it is kept as \(kept), and a fresh one starts on the next command"))
            } catch {
                checks.append(Check(subject: "progress", outcome: .problem, detail: error.message))
            }
            return checks
        }
        do {
            let (store, _) = try ProgressStore.open(at: url, now: now)
            let profiles = try store.profiles()
            checks.append(Check(subject: "progress", outcome: .ok, detail: "\(url.path): sound, schema version \(ProgressStore.schemaVersion), \(profiles.count) profile\(profiles.count == 1 ? "" : "s")"))
        } catch {
            checks.append(Check(subject: "progress", outcome: .problem, detail: error.message))
        }
        return checks
    }

    private func cache(_ files: FileLocations, root: URL) -> [Check] {
        var checks = privacy(of: files.cacheDirectory.path, mode: 0o700, subject: "cache folder")
        let file = ContentCache.fileURL(directory: files.cacheDirectory, root: root)
        var rebuilt = false
        if FileManager.default.fileExists(atPath: file.path), ProgressStore.integrityCheck(at: file) != "ok" {
            ContentCache.remove(file)
            rebuilt = true
        }
        let (cache, notice) = ContentCache.open(directory: files.cacheDirectory, root: root, build: files.build)
        let loaded = cache.catalog(root: root)
        do {
            try cache.ensureIndex(loaded.catalog)
        } catch {
            return checks + [Check(subject: "cache", outcome: .problem, detail: error.message)]
        }
        if let notice, cache.url == nil {
            checks.append(Check(subject: "cache", outcome: .problem, detail: notice))
        } else if rebuilt || notice != nil {
            checks.append(Check(subject: "cache", outcome: .fixed, detail: "\(file.path) was damaged; it was deleted and built anew"))
        } else {
            checks.append(Check(subject: "cache", outcome: .ok, detail: "\(file.path): sound, \(loaded.rebuilt ? "rebuilt for the current content" : "up to date")"))
        }
        return checks
    }

    private func history(_ url: URL) -> [Check] {
        if PrivateFiles.isSymbolicLink(url.path) {
            return [Check(subject: "history", outcome: .problem, detail: "\(url.path) is a symbolic link, so history is not saved; remove the link to keep history again")]
        }
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return privacy(of: url.path, mode: 0o600, subject: "history")
    }

    /// Makes a file or folder readable by its owner only, saying so when it was not.
    private func privacy(of path: String, mode: mode_t, subject: String) -> [Check] {
        var info = stat()
        guard lstat(path, &info) == 0 else { return [] }
        let current = info.st_mode & 0o777
        guard current & 0o077 != 0 else { return [] }
        guard chmod(path, mode) == 0 else {
            return [Check(subject: subject, outcome: .problem, detail: "\(path) has mode \(String(current, radix: 8)) and cannot be made private: \(String(cString: strerror(errno)))")]
        }
        return [Check(subject: subject, outcome: .fixed, detail: "\(path) was readable by others (mode \(String(current, radix: 8))); it is now \(String(mode, radix: 8))")]
    }
}
