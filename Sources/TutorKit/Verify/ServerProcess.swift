import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The learner's server, started by `projects verify --run`: `sh -c COMMAND` in a process group
/// of its own with `PORT` set, its output kept (the last lines), and the whole group stopped
/// at the end (SIGTERM, then SIGKILL after 3 seconds), whatever happens.
public final class ServerProcess: ServerControl, @unchecked Sendable {
    public let command: String
    public let port: Int
    public let directory: URL
    public let environment: [String: String]
    public let startupTimeout: Double
    private let client: HTTPClient
    private let lock = NSLock()
    private var lines: [String] = []
    private var partial = ""
    private var pid: pid_t = 0
    /// Whether the command was ever started: its output, or that it wrote none, means something.
    public private(set) var started = false
    private var reader: Thread?
    /// Signalled when the output pipe reaches its end: everything the server wrote has been taken.
    private let drained = DispatchSemaphore(value: 0)

    /// The most lines of output kept.
    static let keptLines = 200

    public init(command: String, port: Int, directory: URL, environment: [String: String], startupTimeout: Double, client: HTTPClient) {
        self.command = command
        self.port = port
        self.directory = directory
        self.environment = environment
        self.startupTimeout = startupTimeout
        self.client = client
    }

    deinit { stop() }

    /// A free port on 127.0.0.1, as the kernel hands one out, and never one this process was
    /// given before: the port is free only until someone binds it, and the kernel may hand the
    /// same one to two callers in a row, whose servers would then share one listener.
    public static func freePort() -> Int? {
        for _ in 0..<64 {
            guard let fd = Loopback.bind(port: 0) else { return nil }
            let port = Loopback.port(of: fd)
            close(fd)
            guard let port else { return nil }
            if handedOutLock.withLock({ handedOut.insert(port).inserted }) { return port }
        }
        return nil
    }

    private static let handedOutLock = NSLock()
    nonisolated(unsafe) private static var handedOut: Set<Int> = []

    /// The last `count` lines the server wrote, on either stream.
    public func lastLines(_ count: Int = 15) -> [String] {
        // A stopped server may have written its last lines a moment before: wait (briefly) for
        // the reader to reach the pipe's end first. A running one is not waited for.
        if reader != nil, lock.withLock({ pid == 0 }), drained.wait(timeout: .now() + 2) == .success { drained.signal() }
        return lock.withLock { Array((lines + (partial.isEmpty ? [] : [partial])).suffix(count)) }
    }

    /// Starts the server and waits until its port accepts connections. The reason when it
    /// does not: it exited, or the port stayed closed for the whole startup timeout.
    public func start(interrupted: () -> Bool = { false }) -> String? {
        // A port something already listens on would have the checks run against that instead.
        if client.accepts() { return "something else already listens on port \(port): stop it, or choose another port with --port" }
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { return "cannot make a pipe for its output" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 2)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        var environment = self.environment
        environment["PORT"] = String(port)
        // The shell changes to the folder itself, then runs the command as typed.
        let arguments = ["/bin/sh", "-c", "cd -- \"$0\" || exit 70; eval \"$1\"", directory.path, command]
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        var spawned: Int32 = 0
        // Its own process group, so stopping it stops what it started.
        Spawn.withCleanSignals(flags: POSIX_SPAWN_SETPGROUP) { attributes in
            posix_spawnattr_setpgroup(&attributes, 0)
            spawned = posix_spawn(&child, "/bin/sh", &actions, &attributes, argv, envp)
        }
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            return "cannot start /bin/sh: \(String(cString: strerror(spawned)))"
        }
        lock.withLock { pid = child }
        started = true
        let output = pipe[0]
        let thread = Thread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 8192)
            while true {
                let count = read(output, &buffer, buffer.count)
                if count > 0 {
                    self?.take(String(decoding: buffer[0..<count], as: UTF8.self))
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(output)
            self?.drained.signal()
        }
        thread.start()
        reader = thread
        let deadline = Date().addingTimeInterval(startupTimeout)
        while Date() < deadline {
            if interrupted() { return "stopped by Ctrl-C" }
            if client.accepts() { return nil }
            var status: Int32 = 0
            if waitpid(child, &status, WNOHANG) == child {
                lock.withLock { pid = 0 }
                let code = (status & 0x7F) == 0 ? "exited with status \((status >> 8) & 0xFF)" : "was killed by signal \(status & 0x7F)"
                return "the server \(code) before it listened on port \(port)"
            }
            usleep(100_000)
        }
        return "nothing listened on port \(port) within \(HTTPFailure.seconds(startupTimeout)) (--startup-timeout sets the wait; does the server read PORT?)"
    }

    private func take(_ text: String) {
        lock.withLock {
            let pieces = (partial + text).split(separator: "\n", omittingEmptySubsequences: false)
            partial = String(pieces.last ?? "")
            lines += pieces.dropLast().map { Sanitizer.clean(String($0)) }
            if lines.count > Self.keptLines { lines.removeFirst(lines.count - Self.keptLines) }
        }
    }

    /// Stops the whole process group: SIGTERM, then SIGKILL after 3 seconds.
    public func stop() {
        let group = lock.withLock { () -> pid_t in
            let current = pid
            pid = 0
            return current
        }
        guard group > 0 else { return }
        kill(-group, SIGTERM)
        let deadline = Date().addingTimeInterval(3)
        var status: Int32 = 0
        var done = false
        while Date() < deadline {
            if waitpid(group, &status, WNOHANG) == group { done = true }
            // The shell may be gone while what it started still runs: wait for the group.
            if done, kill(-group, 0) != 0 { return }
            usleep(50_000)
        }
        kill(-group, SIGKILL)
        if !done { waitpid(group, &status, 0) }
    }

    public func restart() -> String? {
        stop()
        return start()
    }
}

/// A TCP socket bound to 127.0.0.1: the verifier's free ports and the upstream service it plays.
enum Loopback {
    /// A socket bound to `port` (0: any free one); nil when it cannot be bound.
    static func bind(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// The port a bound socket has.
    static func port(of fd: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return named == 0 ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }
}
