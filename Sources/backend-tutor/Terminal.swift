import Foundation
import TutorKit
#if canImport(Glibc)
import Glibc
#endif

/// The real terminal: sizes, colour decisions, and writing with or without a pager.
struct Terminal {
    let environment: TutorEnvironment
    /// Whether the locale can show UTF-8; when not, everything written is ASCII.
    let unicode: Bool

    /// Takes the locale the environment names, as libedit and the pager need. A UTF-8 locale
    /// that is not installed falls back to C.UTF-8. Returns whether text can be UTF-8.
    static func useLocale(_ environment: TutorEnvironment) -> Bool {
        if setlocale(LC_ALL, "") == nil {
            let requested = (environment.value("LC_ALL") ?? environment.value("LC_CTYPE") ?? environment.value("LANG") ?? "").lowercased()
            if requested.contains("utf-8") || requested.contains("utf8") { setlocale(LC_CTYPE, "C.UTF-8") }
        }
        return String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8"
    }

    var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// `COLUMNS`, then the terminal's width, else 80.
    var width: Int {
        if let columns = environment.value("COLUMNS").flatMap(Int.init), columns > 0 { return columns }
        if let size = windowSize, size.columns > 0 { return size.columns }
        return 80
    }

    var rows: Int {
        if let lines = environment.value("LINES").flatMap(Int.init), lines > 0 { return lines }
        return windowSize?.rows ?? 24
    }

    private var windowSize: (columns: Int, rows: Int)? {
        var size = winsize()
        for fd in [STDOUT_FILENO, STDERR_FILENO, STDIN_FILENO] where ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        return nil
    }

    func renderOptions(_ settings: GlobalSettings) -> RenderOptions {
        RenderOptions(width: width, color: outputColor(settings), ascii: !unicode)
    }

    /// Text as this terminal can show it.
    func shown(_ text: String) -> String { unicode ? text : ASCIIText.fold(text) }

    func outputColor(_ settings: GlobalSettings) -> Bool {
        stdoutIsTerminal && environment.allowsColor && !settings.noColor
    }

    func errorColor(_ settings: GlobalSettings) -> Bool {
        isatty(STDERR_FILENO) == 1 && environment.allowsColor && !settings.noColor
    }

    /// Writes text to standard output, through the pager when it is longer than the screen and
    /// standard output is a terminal.
    func show(_ text: String, settings: GlobalSettings, allowPager: Bool = true) {
        // Lines are counted only for a terminal, and as bytes: counting the Characters of a
        // skill's 41 KB took 8.5 million instructions, with --no-pager and into pipes too.
        if allowPager, !settings.noPager, stdoutIsTerminal, text.utf8.reduce(0, { $1 == 0x0A ? $0 + 1 : $0 }) >= rows - 1, page(text) { return }
        Self.write(text, to: .output)
    }

    /// less's options when `LESS` is unset, as git sets them: quit when the text fits, keep
    /// colour codes, leave the text on the screen afterwards; and a prompt that says how to get
    /// back to the tutor (less's own `:` looks like a place to type the next command).
    static let lessOptions = #"FRX -Psq\: back to the tutor, space\: next page, /\: search$"#

    private func page(_ text: String) -> Bool {
        let pager = environment.value("PAGER") ?? "less"
        guard pager != "cat" else { return false }
        if environment.value("LESS") == nil { setenv("LESS", Self.lessOptions, 1) }
        if environment.value("LV") == nil { setenv("LV", "-c", 1) }
        guard let pipe = popen(pager, "w") else { return false }
        Self.write(text, toPipe: pipe)
        let status = pclose(pipe)
        // 127: the shell could not find the pager; show the text directly instead.
        if status != -1, (status >> 8) & 0xFF == 127 { return false }
        return true
    }

    enum Stream {
        case output, error
        var descriptor: Int32 { self == .output ? STDOUT_FILENO : STDERR_FILENO }
    }

    /// Writes all of `text` to a standard stream, retrying short and interrupted writes.
    static func write(_ text: String, to stream: Stream) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(stream.descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    private static func write(_ text: String, toPipe pipe: UnsafeMutablePointer<FILE>) {
        var text = text
        text.withUTF8 { buffer in
            _ = fwrite(buffer.baseAddress, 1, buffer.count, pipe)
        }
        fflush(pipe)
    }

    /// An error on standard error. Anything in it that came from outside the program (a file
    /// name, a line typed) is made safe to print.
    func error(_ message: String, settings: GlobalSettings) {
        let color = errorColor(settings)
        report(message, prefix: color ? Style(bold: true, color: .red).apply(to: shown("✗"), color: true) + " " : "error: ", plainWidth: color ? 2 : 7)
    }

    func warning(_ message: String, settings: GlobalSettings) {
        let color = errorColor(settings)
        report(message, prefix: color ? Style(bold: true, color: .yellow).apply(to: "!", color: true) + " " : "warning: ", plainWidth: color ? 2 : 9)
    }

    /// A message on standard error; wrapped at words, under its prefix, when that is a terminal.
    private func report(_ message: String, prefix: String, plainWidth: Int) {
        let text = shown(Sanitizer.clean(message))
        guard isatty(STDERR_FILENO) == 1 else {
            Self.write(prefix + text + "\n", to: .error)
            return
        }
        let lines = TerminalRenderer.wrap(text, width: max(width - plainWidth, 20))
        let indent = String(repeating: " ", count: plainWidth)
        Self.write(lines.enumerated().map { ($0.offset == 0 ? prefix : indent) + $0.element }.joined(separator: "\n") + "\n", to: .error)
    }
}
