import Foundation
import Testing

/// The interactive tutor in a real pseudo-terminal: what a learner at a terminal meets.
@Suite("the REPL in a real terminal", .serialized)
struct TerminalTests {
    let runner: BinaryRunner

    init() throws { runner = try BinaryRunner() }

    /// A terminal whose tutor has already chosen a stack and a start, so it opens at its prompt.
    func started(_ arguments: [String] = [], columns: Int = 80, rows: Int = 24, environment: [String: String] = [:]) throws -> PseudoTerminal {
        let setup = try runner.run(["learn", "backend", "--stack", "python", "--from", "beginner"])
        #expect(setup.status == 0, "\(setup.stderr)")
        return try PseudoTerminal(runner, arguments: arguments, columns: columns, rows: rows, environment: environment)
    }

    @Test("it starts, answers and quits in every locale, falling back to ASCII where UTF-8 cannot be shown",
          arguments: ["C.UTF-8", "C", "POSIX", "xx_YY.UTF-8", "de_DE.ISO-8859-1"])
    func locales(locale: String) throws {
        let terminal = try started(environment: ["LANG": locale, "LC_ALL": "", "LC_CTYPE": "", "PAGER": "cat"])
        try terminal.wait(for: "tutor")
        let offset = terminal.plain.count
        terminal.type("/progress\r")
        let progress = try terminal.wait(for: "Your progress", after: offset)
        terminal.type("/quit\r")
        let exit = try #require(terminal.exitStatus())
        #expect(exit.status == 0 && !exit.signalled, "\(locale): \(terminal.plain.suffix(600))")
        if locale.hasSuffix("UTF-8") {
            #expect(terminal.text.contains("tutor›"))
        } else {
            #expect(!terminal.output.contains { $0 >= 0x80 }, "\(locale) cannot show UTF-8: every byte is ASCII")
            #expect(terminal.text.contains("tutor>"))
            #expect(progress.contains("####") || progress.contains("...."), "bars are drawn in ASCII")
        }
    }

    @Test("history is never written through a symbolic link")
    func historySymlink() throws {
        let state = runner.home.appendingPathComponent(".local/state/backend-tutor")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let target = runner.home.appendingPathComponent("precious.txt")
        try "keep me\n".write(to: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: state.appendingPathComponent("history"), withDestinationURL: target)
        let terminal = try started(environment: ["PAGER": "cat"])
        try terminal.wait(for: "history is not saved")
        terminal.type("/stack\r")
        try terminal.wait(for: "Your stack is python")
        terminal.type("/quit\r")
        #expect(terminal.exitStatus()?.status == 0)
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep me\n")
    }
}
