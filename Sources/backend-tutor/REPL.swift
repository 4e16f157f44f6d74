import CEditLine
import Foundation
import TutorKit
import TutorLine
#if canImport(Glibc)
import Glibc
#endif

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
            switch handle(line, allowPager: false, ask: { _ in readLine(strippingNewline: true).map { .line($0) } ?? .end }) {
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
        // Before anything of libedit's runs: its first call reads the key reader once.
        tutor_line_install(session.environment.value("TERM") == "dumb" ? 0 : 1)
        let history = History(directory: session.environment.stateDirectory)
        if let problem = history.problem { session.terminal.warning(problem, settings: session.settings) }
        history.load()
        Completion.install(catalog: session.replContext?.catalog)
        let color = session.terminal.outputColor(session.settings)
        // libedit cannot show a prompt its locale cannot encode (it crashes on one): ASCII then.
        let mark = session.terminal.unicode ? "›" : ">"
        let prompt = Style(bold: true, color: .cyan).prompt("tutor" + mark, color: color) + " "
        let ask: (Question) -> Session.Answer = { question in
            Completion.sqlWords = question.words.isEmpty ? nil : question.words
            defer { Completion.sqlWords = nil }
            let answer = Self.read(Style(bold: true, color: .yellow).prompt(question.label + mark, color: color) + " ")
            if case .line(let line) = answer, !line.trimmingCharacters(in: .whitespaces).isEmpty { history.add(line) }
            return answer
        }
        // The tutor opens at the path: the first time it asks for a stack, later it shows where you are.
        if case .quit = handle("/learn backend", allowPager: false, ask: ask) { return .success }
        while true {
            switch Self.read(prompt) {
            case .interrupted:
                // Ctrl-C: drop the line, keep the session.
                continue
            case .end:
                return .success
            case .line(let line):
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { history.add(line) }
                if case .quit = handle(line, allowPager: true, ask: ask) { return .success }
            }
        }
    }

    /// Reads a line at `prompt`. Whatever ends it, the cursor is at the start of a new line
    /// after it, so nothing that follows is glued to the prompt.
    private static func read(_ prompt: String) -> Session.Answer {
        guard let raw = tutor_line_read(prompt) else {
            if tutor_line_interrupted() != 0 {
                Terminal.write("\n", to: .output)
                return .interrupted(typed: tutor_line_keys() > 0)
            }
            // libedit writes the Ctrl-D that ended input as `^D`: step back over it and clear it.
            Terminal.write(tutor_line_last_key() == 4 ? "\u{8}\u{8}\u{1B}[K\n" : "\n", to: .output)
            return .end
        }
        defer { free(raw) }
        return .line(String(decoding: Data(bytes: raw, count: strlen(raw)), as: UTF8.self))
    }

    private enum LineResult { case ok, failed(ExitStatus), quit }

    private func handle(_ line: String, allowPager: Bool, ask: (Question) -> Session.Answer) -> LineResult {
        do {
            guard let outcome = try CommandParser.parse(line: line) else { return .ok }
            switch outcome {
            case .run(let command):
                if command is QuitCommand { return .quit }
                let status = session.run(command, allowPager: allowPager, ask: ask)
                if session.leaving { return .quit }
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
}

/// REPL history in `$XDG_STATE_HOME/backend-tutor/history`, readable by its owner only, never
/// written through a symbolic link, and appended to (two tutors open at once both keep theirs).
final class History {
    let directory: URL
    var file: URL { directory.appendingPathComponent("history") }
    /// The line added last, so a line typed twice in a row is kept once.
    private var last: String?

    init(directory: URL) { self.directory = directory }

    /// Why history is not kept, when it cannot be: said once at the start.
    var problem: String? {
        PrivateFiles.isSymbolicLink(file.path) ? "\(file.path) is a symbolic link; history is not saved (backend-tutor never writes through a link)" : nil
    }

    func load() {
        stifle_history(1_000)
        if problem == nil, FileManager.default.fileExists(atPath: file.path) {
            read_history(file.path)
            last = tutor_last_history_line().map { String(cString: $0) }
        }
    }

    func add(_ line: String) {
        guard line != last else { return }
        last = line
        add_history(line)
        guard problem == nil else { return }
        do {
            try PrivateFiles.createDirectory(directory)
            try PrivateFiles.createFile(file.path)
            try append(line)
            history_truncate_file(file.path, 1_000)
        } catch {
            // History is a convenience: a read-only state directory must not stop the lesson.
        }
    }

    /// Appends one line in libedit's file format (its first line a marker, then a line per
    /// entry with spaces, tabs and backslashes escaped), in one write, so two tutors appending
    /// at once both keep their lines. libedit's own append_history(1) writes the last two.
    private func append(_ line: String) throws {
        // Control characters have no use in a recalled line and no safe encoding here.
        guard !line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return }
        var encoded = ""
        for character in line.unicodeScalars {
            switch character {
            case " ": encoded += "\\040"
            case "\\": encoded += "\\\\"
            default: encoded.unicodeScalars.append(character)
            }
        }
        let descriptor = open(file.path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var status = stat()
        let header = fstat(descriptor, &status) == 0 && status.st_size == 0 ? "_HiStOrY_V2_\n" : ""
        var bytes = Array((header + encoded + "\n").utf8)
        _ = write(descriptor, &bytes, bytes.count)
    }
}
