import CEditLine
import Foundation
import TutorKit
#if canImport(Glibc)
import Glibc
#endif

/// Set by the SIGINT handler, so a NULL from readline() can be told from end of input.
nonisolated(unsafe) private var interrupted: sig_atomic_t = 0

/// The interactive tutor: a loop of reading a line and running it as the shell would run it.
struct REPL {
    let session: Session

    func run() -> ExitStatus {
        session.terminal.stdinIsTerminal ? interactive() : scripted()
    }

    private var welcome: Output {
        let context = session.replContext
        let count = context?.catalog.skills.count ?? 0
        var blocks: [OutputBlock] = [
            .document(Document([
                .paragraph([.strong([.text("backend-tutor \(TutorVersion.current)")]), .text(": learn backend development, level by level, offline.")]),
                .paragraph([.code("/next"), .text(" continues the path, "), .code("/skill"), .text(" browses the \(count) skills, "), .code("/progress"), .text(" shows where you stand, "), .code("/help"), .text(" lists every command, "), .code("/quit"), .text(" leaves.")]),
            ])),
        ]
        if let context, let resume = Welcome.resumeLine(in: context) { blocks.append(.notice(.info, resume)) }
        let due = context.map(Welcome.dueCount) ?? 0
        if due > 0 { blocks.append(.notice(.info, "\(due) review card\(due == 1 ? " is" : "s are") due: /review goes through them.")) }
        return Output(blocks)
    }

    /// Lines from a pipe or file: no prompt, no history; fails if any line failed. A question
    /// takes the next line as its answer.
    private func scripted() -> ExitStatus {
        var status = ExitStatus.success
        while let line = readLine(strippingNewline: true) {
            switch handle(line, allowPager: false, ask: { _ in readLine(strippingNewline: true) }) {
            case .quit: return status
            case .failed(let code): status = code
            case .ok: break
            }
        }
        return status
    }

    private func interactive() -> ExitStatus {
        session.show(welcome, allowPager: false)
        Terminal.write("\n", to: .output)
        let history = History(directory: session.environment.stateDirectory)
        if let problem = history.problem { session.terminal.warning(problem, settings: session.settings) }
        history.load()
        Completion.install(catalog: session.replContext?.catalog)
        installInterruptHandler()
        let color = session.terminal.outputColor(session.settings)
        // libedit cannot show a prompt its locale cannot encode (it crashes on one): ASCII then.
        let mark = session.terminal.unicode ? "›" : ">"
        let prompt = Style(bold: true, color: .cyan).prompt("tutor" + mark, color: color) + " "
        let answerPrompt = Style(bold: true, color: .yellow).prompt("answer" + mark, color: color) + " "
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
                return .success
            }
            let line = String(decoding: Data(bytes: raw, count: strlen(raw)), as: UTF8.self)
            free(raw)
            if !line.trimmingCharacters(in: .whitespaces).isEmpty { history.add(line) }
            if case .quit = handle(line, allowPager: true, ask: ask) { return .success }
        }
    }

    private enum LineResult { case ok, failed(ExitStatus), quit }

    private func handle(_ line: String, allowPager: Bool, ask: (Question) -> String?) -> LineResult {
        do {
            guard let outcome = try CommandParser.parse(line: line) else { return .ok }
            switch outcome {
            case .run(let command):
                if command is QuitCommand { return .quit }
                let status = session.run(command, allowPager: allowPager, ask: ask)
                return status == .success ? .ok : .failed(status)
            case .exit(let message, let status):
                Terminal.write(message.hasSuffix("\n") ? message : message + "\n", to: status == .success ? .output : .error)
                return status == .success ? .ok : .failed(status)
            case .startREPL:
                return .ok
            }
        } catch {
            session.fail(error)
            return .failed(ErrorReport.status(of: error))
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

/// REPL history in `$XDG_STATE_HOME/backend-tutor/history`, readable by its owner only, never
/// written through a symbolic link, and appended to (two tutors open at once both keep theirs).
struct History {
    let directory: URL
    var file: URL { directory.appendingPathComponent("history") }

    /// Why history is not kept, when it cannot be: said once at the start.
    var problem: String? {
        PrivateFiles.isSymbolicLink(file.path) ? "\(file.path) is a symbolic link; history is not saved (backend-tutor never writes through a link)" : nil
    }

    func load() {
        stifle_history(1_000)
        if problem == nil, FileManager.default.fileExists(atPath: file.path) { read_history(file.path) }
    }

    func add(_ line: String) {
        add_history(line)
        guard problem == nil else { return }
        do {
            try PrivateFiles.createDirectory(directory)
            try PrivateFiles.createFile(file.path)
            append_history(1, file.path)
            history_truncate_file(file.path, 1_000)
        } catch {
            // History is a convenience: a read-only state directory must not stop the lesson.
        }
    }
}
