import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `backend-tutor-cohort`, the program that talks to the cohort's server: found next to the
/// running tutor, then on `PATH`.
public enum CohortProgram {
    public static let name = "backend-tutor-cohort"

    /// The program's path, or an error that says how to get it.
    public static func locate(environment: TutorEnvironment) throws(CohortError) -> String {
        var candidates: [String] = []
        if let executable = environment.executable?.resolvingSymlinksInPath() {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent(name).path)
        }
        for folder in (environment.value("PATH") ?? "").split(separator: ":") where !folder.isEmpty {
            candidates.append(String(folder) + "/" + name)
        }
        if let found = candidates.first(where: { access($0, X_OK) == 0 }) { return found }
        throw .unreachable("cohort mode needs \(name), which is neither next to backend-tutor nor on PATH: `make build` builds it beside a tutor built with `make run`, and `make install` installs both")
    }

    /// Runs the program with the terminal as its own and waits for it; its exit status.
    public static func run(_ program: String, arguments: [String]) throws(CohortError) -> ExitStatus {
        var child = pid_t()
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&child, program, nil, nil, argv, environ)
        guard spawned == 0 else {
            throw .unreachable("could not start \(program): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 {
            guard errno == EINTR else { return .failure }
        }
        if status & 0x7f != 0 { return .interrupted }
        let code = (status >> 8) & 0xff
        return ExitStatus(rawValue: code) ?? .failure
    }

    /// Starts the program in the background, detached from the terminal (its own session, no
    /// standard streams), and does not wait for it: a sync after a command.
    @discardableResult
    public static func startDetached(_ program: String, arguments: [String]) -> Bool {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        var child = pid_t()
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var spawned: Int32 = 0
        // Its own session: Ctrl-C at the tutor and the terminal closing leave it to finish.
        Spawn.withCleanSignals(flags: Spawn.newSession) { attributes in
            spawned = posix_spawn(&child, program, &actions, &attributes, argv, environ)
        }
        guard spawned == 0 else { return false }
        // Reaped when it ends, so it never lingers as a zombie of a long REPL session.
        let started = child
        Thread.detachNewThread {
            var status: Int32 = 0
            while waitpid(started, &status, 0) < 0, errno == EINTR {}
        }
        return true
    }

    /// How often, at most, a command starts a sync in the background.
    public static let autoSyncInterval: TimeInterval = 60

    /// After a command that may have changed progress: when the profile is in a cohort and no
    /// sync was started in the last minute, starts one in the background with a short connect
    /// timeout. Never waits for it and never fails the command.
    public static func syncAfterCommand(store: ProgressStore, profileName: String, database: URL, environment: TutorEnvironment, now: Date) {
        guard (try? store.isInCohort(profileNamed: profileName)) == true,
              let profile = (try? store.existingProfile(named: profileName)) ?? nil,
              let program = try? locate(environment: environment),
              (try? store.claimAutoSync(profile, now: now, interval: autoSyncInterval)) ?? nil != nil else { return }
        startDetached(program, arguments: ["sync", "--quiet", "--connect-timeout", "3", "--db", database.path, "--profile", profileName])
    }
}
