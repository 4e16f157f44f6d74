import Foundation
import TutorKit
#if canImport(Glibc)
import Glibc
#endif

setlocale(LC_ALL, "")
// A reader that goes away (a pager quit early, `| head`) must not kill the tutor mid-write.
signal(SIGPIPE, SIG_IGN)

let environment = TutorEnvironment.current()
let terminal = Terminal(environment: environment)
let arguments = Array(CommandLine.arguments.dropFirst())

do {
    switch try CommandParser.parse(arguments: arguments) {
    case .exit(let message, let status):
        Terminal.write(message.hasSuffix("\n") ? message : message + "\n", to: status == 0 ? .output : .error)
        exit(status)
    case .run(let invocation):
        let session = try Session(environment: environment, terminal: terminal, settings: invocation.settings, mode: .shell,
                                  needs: Session.ContentNeed(invocation.command), progress: Session.ProgressNeed(invocation.command))
        // A one-shot quiz or review asks on standard input, a line per answer.
        exit(session.runAsking(invocation, allowPager: true) { _ in
            if terminal.stdinIsTerminal { Terminal.write("answer› ", to: .output) }
            return readLine(strippingNewline: true)
        })
    case .startREPL(let settings):
        let session = try Session(environment: environment, terminal: terminal, settings: settings, mode: .repl, needs: .all, progress: .required)
        exit(REPL(session: session).run())
    }
} catch {
    terminal.error(error.message(in: .shell), settings: GlobalSettings(noColor: arguments.contains("--no-color")))
    exit(error.exitCode)
}
