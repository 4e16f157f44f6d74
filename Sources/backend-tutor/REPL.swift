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

    private var welcome: Output {
        let count = session.tutor.catalog.skills.count
        var blocks: [OutputBlock] = [
            .document(Document([
                .paragraph([.strong([.text("backend-tutor \(TutorVersion.current)")]), .text(": learn backend development, level by level, offline.")]),
                .paragraph([.code("/next"), .text(" continues the path, "), .code("/skill"), .text(" browses the \(count) skills, "), .code("/progress"), .text(" shows where you stand, "), .code("/help"), .text(" lists every command, "), .code("/quit"), .text(" leaves.")]),
            ])),
        ]
        if let resume = session.tutor.resumeLine() { blocks.append(.notice(.info, resume)) }
        let due = session.tutor.dueCount()
        if due > 0 { blocks.append(.notice(.info, "\(due) review card\(due == 1 ? " is" : "s are") due: /review goes through them.")) }
        return Output(blocks)
    }

    /// Lines from a pipe or file: no prompt, no history; fails if any line failed. A question
    /// takes the next line as its answer.
    private func scripted() -> Int32 {
        var status: Int32 = 0
        while let line = readLine(strippingNewline: true) {
            switch handle(line, allowPager: false, ask: { _ in readLine(strippingNewline: true) }) {
            case .quit: return status
            case .failed(let code): status = code
            case .ok: break
            }
        }
        return status
    }

    private func interactive() -> Int32 {
        session.show(welcome, allowPager: false)
        Terminal.write("\n", to: .output)
        let history = History(directory: session.environment.stateDirectory)
        history.load()
        Completion.install(tutor: session.tutor)
        installInterruptHandler()
        let color = session.terminal.renderOptions(session.settings).color
        let prompt = color ? "\u{1}\u{1B}[1;36m\u{2}tutor›\u{1}\u{1B}[0m\u{2} " : "tutor› "
        let answerPrompt = color ? "\u{1}\u{1B}[1;33m\u{2}answer›\u{1}\u{1B}[0m\u{2} " : "answer› "
        let ask: (Question) -> String? = { _ in
            interrupted = 0
            guard let raw = readline(answerPrompt) else { return nil }
            defer { free(raw) }
            return String(decoding: Data(bytes: raw, count: strlen(raw)), as: UTF8.self)
        }
        // The tutor opens at the path: the first time it asks for a stack, later it shows where you are.
        _ = handle("/learn backend", allowPager: false, ask: ask)
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
            if case .quit = handle(line, allowPager: true, ask: ask) { return 0 }
        }
    }

    private enum LineResult { case ok, failed(Int32), quit }

    private func handle(_ line: String, allowPager: Bool, ask: (Question) -> String?) -> LineResult {
        do {
            guard let outcome = try CommandParser.parse(line: line) else { return .ok }
            switch outcome {
            case .run(let invocation):
                if invocation.command == .quit { return .quit }
                let status = session.runAsking(invocation, allowPager: allowPager, ask: ask)
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
