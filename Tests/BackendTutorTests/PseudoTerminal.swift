import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `backend-tutor` in a real pseudo-terminal, as a learner at a terminal meets it:
/// the tutor sees a tty on all three streams, with a window size, and is the session's
/// foreground process, so Ctrl-C typed on the terminal reaches it as SIGINT. Every wait has a
/// deadline, and the tutor's whole process group is killed when the terminal goes away.
final class PseudoTerminal {
    let master: Int32
    let process: Process
    private(set) var output = Data()

    enum Failure: Error, CustomStringConvertible {
        case system(String)
        case timeout(waitingFor: String, saw: String)

        var description: String {
            switch self {
            case .system(let what): "pseudo-terminal: \(what) failed: \(String(cString: strerror(errno)))"
            case .timeout(let wanted, let saw): "timed out waiting for \(wanted); the screen so far:\n\(saw)"
            }
        }
    }

    /// Starts the tutor at `columns` by `rows` with `arguments`, in `runner`'s home and environment.
    init(_ runner: BinaryRunner, arguments: [String] = [], columns: Int = 80, rows: Int = 24, environment extra: [String: String] = [:]) throws {
        // Linux's pty multiplexer, as posix_openpt, unlockpt and ptsname use it. The two ioctl
        // numbers are _IOW('T', 0x31, int) and _IOR('T', 0x30, unsigned), macros Swift cannot import.
        let lock: UInt = 0x4004_5431, number: UInt = 0x8004_5430
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlocked: Int32 = 0, index: UInt32 = 0
        guard master >= 0, ioctl(master, lock, &unlocked) == 0, ioctl(master, number, &index) == 0 else {
            throw Failure.system("/dev/ptmx")
        }
        let slavePath = "/dev/pts/\(index)"
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else { throw Failure.system("TIOCSWINSZ") }
        let slave = FileHandle(forUpdatingAtPath: slavePath)
        guard let slave else { throw Failure.system("open \(slavePath)") }
        process = Process()
        // setsid --ctty makes the tutor a session leader with this terminal as its controlling
        // terminal, in the foreground: the terminal's Ctrl-C and window changes reach it.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["--ctty", BinaryRunner.binary.path] + arguments
        var environment = runner.environment.merging(["TERM": "xterm-256color"]) { $1 }
        for (key, value) in extra { environment[key] = value.isEmpty ? nil : value }
        process.environment = environment
        process.currentDirectoryURL = runner.home
        process.standardInput = slave
        process.standardOutput = slave
        process.standardError = slave
        try process.run()
        try slave.close()
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if process.isRunning { kill(-process.processIdentifier, SIGKILL) }
        close(master)
    }

    /// Everything the tutor has written, as text.
    var text: String { String(decoding: output, as: UTF8.self) }

    /// The text with escape sequences and carriage returns removed.
    var plain: String { Self.plain(text) }

    static func plain(_ text: String) -> String {
        var result = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\u{1B}" {
                guard let next = iterator.next() else { break }
                if next == "[" {
                    while let c = iterator.next(), !(0x40...0x7E).contains(c.value) {}
                } else if next == "]" {
                    var previous: Unicode.Scalar = " "
                    while let c = iterator.next(), !(c == "\u{7}" || (previous == "\u{1B}" && c == "\\")) { previous = c }
                }
            } else if scalar != "\r", scalar != "\u{1}", scalar != "\u{2}" {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Reads whatever the tutor wrote, for up to `seconds`.
    func drain(for seconds: Double = 0.2) {
        let end = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < end {
            var pollfd = Glibc.pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&pollfd, 1, 20) > 0 else { continue }
            let count = read(master, &buffer, buffer.count)
            if count > 0 { output.append(contentsOf: buffer[0..<count]) } else if count == 0 || errno != EAGAIN { return }
        }
    }

    /// Waits until the plain text after `offset` contains `wanted`; returns what came after `offset`.
    @discardableResult
    func wait(for wanted: String, after offset: Int = 0, timeout: Double = 10) throws -> String {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            drain(for: 0.05)
            let seen = String(plain.dropFirst(offset))
            if seen.contains(wanted) { return seen }
            if !process.isRunning {
                drain(for: 0.1)
                let last = String(plain.dropFirst(offset))
                if last.contains(wanted) { return last }
                break
            }
        }
        throw Failure.timeout(waitingFor: wanted, saw: String(plain.suffix(2_000)))
    }

    /// Types `text` as keystrokes: `\r` is Enter, `\u{3}` Ctrl-C, `\u{4}` Ctrl-D.
    func type(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(master, &bytes, bytes.count)
    }

    /// Changes the window's size, as resizing the terminal does (the tutor gets SIGWINCH).
    func resize(columns: Int, rows: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// Waits for the tutor to end; nil when it did not within `timeout` (it is then killed).
    func exitStatus(timeout: Double = 10) -> (status: Int32, signalled: Bool)? {
        let end = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < end { drain(for: 0.05) }
        guard !process.isRunning else {
            kill(-process.processIdentifier, SIGKILL)
            return nil
        }
        drain(for: 0.05)
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal)
    }
}
