import Foundation
import TutorKit
#if canImport(Glibc)
import Glibc
#endif

// `--version` alone needs nothing else: printing it before the command tree is built (whose
// parser inspects every command) takes it from 20 to 6 million instructions (docs/BENCHMARKS.md).
if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "--version" {
    print(TutorVersion.current)
    exit(0)
}

let environment = TutorEnvironment.current()
let unicode = Terminal.useLocale(environment)
// A reader that goes away (a pager quit early, `| head`) must not kill the tutor mid-write, and
// a file-size limit reached must fail the write (which is rolled back), not kill the process.
signal(SIGPIPE, SIG_IGN)
signal(SIGXFSZ, SIG_IGN)

let terminal = Terminal(environment: environment, unicode: unicode)
let arguments = Array(CommandLine.arguments.dropFirst())

do {
    switch try CommandParser.parse(arguments: arguments) {
    case .exit(let message, let status):
        Terminal.write(message.hasSuffix("\n") ? message : message + "\n", to: status == .success ? .output : .error)
        exit(status.rawValue)
    case .run(let command):
        let session = Session(environment: environment, terminal: terminal, mode: .shell, settings: command.global.settings)
        // A one-shot quiz or review asks on standard input, a line per answer.
        let status = session.run(command, allowPager: true) { question in
            if terminal.stdinIsTerminal { Terminal.write(terminal.shown(question.label + "› "), to: .output) }
            return readLine(strippingNewline: true).map { .line($0) } ?? .end
        }
        session.finish()
        exit(status.rawValue)
    case .startREPL(let settings):
        let session = Session(environment: environment, terminal: terminal, mode: .repl, settings: settings)
        do {
            try session.open()
        } catch {
            session.fail(error)
            exit(ErrorReport.status(of: error).rawValue)
        }
        let status = REPL(session: session).run()
        session.finish()
        exit(status.rawValue)
    }
} catch {
    terminal.error(error.message(in: .shell), settings: GlobalSettings(noColor: arguments.contains("--no-color")))
    exit(ErrorReport.status(of: error).rawValue)
}
