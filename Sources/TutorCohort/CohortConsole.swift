import Foundation
import TutorKit
#if canImport(Glibc)
import Glibc
#endif

/// How `backend-tutor-cohort` writes: results as the tutor's other commands show them (colour
/// only on a terminal, and never with NO_COLOR or --no-color), JSON with `--json`, CSV with
/// `--csv`, errors on standard error.
public struct CohortConsole: Sendable {
    public var environment: TutorEnvironment

    public init(environment: TutorEnvironment) { self.environment = environment }

    /// Shows a result; returns its exit status.
    public func show(_ result: any CommandResult & TextView, command: CohortCommand) -> ExitStatus {
        if command.csv, let report = result as? CohortReport {
            write(report.csv, to: STDOUT_FILENO)
            return .success
        }
        do {
            switch try Presenter.present(Reply(result: result, json: command.asJSON), in: ViewContext(mode: .shell)) {
            case .json(let text): write(text, to: STDOUT_FILENO)
            case .text(let output):
                guard !output.blocks.isEmpty else { return result.status }
                let color = isatty(STDOUT_FILENO) == 1 && environment.allowsColor && !command.global.noColor
                write(TerminalRenderer(options: RenderOptions(width: width, color: color, ascii: !unicode)).render(output), to: STDOUT_FILENO)
            }
            return result.status
        } catch {
            fail(error, command: command)
            return ErrorReport.status(of: error)
        }
    }

    /// An error on standard error, as the tutor writes them.
    public func fail(_ error: any Error, command: CohortCommand?) {
        let color = isatty(STDERR_FILENO) == 1 && environment.allowsColor && !(command?.global.noColor ?? false)
        let prefix = color ? Style(bold: true, color: .red).apply(to: unicode ? "✗" : "x", color: true) + " " : "error: "
        write(prefix + Sanitizer.clean(ErrorReport.message(of: error, in: .shell)) + "\n", to: STDERR_FILENO)
    }

    var width: Int {
        if let columns = environment.value("COLUMNS").flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// Whether the locale writes UTF-8.
    var unicode: Bool {
        setlocale(LC_CTYPE, "")
        return String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
    }

    func write(_ text: String, to descriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
