import CEditLine
import Foundation
import TutorKit
#if canImport(Glibc)
import Glibc
#endif

/// Set by the SIGINT handler, so a NULL from readline() can be told from end of input.
nonisolated(unsafe) private var interrupted: sig_atomic_t = 0

/// The interactive tutor: a loop of reading a line and running it through the same `execute`.
struct REPL {
    let session: Session

    func run() -> Int32 {
        session.terminal.stdinIsTerminal ? interactive() : scripted()
    }

    private var welcome: String {
        let count = session.tutor.catalog.skills.count
        let output = Output([
            .document(Document([
                .paragraph([.strong([.text("backend-tutor \(TutorVersion.current)")]), .text(": learn backend development, level by level, offline.")]),
                .paragraph([.text("Type "), .code("/skill"), .text(" to browse the \(count) skills, "), .code("/skill SLUG"), .text(" to study one, "), .code("/help"), .text(" for every command, "), .code("/quit"), .text(" to leave.")]),
            ])),
        ])
        return TerminalRenderer(options: session.terminal.renderOptions(session.settings)).render(output) + "\n"
    }

    /// Lines from a pipe or file: no prompt, no history; fails if any line failed.
    private func scripted() -> Int32 {
        var status: Int32 = 0
        while let line = readLine(strippingNewline: true) {
            switch handle(line, allowPager: false) {
            case .quit: return status
            case .failed(let code): status = code
            case .ok: break
            }
        }
        return status
    }

    private func interactive() -> Int32 {
        Terminal.write(welcome, to: .output)
        let history = History(directory: session.environment.stateDirectory)
        history.load()
        Completion.install(tutor: session.tutor)
        installInterruptHandler()
        let prompt = session.terminal.renderOptions(session.settings).color ? "\u{1}\u{1B}[1;36m\u{2}tutor›\u{1}\u{1B}[0m\u{2} " : "tutor› "
        while true {
            interrupted = 0
            guard let raw = readline(prompt) else {
                if interrupted != 0 {
                    // Ctrl-C: drop the line, keep the session.
                    Terminal.write("\n", to: .output)
                    continue
                }
                Terminal.write("\n", to: .output)
                return 0
            }
            let line = String(decoding: Data(bytes: raw, count: strlen(raw)), as: UTF8.self)
            free(raw)
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { history.add(line) }
            if case .quit = handle(line, allowPager: true) { return 0 }
        }
    }

    private enum LineResult { case ok, failed(Int32), quit }

    private func handle(_ line: String, allowPager: Bool) -> LineResult {
        do {
            guard let outcome = try CommandParser.parse(line: line) else { return .ok }
            switch outcome {
            case .run(let invocation):
                if invocation.command == .quit { return .quit }
                let status = session.run(invocation, allowPager: allowPager)
                return status == 0 ? .ok : .failed(status)
            case .exit(let message, let status):
                Terminal.write(message.hasSuffix("\n") ? message : message + "\n", to: status == 0 ? .output : .error)
                return status == 0 ? .ok : .failed(status)
            case .startREPL:
                return .ok
            }
        } catch {
            session.terminal.error(error.message(in: .repl), settings: session.settings)
            return .failed(error.exitCode)
        }
    }

    private func installInterruptHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in interrupted = 1 }
        sigemptyset(&action.sa_mask)
        // No SA_RESTART: the interrupted read returns, so readline() gives the line up.
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }
}

/// REPL history in `$XDG_STATE_HOME/backend-tutor/history`, readable by its owner only.
struct History {
    let directory: URL
    var file: URL { directory.appendingPathComponent("history") }

    func load() {
        stifle_history(1_000)
        if FileManager.default.fileExists(atPath: file.path) { read_history(file.path) }
    }

    func add(_ line: String) {
        add_history(line)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if !FileManager.default.fileExists(atPath: file.path) {
                let fd = open(file.path, O_CREAT | O_WRONLY, 0o600)
                if fd >= 0 { close(fd) }
            }
            write_history(file.path)
            chmod(file.path, 0o600)
        } catch {
            // History is a convenience: a read-only state directory must not stop the lesson.
        }
    }
}
