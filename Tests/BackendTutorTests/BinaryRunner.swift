import Foundation
import Testing

/// Runs the built `backend-tutor` as a learner's shell would, with a clean environment.
struct BinaryRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable SwiftPM built beside the test bundle.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["BACKEND_TUTOR_BINARY"] { return URL(fileURLWithPath: path) }
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("backend-tutor")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/backend-tutor")
    }

    var home: URL
    var environment: [String: String]

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("tutor-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        environment = [
            "HOME": home.path,
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "BACKEND_TUTOR_CONTENT": Self.repository.path,
        ]
    }

    /// Runs the tutor (or `executable`) with `arguments`. `user` runs it as another account
    /// (through runuser, when the tests run as root), which then owns the home folder.
    func run(_ arguments: [String], stdin: Data = Data(), extraEnvironment: [String: String] = [:], executable: String? = nil,
             as user: String? = nil, chownHome: Bool = true) throws -> Result {
        let process = Process()
        let environment = self.environment.merging(extraEnvironment) { $1 }
        if let user {
            if chownHome { try chown(user) }
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", user, "--", "/usr/bin/env"] + environment.map { "\($0.key)=\($0.value)" } + [executable ?? Self.binary.path] + arguments
        } else {
            process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? Self.binary
            process.arguments = arguments
        }
        process.environment = environment
        process.currentDirectoryURL = home
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes while the process runs, so a full pipe never blocks it.
        nonisolated(unsafe) var out = Data(), err = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { out = output.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err = error.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        try input.fileHandleForWriting.write(contentsOf: stdin)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Gives `folder` (the home, by default) and everything in it to `user`.
    func chown(_ user: String, _ folder: URL? = nil) throws {
        let chown = Process()
        chown.executableURL = URL(fileURLWithPath: "/bin/chown")
        chown.arguments = ["-R", user, (folder ?? home).path]
        try chown.run()
        chown.waitUntilExit()
    }

    func run(_ arguments: String..., stdin: String = "") throws -> Result {
        try run(arguments, stdin: Data(stdin.utf8))
    }
}
