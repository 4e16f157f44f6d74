import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("hostile files, concurrent processes and failures, run as a learner meets them")
struct ReliabilityEndToEndTests {
    let tutor: BinaryRunner

    init() throws { tutor = try BinaryRunner() }

    var database: String { tutor.home.appendingPathComponent("progress.sqlite").path }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    @Test("file and folder names from content never reach the terminal as escape sequences")
    func sanitisedWarnings() throws {
        let root = tutor.home.appendingPathComponent("hostile")
        let evil = "bad\u{1B}]0;owned\u{7}\u{1B}[2J\u{9B}31m"
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Skills/\(evil)"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content"), withIntermediateDirectories: true)
        try "---\ntitle: x\n---\n".write(to: root.appendingPathComponent("Skills/\(evil)/SKILL.md"), atomically: true, encoding: .utf8)
        for arguments in [["skill", "--content", root.path], ["lint", "--content", root.path], ["import", "/no/\(evil)"], ["progress", "--db", "/dev/null/\(evil)/p.sqlite"]] {
            let result = try tutor.run(arguments)
            for stream in [result.stdout, result.stderr] {
                #expect(!stream.contains("\u{1B}") && !stream.contains("\u{7}") && !stream.contains("\u{9B}"), "\(arguments[0]): \(stream.debugDescription)")
            }
            #expect(result.stderr.contains("bad") || result.stdout.contains("bad"), "\(arguments[0]) still names the file")
        }
    }

    @Test("eight processes building the search cache at once all get their results")
    func concurrentCache() throws {
        let group = DispatchGroup()
        let statuses = Mutex<[Int32]>([])
        for _ in 0..<8 {
            group.enter()
            DispatchQueue.global().async {
                let result = try? tutor.run(["search", "idempotent", "retries", "--json"])
                statuses.withLock { $0.append(result?.status ?? -1) }
                group.leave()
            }
        }
        #expect(group.wait(timeout: .now() + 120) == .success)
        #expect(statuses.withLock { $0 } == Array(repeating: 0, count: 8))
    }

    @Test("a cache damaged inside its pages is replaced, and searches go on")
    func damagedCache() throws {
        #expect(try tutor.run(["search", "idempotent"]).status == 0)
        let folder = tutor.home.appendingPathComponent(".cache/backend-tutor")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".sqlite") })
        let url = folder.appendingPathComponent(file)
        var bytes = try Data(contentsOf: url)
        for offset in stride(from: 8_192, to: bytes.count, by: 4_096 * 7) { bytes.replaceSubrange(offset..<min(offset + 200, bytes.count), with: Data(repeating: 0xFF, count: min(200, bytes.count - offset))) }
        try bytes.write(to: url)
        for _ in 0..<3 {
            let result = try tutor.run(["search", "idempotent"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Search: idempotent"))
        }
    }

    @Test("a cache this user cannot write is replaced by one in memory, with one line saying so")
    func unwritableCache() throws {
        #expect(try tutor.run(["search", "idempotent"]).status == 0)
        let folder = tutor.home.appendingPathComponent(".cache/backend-tutor")
        let result: BinaryRunner.Result
        if getuid() == 0 {
            // Root writes anything; the learner here is another user, who owns the home but not the cache.
            try tutor.chown("nobody")
            try tutor.chown("root", folder.deletingLastPathComponent())
            result = try tutor.run(["search", "caching"], as: "nobody", chownHome: false)
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: folder.path)
            for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
                try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: folder.appendingPathComponent(file).path)
            }
            result = try tutor.run(["search", "caching"])
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Search: caching"))
        #expect(result.stderr.components(separatedBy: "\n").filter { $0.contains("keeps it in memory") }.count == 1)
    }

    @Test("in the REPL, a cache folder that cannot be written is said once, and a search's results still open")
    func unwritableCacheInREPL() throws {
        let blocked = tutor.home.appendingPathComponent("blocked")
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: true)
        // A file where the cache folder should be: no user, root included, can write under it.
        try Data().write(to: blocked.appendingPathComponent("backend-tutor"))
        let result = try tutor.run([], stdin: Data("/search idempotent\n/search retries\n/open 1\n/quit\n".utf8),
                                   extraEnvironment: ["XDG_CACHE_HOME": blocked.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Search: retries"))
        #expect(!result.stderr.contains("search first") && !result.stdout.contains("search first"), "the last search is kept for /open")
        #expect(result.stderr.components(separatedBy: "\n").filter { $0.contains("keeps it in memory") }.count == 1, "\(result.stderr)")
    }

    @Test("the data folder is 0700 and the database 0600, whatever the umask")
    func privateFiles() throws {
        let data = tutor.home.appendingPathComponent("data")
        let result = try tutor.run(["-c", "umask 000; exec \"$0\" \"$@\"", BinaryRunner.binary.path, "learn", "backend", "--stack", "go"],
                                   extraEnvironment: ["XDG_DATA_HOME": data.path], executable: "/bin/sh")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(mode(data.appendingPathComponent("backend-tutor").path) == 0o700)
        #expect(mode(data.appendingPathComponent("backend-tutor/progress.sqlite").path) == 0o600)
    }

    @Test("a database reached through a symbolic link is refused, and nothing is written through it")
    func symlinkedDatabase() throws {
        let target = tutor.home.appendingPathComponent("elsewhere.sqlite")
        try Data().write(to: target)
        let link = tutor.home.appendingPathComponent("link.sqlite")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let result = try tutor.run(["learn", "backend", "--stack", "go", "--db", link.path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("is a symbolic link"))
        #expect(try Data(contentsOf: target).isEmpty)
    }

    @Test("another program's SQLite database is refused and left exactly as it was")
    func foreignDatabase() throws {
        let queue = try DatabaseQueue(path: database)
        try queue.write { try $0.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let result = try tutor.run(["progress", "--db", database])
        #expect(result.status == 74)
        #expect(result.stderr.contains("is an SQLite database of another program"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }

    @Test("the fresh database started after a corrupt one was kept aside is private too")
    func freshAfterCorrupt() throws {
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: database))
        chmod(database, 0o644)
        let result = try tutor.run(["learn", "backend", "--stack", "go", "--db", database])
        #expect(result.status == 0)
        #expect(mode(database) == 0o600)
    }

    @Test("a newer schema is refused whichever marker says so, user_version included")
    func newerUserVersion() throws {
        #expect(try tutor.run(["learn", "backend", "--stack", "go", "--db", database]).status == 0)
        let queue = try DatabaseQueue(path: database)
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 99") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let result = try tutor.run(["next", "--db", database])
        #expect(result.status == 1)
        #expect(result.stderr.contains("written by a newer backend-tutor"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }

    /// Changes one key inside the item-status index without touching the table, the kind of damage
    /// `PRAGMA quick_check` does not see.
    func corruptIndex() throws {
        let queue = try DatabaseQueue(path: database)
        let (pageSize, root) = try queue.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA page_size")!,
             try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'itemStatus'")!)
        }
        try queue.close()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        let page = (root - 1) * pageSize
        let key = Data("lesson:http-fundamentals/1".utf8)
        let found = try #require(bytes.range(of: key, in: page..<(page + pageSize)))
        bytes[found.upperBound - 1] = UInt8(ascii: "9")
        try bytes.write(to: URL(fileURLWithPath: database))
    }

    @Test("an index that disagrees with its table is found after a crash and kept aside, never used")
    func indexCorruptionAfterCrash() throws {
        #expect(try tutor.run(["learn", "backend", "--stack", "go", "--from", "beginner", "--db", database]).status == 0)
        #expect(try tutor.run(["next", "--db", database]).status == 0)
        try corruptIndex()
        #expect(try tutor.run(["progress", "--db", database]).status == 0, "quick_check alone does not see it")
        // What a killed process leaves: a write-ahead log with frames in it.
        try Data(repeating: 0, count: 4_096).write(to: URL(fileURLWithPath: database + "-wal"))
        let result = try tutor.run(["progress", "--db", database])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("was not a usable progress database: it is kept as"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tutor.home.path).contains { $0.hasPrefix("progress.sqlite.corrupt-") })
    }

    @Test("doctor runs the full check, keeps a damaged database aside and makes files private again")
    func doctor() throws {
        #expect(try tutor.run(["learn", "backend", "--stack", "go", "--from", "beginner", "--db", database]).status == 0)
        #expect(try tutor.run(["next", "--db", database]).status == 0)
        let sound = try tutor.run(["doctor", "--db", database])
        #expect(sound.status == 0, "\(sound.stdout)\(sound.stderr)")
        #expect(sound.stdout.contains("Everything is sound."))
        chmod(database, 0o644)
        try corruptIndex()
        let fixed = try tutor.run(["doctor", "--db", database, "--json"])
        #expect(fixed.status == 0)
        let checks = try #require(try JSONSerialization.jsonObject(with: Data(fixed.stdout.utf8)) as? [[String: String]])
        #expect(checks.contains { $0["subject"] == "progress file" && $0["outcome"] == "fixed" && $0["detail"]!.contains("mode 644") })
        #expect(checks.contains { $0["subject"] == "progress" && $0["outcome"] == "fixed" && $0["detail"]!.contains("failed the integrity check") })
        #expect(try tutor.run(["progress", "--db", database]).status == 0, "a fresh database starts")
    }

    @Test("a piped script whose answer was refused exits non-zero, even when a later answer is taken")
    func refusedAnswerFails() throws {
        let result = try tutor.run(["--db", database], stdin: Data("/learn backend\ncobol\npython\nbeginner\n".utf8))
        #expect(result.stderr.contains("'cobol' is not a stack"))
        #expect(result.stdout.contains("Starting at the beginning."))
        #expect(result.status == 64)
    }

    @Test("a quiz whose answers cannot be saved ends non-zero")
    func unsavedAnswers() throws {
        #expect(try tutor.run(["learn", "backend", "--stack", "go", "--from", "beginner", "--db", database]).status == 0)
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["quiz", "http-fundamentals", "--count", "2", "--db", database]
        process.environment = tutor.environment
        process.currentDirectoryURL = tutor.home
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Once the first question is asked, another process takes the write lock and keeps it
        // past the tutor's 5-second wait: the answer cannot be saved. (The questions come in a
        // random order: the answer is one the prompt takes: true, or a letter, which is also a short answer.)
        var seen = Data()
        let deadline = Date().addingTimeInterval(20)
        while !String(decoding: seen, as: UTF8.self).contains("›"), Date() < deadline {
            seen.append(output.fileHandleForReading.availableData)
        }
        let answer = String(decoding: seen, as: UTF8.self).contains("answer t or f") ? "t\n" : "a\n"
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: database, configuration: configuration)
        try holder.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        try input.fileHandleForWriting.write(contentsOf: Data(answer.utf8))
        try input.fileHandleForWriting.close()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try holder.inDatabase { try $0.execute(sql: "ROLLBACK") }
        #expect(String(decoding: stderr, as: UTF8.self).contains("could not save progress"))
        #expect(process.terminationStatus == 74)
    }
}

/// A value guarded by a lock, for tests that gather results from several threads.
final class Mutex<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}
